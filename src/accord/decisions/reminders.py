"""Periodic work for decisions, run by `accord reminders` (a timer calls it every few minutes).

- Before a proposal closes (REMINDER_BEFORE ahead), the member organisations that have not voted
  are reminded once; the reminder says how many organisations voted, never how.
- A proposal past its closing time is closed and its outcome recorded.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Max

from accord.core.models import Notice
from accord.decisions import services
from accord.decisions.models import Proposal

REMINDER_BEFORE = dt.timedelta(hours=24)


def run(now: dt.datetime) -> int:
    """Close proposals past their closing time (their outcome is sent to the members) and send due
    reminders. Returns the number of messages sent."""
    before = Notice.objects.aggregate(m=Max("pk"))["m"] or 0
    due_to_close = Proposal.objects.filter(status=Proposal.Status.OPEN, closes_at__lte=now).select_related("alliance")
    for proposal in due_to_close:
        try:
            services.proposal_close(proposal=proposal, now=now)
        except ValidationError:  # closed by someone else meanwhile
            continue
    due_to_remind = Proposal.objects.filter(
        status=Proposal.Status.OPEN,
        reminder_sent_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE,
    ).select_related("alliance")
    for proposal in due_to_remind:
        services.proposal_remind(proposal=proposal, now=now)
    return Notice.objects.filter(kind__startswith="decisions.", pk__gt=before).count()
