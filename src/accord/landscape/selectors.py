"""Reads across the landscape, shared by the register, the maps, the analytics and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from accord.core.models import Alliance
from accord.landscape.models import Assessment, Stakeholder, Tie


def current_assessments(
    alliance: Alliance, *, as_of: dt.date | None = None, stakeholder_ids: Iterable[int] | None = None
) -> dict[int, Assessment]:
    """Each stakeholder's latest assessment (on or before `as_of`, when given), by stakeholder id.

    One query: the rows come newest first per stakeholder and the first seen wins, which is
    portable across SQLite and PostgreSQL (no DISTINCT ON). `stakeholder_ids` narrows it to the
    rows a page shows.
    """
    # Not through alliance.assessments: a related manager hands each row its alliance, which
    # reads the deferred alliance_id back with one query per row.
    rows = Assessment.objects.filter(alliance_id=alliance.pk)
    if as_of is not None:
        rows = rows.filter(assessed_on__lte=as_of)
    if stakeholder_ids is not None:
        rows = rows.filter(stakeholder_id__in=list(stakeholder_ids))
    latest: dict[int, Assessment] = {}
    for a in rows.order_by("stakeholder_id", "-assessed_on", "-id").only(
        "id", "stakeholder_id", "assessed_on", "position", "influence", "interest"
    ):
        latest.setdefault(a.stakeholder_id, a)
    return latest


def stakeholders(alliance: Alliance) -> QuerySet[Stakeholder]:
    return alliance.stakeholders.select_related("membership", "organisation")


def ties(alliance: Alliance) -> QuerySet[Tie]:
    return alliance.ties.all()


# --- the register -----------------------------------------------------------------------------

# Values of the register's position filter beyond the five points of the scale.
POSITION_FOR = "for"
POSITION_AGAINST = "against"
POSITION_UNKNOWN = "unknown"
POSITION_UNASSESSED = "unassessed"
# Membership filter value for stakeholders with no membership row at all (targets, outsiders).
NO_MEMBERSHIP = "none"


def _latest(alliance: Alliance, as_of: dt.date | None, field: str) -> Subquery:
    rows = Assessment.objects.filter(alliance=alliance, stakeholder=OuterRef("pk"))
    if as_of is not None:
        rows = rows.filter(assessed_on__lte=as_of)
    return Subquery(rows.order_by("-assessed_on", "-id").values(field)[:1])


def register(
    alliance: Alliance,
    *,
    q: str = "",
    kind: str = "",
    scope: str = "",
    membership: str = "",
    target: bool | None = None,
    unlikely: bool | None = None,
    position: str = "",
    as_of: dt.date | None = None,
) -> QuerySet[Stakeholder]:
    """The register's rows, filtered, by name. The position filter reads each stakeholder's
    latest assessment on or before `as_of` inside the same query (a correlated subquery), so
    the page can paginate in the database."""
    rows = stakeholders(alliance)
    if q:
        rows = rows.filter(name__icontains=q)
    if kind:
        rows = rows.filter(kind=kind)
    if scope:
        rows = rows.filter(scope=scope)
    if membership == NO_MEMBERSHIP:
        rows = rows.filter(membership__isnull=True)
    elif membership:
        rows = rows.filter(membership__status=membership)
    if target is not None:
        rows = rows.filter(is_target=target)
    if unlikely is not None:
        rows = rows.filter(unlikely_suspect=unlikely)
    if position:
        rows = rows.annotate(
            latest_id=_latest(alliance, as_of, "id"), latest_position=_latest(alliance, as_of, "position")
        )
        if position == POSITION_UNASSESSED:
            rows = rows.filter(latest_id__isnull=True)
        elif position == POSITION_UNKNOWN:
            rows = rows.filter(latest_id__isnull=False, latest_position__isnull=True)
        elif position == POSITION_FOR:
            rows = rows.filter(latest_position__gt=0)
        elif position == POSITION_AGAINST:
            rows = rows.filter(latest_position__lt=0)
        else:
            rows = rows.filter(latest_position=int(position))
    return rows.order_by("name", "pk")


# --- one stakeholder --------------------------------------------------------------------------


def assessment_history(stakeholder: Stakeholder) -> list[Assessment]:
    """Every assessment of the stakeholder, oldest first, with who signed it."""
    return list(stakeholder.assessments.select_related("assessed_by").order_by("assessed_on", "id"))


def ties_of(stakeholder: Stakeholder) -> tuple[list[Tie], list[Tie]]:
    """The stakeholder's ties out (what it does to others) and in (what others do to it), with
    the stakeholder at the other end; one query."""
    both = (
        Tie.objects.filter(alliance_id=stakeholder.alliance_id)
        .filter(Q(source=stakeholder) | Q(target=stakeholder))
        .select_related("source", "target")
        .order_by("kind", "source__name", "target__name")
    )
    out: list[Tie] = []
    into: list[Tie] = []
    for tie in both:
        (out if tie.source_id == stakeholder.pk else into).append(tie)
    return out, into


def people_of(stakeholder: Stakeholder) -> list[Stakeholder]:
    return list(stakeholder.people.order_by("name"))


def ties_list(alliance: Alliance) -> QuerySet[Tie]:
    return alliance.ties.select_related("source", "target").order_by("source__name", "target__name", "kind", "pk")


def current_assessment_rows(alliance: Alliance, *, as_of: dt.date | None = None) -> QuerySet[Assessment]:
    """Each stakeholder's latest assessment (on or before `as_of`) as full rows, by stakeholder
    name: a queryset the API can paginate in the database."""
    latest = Subquery(
        Assessment.objects.filter(
            alliance=alliance,
            stakeholder_id=OuterRef("stakeholder_id"),
            **({"assessed_on__lte": as_of} if as_of is not None else {}),
        )
        .order_by("-assessed_on", "-id")
        .values("id")[:1]
    )
    return (
        alliance.assessments.filter(id=latest)
        .select_related("stakeholder", "assessed_by")
        .order_by("stakeholder__name", "stakeholder_id")
    )


def assessments_of(stakeholder: Stakeholder) -> QuerySet[Assessment]:
    """A stakeholder's assessments, newest (current) first."""
    return stakeholder.assessments.select_related("stakeholder", "assessed_by").order_by("-assessed_on", "-id")


# --- the maps at any size (issue 9) -------------------------------------------------------------


def with_latest(alliance: Alliance, rows: QuerySet[Stakeholder], *, as_of: dt.date | None = None) -> Any:
    """`rows` with their latest assessment's id, position, influence and interest (on or before
    `as_of`) read in the same query."""
    return rows.annotate(
        latest_id=_latest(alliance, as_of, "id"),
        latest_position=_latest(alliance, as_of, "position"),
        latest_influence=_latest(alliance, as_of, "influence"),
        latest_interest=_latest(alliance, as_of, "interest"),
    )


def _current_rows(alliance: Alliance, as_of: dt.date | None) -> QuerySet[Assessment]:
    latest = Subquery(
        Assessment.objects.filter(
            alliance_id=alliance.pk,
            stakeholder_id=OuterRef("stakeholder_id"),
            **({"assessed_on__lte": as_of} if as_of is not None else {}),
        )
        .order_by("-assessed_on", "-id")
        .values("id")[:1]
    )
    return Assessment.objects.filter(alliance_id=alliance.pk, id=latest)


def assessment_cells(
    alliance: Alliance, *, as_of: dt.date | None = None, exclude: Iterable[int] = ()
) -> dict[tuple[int | None, int], int]:
    """How many stakeholders' current assessments fall in each (position, influence) cell,
    leaving out the stakeholders in `exclude`; counted in one query."""
    from django.db.models import Count

    rows = _current_rows(alliance, as_of).exclude(stakeholder_id__in=list(exclude))
    counts = rows.order_by().values("position", "influence").annotate(n=Count("id"))
    return {(r["position"], r["influence"]): r["n"] for r in counts}


def in_cell(alliance: Alliance, *, position: int | None, influence: int, as_of: dt.date | None = None) -> Any:
    """The stakeholders whose current assessment is at (position, influence), by name."""
    rows = with_latest(alliance, stakeholders(alliance), as_of=as_of).filter(
        latest_id__isnull=False, latest_influence=influence
    )
    rows = rows.filter(latest_position__isnull=True) if position is None else rows.filter(latest_position=position)
    return rows.order_by("name", "pk")


# --- the network's neighbourhood ----------------------------------------------------------------


def _tie_count(field: str) -> Any:
    from django.db.models import Count
    from django.db.models.functions import Coalesce

    rows = Tie.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(rows[:1]), 0)


def with_degree(rows: QuerySet[Stakeholder]) -> Any:
    """`rows` with `degree`: how many ties each has, in or out, counted in the same query."""
    return rows.annotate(degree=_tie_count("source_id") + _tie_count("target_id"))


def most_connected(alliance: Alliance, *, limit: int) -> list[tuple[Stakeholder, int]]:
    """The `limit` stakeholders with the most ties, with their count; one query."""
    rows = with_degree(alliance.stakeholders.all()).filter(degree__gt=0).order_by("-degree", "name", "pk")
    return [(s, s.degree) for s in rows[:limit]]


def neighbourhood(alliance: Alliance, *, cap: int, targets: int, brokers: int) -> list[int]:
    """The stakeholders that matter most for the network's first view, at most `cap`: the
    targets (up to `targets`, the most connected first), the stakeholders tied both to a target
    and to a member (the middle of the two-step paths from members to targets; up to
    `brokers`), then the members, the most connected first. Four queries."""
    core = with_degree(alliance.stakeholders.filter(Q(is_target=True) | Q(membership__status="member")))
    target_ids: list[int] = []
    member_ids: list[int] = []
    for pk, is_target in core.order_by("-degree", "pk").values_list("pk", "is_target"):
        (target_ids if is_target else member_ids).append(pk)
    chosen = target_ids[:targets]

    def tied_to(ids: list[int]) -> set[int]:
        # Everyone at either end of a tie touching `ids`: one indexed query, no per-row subquery.
        ties = Tie.objects.filter(alliance=alliance).filter(Q(source_id__in=ids) | Q(target_id__in=ids))
        ends: set[int] = set()
        for source_id, target_id in ties.values_list("source_id", "target_id").iterator():
            ends.add(source_id)
            ends.add(target_id)
        return ends

    between = (tied_to(target_ids) & tied_to(member_ids)) - set(target_ids) - set(member_ids)
    middle = (
        with_degree(alliance.stakeholders.filter(pk__in=sorted(between)))
        .order_by("-degree", "pk")
        .values_list("pk", flat=True)
    )
    path_ids = list(middle[: max(min(brokers, cap - len(chosen)), 0)])
    room = max(cap - len(chosen) - len(path_ids), 0)
    return chosen + member_ids[:room] + path_ids


def neighbours(alliance: Alliance, stakeholder_id: int, *, limit: int) -> list[int]:
    """The stakeholder and those tied to it, the most connected first, at most `limit`."""
    around = with_degree(
        alliance.stakeholders.filter(Q(ties_out__target_id=stakeholder_id) | Q(ties_in__source_id=stakeholder_id))
    )
    ids = list(around.exclude(pk=stakeholder_id).distinct().order_by("-degree", "pk").values_list("pk", flat=True))
    return [stakeholder_id, *ids[: limit - 1]]


def find_by_name(alliance: Alliance, typed: str) -> tuple[Stakeholder | None, int]:
    """The stakeholder `typed` names: its whole name in any letter case, else the only one whose
    name contains it; with how many matched when several did (then None). Two queries at most."""
    typed = typed.strip()
    exact = alliance.stakeholders.filter(name__iexact=typed).first()
    if exact is not None:
        return exact, 1
    partial = list(alliance.stakeholders.filter(name__icontains=typed).order_by("name", "pk")[:2])
    return (partial[0], 1) if len(partial) == 1 else (None, len(partial))


# --- one stakeholder's page, bounded however many ties and assessments it has -------------------


def tie_counts(stakeholder: Stakeholder) -> dict[str, dict[str, int]]:
    """How many ties the stakeholder has, by direction ("out", "in") and kind, in one query."""
    from django.db.models import Count

    rows = (
        Tie.objects.filter(alliance_id=stakeholder.alliance_id)
        .filter(Q(source=stakeholder) | Q(target=stakeholder))
        .values("source_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = {"out": {}, "in": {}}
    for row in rows:
        direction = counts["out" if row["source_id"] == stakeholder.pk else "in"]
        direction[row["kind"]] = direction.get(row["kind"], 0) + row["n"]
    return counts


def ties_newest(stakeholder: Stakeholder, direction: str) -> QuerySet[Tie]:
    """The stakeholder's ties out (`direction` "out") or in, newest first, with both ends: a
    queryset a page slices."""
    mine = Q(source=stakeholder) if direction == "out" else Q(target=stakeholder)
    return (
        Tie.objects.filter(alliance_id=stakeholder.alliance_id)
        .filter(mine)
        .select_related("source", "target")
        .order_by("-created_at", "-id")
    )


def assessments_newest(stakeholder: Stakeholder, limit: int) -> tuple[list[Assessment], int]:
    """The stakeholder's `limit` newest assessments, oldest first, with who signed them, and how
    many it has in all (two queries)."""
    rows = Assessment.objects.filter(alliance_id=stakeholder.alliance_id, stakeholder=stakeholder)
    newest = list(rows.select_related("assessed_by").order_by("-assessed_on", "-id")[:limit])
    return newest[::-1], rows.count()
