"""`accord reminders`: due reminders are sent once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from accord.core.models import Notice
from accord.membership.models import Seat
from accord.membership.services_roles import secretariat_term_add
from tests.conftest import World


def test_the_secretariat_hand_over_reminder_goes_out_once_in_the_window(world: World) -> None:
    today = timezone.localdate()
    days = world.a.secretariat_reminder_days
    bob = Seat.objects.get(alliance=world.a, user=world.bob)
    term = secretariat_term_add(alliance=world.a, seat=bob, starts_on=today + dt.timedelta(days=days + 5))
    out = StringIO()
    call_command("reminders", stdout=out)
    assert not Notice.objects.filter(kind="secretariat_handover").exists()
    later = timezone.now() + dt.timedelta(days=6)
    call_command("reminders", "--now", later.isoformat(), stdout=out)
    call_command("reminders", "--now", later.isoformat(), stdout=out)
    sent = Notice.objects.filter(kind="secretariat_handover")
    # The incoming (bob) and outgoing (sam) secretariat, once each.
    assert sorted(n.recipient.email for n in sent) == ["bob@a.test", "sam@a.test"]  # type: ignore[union-attr]
    term.refresh_from_db()
    assert term.reminder_sent_at is not None
    assert "membership.reminders: 2" in out.getvalue()
