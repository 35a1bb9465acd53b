"""Reminders the membership part sends (`accord reminders`): the secretariat's hand-over, and
invitations about to expire unanswered."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from accord.core.models import Role
from accord.core.notify import absolute, notify
from accord.membership.models import Invitation, SeatRole

# Tell whoever invited an organisation this many days before the link expires unanswered.
INVITATION_WARNING_DAYS = 3


def run(now: dt.datetime) -> int:
    return _handovers(now) + _expiring_invitations(now)


def _members_url(slug: str) -> str:
    return absolute(reverse("membership:members", kwargs={"alliance_slug": slug}) + "#secretariat")


def _handovers(now: dt.datetime) -> int:
    """N days before a secretariat turn begins (the alliance's setting), the incoming and the
    outgoing secretariat are reminded, once. Days are counted on each alliance's calendar."""
    sent = 0
    # Every alliance's day is within one day of the server's: narrow in the database, then let
    # each alliance's today decide.
    due = (
        SeatRole.objects.filter(
            role=Role.SECRETARIAT, reminder_sent_at__isnull=True, starts_on__gte=now.astimezone(dt.UTC).date()
        )
        .select_related("alliance", "seat__user")
        .order_by("starts_on")
    )
    for term in due:
        alliance = term.alliance
        today = alliance.today(now)
        if term.starts_on <= today or (term.starts_on - today).days > alliance.secretariat_reminder_days:
            continue
        with transaction.atomic():
            locked = SeatRole.objects.select_for_update().filter(pk=term.pk, reminder_sent_at__isnull=True).first()
            if locked is None:
                continue
            outgoing = [
                r.seat.user
                for r in SeatRole.objects.current(term.starts_on - dt.timedelta(days=1))
                .filter(alliance=alliance, role=Role.SECRETARIAT)
                .exclude(seat=term.seat)
                .select_related("seat__user")
            ]
            url = _members_url(alliance.slug)
            notices = notify(
                alliance=alliance,
                kind="secretariat_handover",
                template="membership/email/handover",
                context={"term": term, "outgoing": False},
                recipients=[term.seat.user],
                url=url,
            )
            notices += notify(
                alliance=alliance,
                kind="secretariat_handover",
                template="membership/email/handover",
                context={"term": term, "outgoing": True},
                recipients=outgoing,
                url=url,
            )
            locked.reminder_sent_at = now
            locked.save(update_fields=["reminder_sent_at"])
            sent += len(notices)
    return sent


def _expiring_invitations(now: dt.datetime) -> int:
    """Whoever sent an invitation hears, once, that it expires within a few days unanswered (the
    invitee's link cannot be re-sent from here: only its digest is kept)."""
    from accord.core.models import Notice

    sent = 0
    open_soon = Invitation.objects.filter(
        revoked_at__isnull=True,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + dt.timedelta(days=INVITATION_WARNING_DAYS),
        invited_by__isnull=False,
    ).select_related("alliance", "membership__stakeholder", "invited_by")
    for invitation in open_soon:
        # One warning per sending: the key names the invitation and when it was last sent.
        key = f"#invitation-{invitation.pk}-{invitation.send_count}"
        url = absolute(reverse("membership:members", kwargs={"alliance_slug": invitation.alliance.slug})) + key
        if Notice.objects.filter(alliance=invitation.alliance, kind="invitation_expiring", url=url).exists():
            continue
        with transaction.atomic():
            sent += len(
                notify(
                    alliance=invitation.alliance,
                    kind="invitation_expiring",
                    template="membership/email/expiring",
                    context={"invitation": invitation},
                    recipients=[invitation.invited_by],
                    url=url,
                )
            )
    return sent
