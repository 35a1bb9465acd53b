"""Reminders the work part sends (`accord reminders`, every hour), each in the recipient's own
language, by email through the task queue (`core.notify`):

- an activity past its due date and still open (approved or in progress) goes to its responsible
  person and the owner organisation's people, once per due date (a new due date is reminded
  again when it passes);
- a deadline coming within DEADLINE_DAYS goes to the same people, once per due date;
- the weekly digest goes to each person of an alliance on the alliance's digest day (its work
  settings, in its time zone), at most once a week, and never empty: their activities overdue or
  due soon, their organisation's open activities, and the week's comments on them and approvals.

Days are each alliance's own (`Alliance.today`), never the server's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse

from accord.core.models import Alliance
from accord.core.notify import absolute, notify
from accord.membership.models import Seat
from accord.work.models import Activity, ActivityComment, ActivityStatus, DigestSent, WorkSettings

DEADLINE_DAYS = 7
OPEN = (ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS)
# What one digest lists at most in each part (the rest is counted and linked).
DIGEST_ROWS = 15


def run(now: dt.datetime) -> int:
    """Send the due reminders and digests; returns how many messages went."""
    return _activity_reminders(now) + _digests(now)


def _activity_url(activity: Activity) -> str:
    return absolute(
        reverse("work:activity", kwargs={"alliance_slug": activity.alliance.slug, "activity_id": activity.pk})
    )


def _current_seats(alliance: Alliance, today: dt.date) -> Any:
    return Seat.objects.filter(alliance=alliance).filter(Q(left_on__isnull=True) | Q(left_on__gte=today))


def _owners_people(activity: Activity, today: dt.date) -> list[Any]:
    """The responsible person first, then the owner organisation's other people, each once."""
    seats: list[Seat] = []
    if activity.responsible is not None and activity.responsible.left_on is None:
        seats.append(activity.responsible)
    if activity.owner_id is not None:
        seats += list(
            _current_seats(activity.alliance, today)
            .filter(organisation_id=activity.owner_id)
            .select_related("user")
            .order_by("pk")
        )
    people: dict[int, Any] = {}
    for seat in seats:
        if seat.user.is_active:
            people.setdefault(seat.user.pk, seat.user)
    return list(people.values())


def _activity_reminders(now: dt.datetime) -> int:
    """Overdue activities and coming deadlines, once per due date each."""
    sent = 0
    # Every alliance's day is within a day of the server's: narrow in the database, then let each
    # alliance's today decide.
    server_day = now.astimezone(dt.UTC).date()

    def not_yet(name: str) -> Q:
        return Q(**{f"{name}__isnull": True}) | ~Q(**{name: F("due_on")})

    overdue = Q(due_on__lte=server_day + dt.timedelta(days=1)) & not_yet("overdue_reminded_for")
    coming = Q(
        due_on__gte=server_day - dt.timedelta(days=1), due_on__lte=server_day + dt.timedelta(days=DEADLINE_DAYS + 1)
    ) & not_yet("deadline_reminded_for")
    candidates = (
        Activity.objects.filter(status__in=OPEN, due_on__isnull=False, owner__isnull=False)
        .filter(overdue | coming)
        .select_related("alliance", "owner", "responsible__user")
        .order_by("due_on", "pk")
    )
    for activity in candidates:
        today = activity.alliance.today(now)
        due = activity.due_on
        assert due is not None
        if due < today:
            sent += _remind(activity, now, today, field="overdue_reminded_for", template="work/email/overdue")
        elif (due - today).days <= DEADLINE_DAYS:
            sent += _remind(activity, now, today, field="deadline_reminded_for", template="work/email/deadline")
    return sent


def _remind(activity: Activity, now: dt.datetime, today: dt.date, *, field: str, template: str) -> int:
    """Claim the reminder for this due date with a conditional UPDATE (two runs at once send it
    once), then send it. The claim is bookkeeping: it neither raises the activity's version nor
    writes a history row, so nobody's open edit form is refused because a reminder went."""
    due = activity.due_on
    with transaction.atomic():
        claimed = (
            Activity.objects.filter(pk=activity.pk, status__in=OPEN, due_on=due)
            .filter(Q(**{f"{field}__isnull": True}) | ~Q(**{field: due}))
            .update(**{field: due})
        )
        if not claimed:
            return 0
        setattr(activity, field, due)
        assert due is not None
        notices = notify(
            alliance=activity.alliance,
            kind="work.overdue" if field == "overdue_reminded_for" else "work.deadline",
            template=template,
            context={"activity": activity, "days": abs((due - today).days)},
            recipients=_owners_people(activity, today),
            url=_activity_url(activity),
        )
    return len(notices)


# --- the weekly digest --------------------------------------------------------------------------


@dataclass
class Digest:
    """What one person's weekly digest lists. Empty digests are not sent."""

    overdue: list[Activity] = field(default_factory=list)
    due_soon: list[Activity] = field(default_factory=list)
    organisation: list[Activity] = field(default_factory=list)
    organisation_more: int = 0
    comments: list[ActivityComment] = field(default_factory=list)
    approved: list[Activity] = field(default_factory=list)
    week_starts_on: dt.date | None = None  # the Monday of the digest's week, in the alliance's zone

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.organisation or self.comments or self.approved)


def digest_for(seat: Seat, *, now: dt.datetime, today: dt.date) -> Digest:
    """The week as one person of one alliance sees it: their activities (they are responsible)
    overdue or due within DEADLINE_DAYS, their organisation's other open activities, the comments
    of the last seven days on activities they are responsible for, their organisation owns or
    they proposed (not their own comments), and the activities approved in the alliance this week."""
    alliance = seat.alliance
    week_ago = now - dt.timedelta(days=7)
    open_ = Activity.objects.filter(alliance=alliance, status__in=OPEN).select_related("owner", "working_group")
    digest = Digest()
    for activity in open_.filter(responsible=seat, due_on__isnull=False, due_on__lte=today + dt.timedelta(days=7)):
        assert activity.due_on is not None
        (digest.overdue if activity.due_on < today else digest.due_soon).append(activity)
    if seat.organisation_id is not None:
        theirs = open_.filter(owner_id=seat.organisation_id).exclude(responsible=seat)
        digest.organisation = list(theirs[:DIGEST_ROWS])
        if len(digest.organisation) == DIGEST_ROWS:
            digest.organisation_more = theirs.count() - DIGEST_ROWS
    concerned = Q(activity__responsible=seat) | Q(activity__created_by_id=seat.user_id)
    if seat.organisation_id is not None:
        concerned |= Q(activity__owner_id=seat.organisation_id)
    digest.comments = list(
        ActivityComment.objects.filter(alliance=alliance, created_at__gte=week_ago, created_at__lte=now)
        .filter(concerned)
        .exclude(author_id=seat.user_id)
        .select_related("activity", "author")
        .order_by("-created_at", "-pk")[:DIGEST_ROWS]
    )
    digest.approved = list(
        Activity.objects.filter(alliance=alliance, approved_at__gte=week_ago, approved_at__lte=now)
        .select_related("owner")
        .order_by("-approved_at", "pk")[:DIGEST_ROWS]
    )
    return digest


def _digest_alliances(now: dt.datetime) -> Iterable[tuple[Alliance, dt.date, dt.date]]:
    """Alliances whose digest day it is now, with their today and the Monday of the week."""
    settings_by_alliance = {s.alliance_id: s.digest_weekday for s in WorkSettings.objects.all()}
    # A closed alliance sends no digest; a forming or dormant one still has work to follow.
    for alliance in Alliance.objects.exclude(status=Alliance.Status.CLOSED).order_by("pk"):
        today = alliance.today(now)
        if today.weekday() != settings_by_alliance.get(alliance.pk, WorkSettings().digest_weekday):
            continue
        yield alliance, today, today - dt.timedelta(days=today.weekday())


def _digests(now: dt.datetime) -> int:
    sent = 0
    for alliance, today, week_of in _digest_alliances(now):
        done = set(DigestSent.objects.filter(alliance=alliance, week_of=week_of).values_list("seat_id", flat=True))
        seats = _current_seats(alliance, today).exclude(pk__in=done).select_related("user", "organisation", "alliance")
        board = absolute(reverse("work:board", kwargs={"alliance_slug": alliance.slug}))
        for seat in seats.order_by("pk"):
            if not seat.user.is_active:
                continue
            digest = digest_for(seat, now=now, today=today)
            if digest.empty:
                continue
            digest.week_starts_on = week_of
            try:
                with transaction.atomic():
                    DigestSent.objects.create(alliance=alliance, seat=seat, week_of=week_of, sent_at=now)
                    sent += len(
                        notify(
                            alliance=alliance,
                            kind="work.digest",
                            template="work/email/digest",
                            context={"digest": digest, "seat": seat, "today": today},
                            recipients=[seat.user],
                            url=board,
                        )
                    )
            except IntegrityError:
                continue  # another run sent this week's digest meanwhile
    return sent
