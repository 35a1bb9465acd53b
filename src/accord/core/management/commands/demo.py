from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accord.core import demo


class Command(BaseCommand):
    help = (
        "Load the three demo alliances (Georgia, Zambia, Peru) and their demo logins. "
        "With --reset, delete them and their demo accounts first; other alliances are not touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo alliances and demo accounts, then load them again."
        )

    def handle(self, *args: Any, reset: bool, **options: Any) -> None:
        with transaction.atomic():
            if demo.is_loaded():
                if not reset:
                    self.stdout.write("The demo alliances are already loaded. Use --reset to load them afresh.")
                    return
                demo.unload()
            demo.load()
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS("Loaded the demo alliances: " + ", ".join(demo.DEMO_ALLIANCES.values()))
            )
            demo.print_logins(self.stdout)
