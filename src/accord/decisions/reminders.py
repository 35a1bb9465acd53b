"""Periodic work for decisions, run by `accord reminders` (every hour, from cron or a systemd
timer: see README and docs/deployment.md).

- Before a proposal closes (REMINDER_BEFORE ahead), the member organisations that have not voted
  are reminded once; the reminder says how many organisations voted, never how. An hourly run
  sends it between 23 and 24 hours before closing.
- A proposal past its closing time is closed and its outcome recorded, if nobody has read it
  since (reading it closes it at once: services.proposal_close_if_due). So the outcome is never
  later than an hour, and the page never shows a proposal open after its closing time.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from accord.core.models import Notice
from accord.decisions import services
from accord.decisions.models import Proposal

REMINDER_BEFORE = dt.timedelta(hours=24)


def run(now: dt.datetime) -> int:
    """Close proposals past their closing time (their outcome is sent to the members) and send due
    reminders. Returns the number of messages sent."""
    before = Notice.objects.aggregate(m=Max("pk"))["m"] or 0
    services.proposals_close_due(now=now)
    due_to_remind = Proposal.objects.filter(
        status=Proposal.Status.OPEN,
        reminder_sent_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE,
    ).select_related("alliance")
    for proposal in due_to_remind:
        services.proposal_remind(proposal=proposal, now=now)
    return Notice.objects.filter(kind__startswith="decisions.", pk__gt=before).count()
