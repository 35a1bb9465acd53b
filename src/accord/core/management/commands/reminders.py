"""`accord reminders`: send the reminders that are due (run it from cron or a systemd timer).

Each app may have a `reminders.py` with `run(now: datetime) -> int` (the number of messages it
sent). Every run is safe to repeat: each reminder is marked once sent and never sent twice."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import autodiscover_modules


def reminder_modules() -> list[Any]:
    from django.apps import apps

    autodiscover_modules("reminders")
    found = []
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.reminders")
        if module is not None and callable(getattr(module, "run", None)):
            found.append(module)
    return found


class Command(BaseCommand):
    help = "Send the reminders that are due: secretariat hand-overs, invitations about to expire, closing proposals."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601), for testing.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("now"):
            parsed = parse_datetime(options["now"])
            if parsed is None:
                raise CommandError("--now must be an ISO 8601 date and time.")
            now = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)
        total = 0
        for module in reminder_modules():
            sent = int(module.run(now))
            total += sent
            self.stdout.write(f"{module.__name__}: {sent}")
        self.stdout.write(f"{total} reminder(s) sent.")
