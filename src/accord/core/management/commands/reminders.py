"""`accord reminders`: send the reminders that are due (run it from cron or a systemd timer).

Each capability declares its senders (`reminders=("accord.membership.reminders.run",)`), each
`run(now: datetime) -> int` returning the number of messages it sent. Every run is safe to repeat: each reminder is marked once sent and never sent twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def reminder_senders() -> list[Any]:
    from accord.core import capabilities

    return capabilities.reminder_senders()


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
        for send in reminder_senders():
            sent = int(send(now))
            total += sent
            self.stdout.write(f"{send.__module__}: {sent}")
        self.stdout.write(f"{total} reminder sent." if total == 1 else f"{total} reminders sent.")
