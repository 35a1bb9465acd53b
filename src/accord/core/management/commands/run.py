from __future__ import annotations

import re
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandParser
from django.core.management.commands.runserver import naiveip_re

from accord.core import notify
from accord.core.models import Alliance

RULE = "=" * 72


def served_origin(addrport: str) -> str:
    """The address a browser on this machine opens for `addrport` ("8001", "0.0.0.0:8000",
    "[::1]:8000", "example.test:80")."""
    match = re.match(naiveip_re, addrport)
    if match is None:
        return "http://127.0.0.1:8000"
    addr, port = match["addr"], match["port"]
    if not addr or addr in ("0", "0.0.0.0"):  # noqa: S104 (naming it, not binding it)
        addr = "127.0.0.1"
    elif addr == "[::]":
        addr = "[::1]"
    return f"http://{addr}:{port}"


def _stream(wrapper: Any) -> IO[str]:
    # The stream under a command's OutputWrapper, so the server's output is not wrapped twice.
    return getattr(wrapper, "_out", wrapper)


class Command(BaseCommand):
    help = "Prepare the database (migrate, cache table, demo alliances on first run) and serve Accord."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo alliances.")
        parser.add_argument("--prepare-only", action="store_true", help="Prepare, print the logins, do not serve.")

    def handle(self, *args: Any, addrport: str, no_demo: bool, prepare_only: bool, **options: Any) -> None:
        from pathlib import Path

        origin = served_origin(addrport)
        if not settings.ACCORD_BASE_URL:
            # Links in the notices the demo leaves, and in any email sent outside a request.
            notify.serve_at(origin)
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if not no_demo and not Alliance.objects.exists():
            self.stdout.write("Loading the demo alliances (first run)…")
            call_command("demo", verbosity=0)
        if prepare_only:
            self.welcome(origin)
            return
        call_command(self.server(origin), addrport, use_reloader=False)

    def welcome(self, origin: str) -> None:
        """The address and the demo logins, last and set apart from everything printed before."""
        from accord.core.demo import print_logins

        self.stdout.write("")
        self.stdout.write(RULE)
        self.stdout.write(self.style.SUCCESS(f"Accord is at {origin}/"))
        self.stdout.write("")
        print_logins(self.stdout)
        self.stdout.write(RULE)

    def server(self, origin: str) -> BaseCommand:
        """The runserver command of the installed apps (whitenoise's), printing the welcome once
        the server listens: after its own banner, so the logins are the last thing on screen."""
        runserver = type(load_command_class(get_commands()["runserver"], "runserver"))
        welcome = self.welcome

        class Serve(runserver):  # type: ignore[misc,valid-type]
            def on_bind(self, server_port: int) -> None:
                super().on_bind(server_port)
                welcome(origin)

        return Serve(stdout=_stream(self.stdout), stderr=_stream(self.stderr))
