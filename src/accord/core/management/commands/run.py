from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from accord.core.models import Alliance


class Command(BaseCommand):
    help = "Prepare the database (migrate, cache table, demo alliances on first run) and serve Accord."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo alliances.")
        parser.add_argument("--prepare-only", action="store_true", help="Prepare, print the logins, do not serve.")

    def handle(self, *args: Any, addrport: str, no_demo: bool, prepare_only: bool, **options: Any) -> None:
        from pathlib import Path

        from django.conf import settings

        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if not no_demo and not Alliance.objects.exists():
            self.stdout.write("Loading the demo alliances (first run)…")
            call_command("demo", verbosity=0)
        from accord.core.demo import print_logins

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Accord is at http://{addrport}/"))
        print_logins(self.stdout)
        if prepare_only:
            return
        call_command("runserver", addrport, use_reloader=False)
