"""The `accord` command: every manage.py command, plus run, demo and createalliance."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "accord"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
