"""Reads for the alliance's work: the board and its filters, the timeline's rows, working groups,
and the one roll-up rule for progress.

Every read here does its own select_related and counts in SQL, so a page costs the same number of
queries with three activities or six thousand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.models import Alliance, Role
from accord.membership.models import Seat, SeatRole
from accord.work.models import Activity, ActivityStatus, GroupMember, WorkingGroup

BOARD_PAGE = 50
TIMELINE_MAX = 60
OPEN = (ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS)
COUNTED = (ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS, ActivityStatus.DONE)
ROLLUP_RULE = gettext_lazy(
    "Progress is the plain average of the progress of approved, in-progress and done activities "
    "(a done activity counts as 100 %); proposed and dropped activities are left out. It is never above 100 %."
)


def with_people(rows: QuerySet[Activity]) -> QuerySet[Activity]:
    """Activities with what a row shows joined in: owner, responsible person, group."""
    return rows.select_related("owner", "responsible__user", "working_group")


# --- One roll-up rule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rollup:
    percent: int | None  # None when no activity counts yet
    counted: int
    done: int
    rule: str


def rollup(rows: QuerySet[Activity]) -> Rollup:
    """The one rule (ROLLUP_RULE), in one SQL aggregate: the plain average of progress over the
    approved, in-progress and done activities, a done one counting 100. Each progress is 0..100,
    so the average is too: never above 100 %."""
    counted = rows.filter(status__in=COUNTED)
    got = counted.aggregate(
        avg=Avg(
            Case(
                When(status=ActivityStatus.DONE, then=Value(100)),
                default="progress",
                output_field=IntegerField(),
            )
        ),
        counted=Count("pk"),
        done=Count("pk", filter=Q(status=ActivityStatus.DONE)),
    )
    avg = got["avg"]
    percent = None if avg is None else max(0, min(100, round(float(avg))))
    return Rollup(percent=percent, counted=got["counted"], done=got["done"], rule=str(ROLLUP_RULE))


def group_progress(group: WorkingGroup) -> Rollup:
    return rollup(Activity.objects.filter(alliance_id=group.alliance_id, working_group=group))


def alliance_progress(alliance: Alliance) -> Rollup:
    return rollup(Activity.objects.filter(alliance=alliance))


def overdue_q(today: dt.date) -> Q:
    return Q(status__in=OPEN, due_on__lt=today)


# --- The board ----------------------------------------------------------------------------------


@dataclass
class BoardFilters:
    mine: bool = False  # the responsible person is me
    organisation: bool = False  # the owner is my organisation
    created: bool = False  # I proposed it
    group: int | None = None
    status: str = ""
    overdue: bool = False
    page: str = "1"
    notes: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.mine or self.organisation or self.created or self.group or self.status or self.overdue)


def board_filters(data: Mapping[str, Any]) -> BoardFilters:
    """Filters read from the board's query string; a value Accord does not know is left out and
    said so."""
    f = BoardFilters()
    yes = {"1", "on", "true", "yes"}
    f.mine = str(data.get("mine", "")).lower() in yes
    f.organisation = str(data.get("organisation", "")).lower() in yes
    f.created = str(data.get("created", "")).lower() in yes
    f.overdue = str(data.get("overdue", "")).lower() in yes
    raw_group = str(data.get("group", "") or "")
    if raw_group:
        if raw_group.isdigit():
            f.group = int(raw_group)
        else:
            f.notes.append(_("“%(value)s” is not a working group: showing every group.") % {"value": raw_group[:20]})
    raw_status = str(data.get("status", "") or "")
    if raw_status:
        if raw_status in ActivityStatus.values:
            f.status = raw_status
        else:
            f.notes.append(_("“%(value)s” is not a status: showing every status.") % {"value": raw_status[:20]})
    raw_page = str(data.get("page", "") or "1")
    if not (raw_page.isdigit() and int(raw_page) >= 1):
        f.notes.append(_("“%(value)s” is not a page number: showing the first page.") % {"value": raw_page[:20]})
        raw_page = "1"
    f.page = raw_page
    return f


def board_rows(alliance: Alliance, *, user: Any, seat: Seat | None, filters: BoardFilters) -> QuerySet[Activity]:
    """The activities the filters select (not yet paged)."""
    rows = Activity.objects.filter(alliance=alliance)
    if filters.mine:
        rows = rows.filter(responsible_id=seat.pk) if seat else rows.none()
    if filters.organisation:
        org = seat.organisation_id if seat else None
        rows = rows.filter(owner_id=org) if org else rows.none()
    if filters.created:
        rows = rows.filter(created_by_id=user.pk) if getattr(user, "pk", None) else rows.none()
    if filters.group:
        rows = rows.filter(working_group_id=filters.group)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.overdue:
        rows = rows.filter(overdue_q(alliance.today()))
    return rows


@dataclass
class Board:
    page: Page[Activity]
    total: int
    overdue: int
    rollup: Rollup
    filters: BoardFilters


def board(alliance: Alliance, *, user: Any, seat: Seat | None, filters: BoardFilters) -> Board:
    """One page of the board (BOARD_PAGE activities) with owner, responsible person and group
    joined in, its totals and roll-up over every activity the filters select, in SQL:
    three queries however many activities there are (totals, roll-up, the page)."""
    rows = board_rows(alliance, user=user, seat=seat, filters=filters)
    today = alliance.today()
    totals = rows.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_q(today)))
    paginator: Paginator[Activity] = Paginator(with_people(rows), BOARD_PAGE)
    paginator.__dict__["count"] = totals["total"]  # Paginator.count is a cached property
    page = paginator.get_page(filters.page)
    if int(filters.page) > page.number:
        filters.notes.append(_("There is no page %(n)s: showing the last one.") % {"n": filters.page})
    return Board(page=page, total=totals["total"], overdue=totals["overdue"], rollup=rollup(rows), filters=filters)


# --- The timeline -------------------------------------------------------------------------------


@dataclass
class TimelineRows:
    rows: list[Activity]
    more: int  # activities with a due date not drawn
    undated: int  # activities still running without a due date (not drawable)
    today: dt.date


def timeline_rows(alliance: Alliance, *, group: WorkingGroup | None = None, limit: int = TIMELINE_MAX) -> TimelineRows:
    """The activities not done or dropped that have a due date, at most `limit` of them: those
    due nearest to today on either side (late ones and coming ones). Three queries whatever the
    size: the counts, up to `limit` due before today, up to `limit` due from today."""
    today = alliance.today()
    rows = Activity.objects.filter(
        alliance=alliance,
        status__in=(ActivityStatus.PROPOSED, ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS),
    )
    if group is not None:
        rows = rows.filter(working_group=group)
    counts = rows.aggregate(
        dated=Count("pk", filter=Q(due_on__isnull=False)), undated=Count("pk", filter=Q(due_on__isnull=True))
    )
    fields = ("pk", "title", "status", "starts_on", "due_on", "progress", "owner__name", "alliance_id")
    late = list(rows.filter(due_on__lt=today).select_related("owner").only(*fields).order_by("-due_on", "pk")[:limit])
    coming = list(rows.filter(due_on__gte=today).select_related("owner").only(*fields).order_by("due_on", "pk")[:limit])

    def distance(a: Activity) -> int:
        assert a.due_on is not None
        return abs((a.due_on - today).days)

    chosen = sorted(late + coming, key=lambda a: (distance(a), a.pk))[:limit]
    chosen.sort(key=lambda a: (a.starts_on or a.due_on, a.due_on, a.pk))
    return TimelineRows(rows=chosen, more=counts["dated"] - len(chosen), undated=counts["undated"], today=today)


# --- Working groups -----------------------------------------------------------------------------


def working_groups(alliance: Alliance) -> QuerySet[WorkingGroup]:
    """The alliance's groups, open ones first, each with how many members and open activities it
    has (counted in SQL)."""
    return (
        WorkingGroup.objects.filter(alliance=alliance)
        .annotate(
            member_count=Count("group_members", distinct=True),
            open_count=Count("activities", filter=Q(activities__status__in=OPEN), distinct=True),
        )
        .order_by(Case(When(closed_on__isnull=True, then=Value(0)), default=Value(1)), "name")
    )


def group_members(group: WorkingGroup) -> QuerySet[GroupMember]:
    return GroupMember.objects.filter(group=group).select_related("stakeholder").order_by("stakeholder__name")


def group_leads(group: WorkingGroup) -> list[SeatRole]:
    """The people leading the group today (working-group-lead role terms for this group)."""
    return list(
        SeatRole.objects.current_in(group.alliance)
        .filter(role=Role.WG_LEAD, working_group=group)
        .select_related("seat__user", "seat__organisation")
        .order_by("starts_on", "pk")
    )


def member_choices(alliance: Alliance) -> QuerySet[Any]:
    """Member organisations of the alliance today, by name (for owner and group-member pickers)."""
    from accord.membership.selectors import member_organisations

    return member_organisations(alliance)


def people_choices(alliance: Alliance) -> QuerySet[Seat]:
    """Current seats that speak for an organisation (who can be responsible for an activity)."""
    today = alliance.today()
    return (
        Seat.objects.filter(alliance=alliance, organisation__isnull=False)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__name", "user__email")
    )


def activity_for_page(alliance: Alliance, activity_id: int) -> Activity | None:
    return (
        Activity.objects.filter(alliance=alliance, pk=activity_id)
        .select_related(
            "owner",
            "responsible__user",
            "responsible__organisation",
            "working_group",
            "created_by",
            "approved_by",
            "approved_by_user",
        )
        .first()
    )
