"""Reads of the resource inventory: the offers with what is left of each, what an activity needs
against what was committed to it (coverage), the gap of the whole alliance, and who owns and who
resources the work by type of organisation.

Amounts left and committed are summed in SQL (subqueries), so a list of offers costs one query
however many commitments they carry; the gap counts in SQL and lists a capped page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from accord.core import capabilities
from accord.core.models import Alliance, Role
from accord.core.permissions import roles_of
from accord.landscape.models import MembershipStatus, Stakeholder, StakeholderType
from accord.work.amounts import amount_text
from accord.work.models import (
    ZERO,
    Activity,
    ActivityStatus,
    Commitment,
    ResourceKind,
    ResourceNeed,
    ResourceOffer,
)

AMOUNT: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)
#: Activities the gap looks at: those still to be done.
LIVE = (ActivityStatus.PROPOSED, ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS)
#: How many rows a list of the gap shows before "N more".
GAP_CAP = 25
#: How many offers the commit form of an activity lists (those who run the alliance may commit
#: every member's; the activity's kinds come first).
OFFERS_SHOWN = 100


# --- Who may ----------------------------------------------------------------------------------


def runs_alliance(user: Any, alliance: Alliance) -> bool:
    """Co-chairs and the secretariat act for any member organisation."""
    return bool(roles_of(user, alliance) & {Role.CO_CHAIR, Role.SECRETARIAT})


def organisation_of(user: Any, alliance: Alliance) -> int | None:
    """The member organisation a person speaks for today (their seat's), or None."""
    if not roles_of(user, alliance):
        return None
    seat = capabilities.roster().seat_of(user, alliance)
    return seat.organisation_id if seat is not None else None


def may_act_for(user: Any, alliance: Alliance, stakeholder_id: int | None) -> bool:
    """Whether a person may declare or commit for this organisation: its own people, or those who
    run the alliance."""
    if runs_alliance(user, alliance):
        return True
    return stakeholder_id is not None and organisation_of(user, alliance) == stakeholder_id


def may_manage_needs(user: Any, activity: Activity) -> bool:
    """The owner's people, its creator while it is proposed, co-chairs and the secretariat."""
    alliance = activity.alliance
    if not roles_of(user, alliance):
        return False
    if runs_alliance(user, alliance):
        return True
    if activity.status == ActivityStatus.PROPOSED and activity.created_by_id == getattr(user, "pk", None):
        return True
    return activity.owner_id is not None and organisation_of(user, alliance) == activity.owner_id


def activity_takes_resources(activity: Activity) -> bool:
    return activity.status not in (ActivityStatus.DONE, ActivityStatus.DROPPED)


# --- Offers -----------------------------------------------------------------------------------


def _committed_subquery() -> Subquery:
    return Subquery(
        Commitment.objects.filter(offer=OuterRef("pk"))
        .order_by()
        .values("offer")
        .annotate(total=Sum("amount"))
        .values("total")[:1],
        output_field=AMOUNT,
    )


def with_left(rows: QuerySet[ResourceOffer]) -> QuerySet[ResourceOffer]:
    """Offers annotated with `committed` (the sum of their commitments, 0 when none) and `left`
    (offered − committed; None for an offer without an amount)."""
    return rows.annotate(committed=Coalesce(_committed_subquery(), Value(ZERO), output_field=AMOUNT)).annotate(
        left=F("amount") - F("committed")
    )


def offers(
    alliance: Alliance, *, kind: str = "", member: int | None = None, include_withdrawn: bool = False
) -> QuerySet[ResourceOffer]:
    """The alliance's offers, with their organisation and what is left of each."""
    rows = ResourceOffer.objects.filter(alliance=alliance).select_related("stakeholder")
    if kind:
        rows = rows.filter(kind=kind)
    if member:
        rows = rows.filter(stakeholder_id=member)
    if not include_withdrawn:
        rows = rows.filter(withdrawn_on__isnull=True)
    return with_left(rows).order_by("stakeholder__name", "kind", "pk")


def remaining(offer: ResourceOffer) -> Decimal | None:
    """What is left of one offer to commit (None when it has no amount)."""
    if offer.amount is None:
        return None
    committed = Commitment.objects.filter(offer=offer).aggregate(total=Sum("amount"))["total"] or ZERO
    return Decimal(offer.amount) - committed


def committable_offers(alliance: Alliance, user: Any) -> QuerySet[ResourceOffer]:
    """The open offers a person may commit: their organisation's, or every member's for those who
    run the alliance. Those with an amount fully committed are left out."""
    rows = offers(alliance)
    if not runs_alliance(user, alliance):
        org = organisation_of(user, alliance)
        if org is None:
            return rows.none()
        rows = rows.filter(stakeholder_id=org)
    return rows.filter(Q(amount__isnull=True) | Q(left__gt=0))


def offers_for(activity: Activity, rows: QuerySet[ResourceOffer]) -> QuerySet[ResourceOffer]:
    """Offers ordered for one activity: those of a kind (and currency) it needs first."""
    wanted = ResourceNeed.objects.filter(activity=activity, kind=OuterRef("kind"), currency=OuterRef("currency"))
    return rows.annotate(wanted=Exists(wanted)).order_by("-wanted", "stakeholder__name", "kind", "pk")


# --- Coverage of one activity -----------------------------------------------------------------


@dataclass
class NeedCoverage:
    need: ResourceNeed
    covered: Decimal | None  # committed towards it (None when it has no amount)
    missing: Decimal | None  # what is still missing (0 when covered; None without an amount)
    is_covered: bool

    @property
    def needed_text(self) -> str:
        return amount_text(self.need.amount, self.need.kind, self.need.currency)

    @property
    def covered_text(self) -> str:
        return amount_text(self.covered, self.need.kind, self.need.currency)

    @property
    def missing_text(self) -> str:
        return amount_text(self.missing, self.need.kind, self.need.currency)


def _pool_key(kind: str, currency: str) -> tuple[str, str]:
    return (kind, currency.upper() if kind == ResourceKind.MONEY else "")


def committed_by_kind(activity: Activity) -> dict[tuple[str, str], tuple[Decimal, int]]:
    """What was committed to an activity, per (kind, currency for money): the summed amount and
    the number of commitments (one query)."""
    rows = (
        Commitment.objects.filter(activity=activity)
        .order_by()
        .values("offer__kind", "offer__currency")
        .annotate(total=Sum("amount"), n=Count("pk"))
    )
    pools: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for row in rows:
        key = _pool_key(row["offer__kind"], row["offer__currency"])
        total, n = pools.get(key, (ZERO, 0))
        pools[key] = (total + (row["total"] or ZERO), n + row["n"])
    return pools


def cover(needs: list[ResourceNeed], pools: dict[tuple[str, str], tuple[Decimal, int]]) -> list[NeedCoverage]:
    """Share what was committed of each kind among the needs of that kind, in their order: the
    first need is filled before the second. A need without an amount is covered by any
    commitment of its kind."""
    left = {key: total for key, (total, _n) in pools.items()}
    result = []
    for need in needs:
        key = _pool_key(need.kind, need.currency)
        if need.amount is None:
            result.append(NeedCoverage(need, None, None, key in pools and pools[key][1] > 0))
            continue
        take = min(left.get(key, ZERO), Decimal(need.amount))
        left[key] = left.get(key, ZERO) - take
        missing = Decimal(need.amount) - take
        result.append(NeedCoverage(need, take, missing, missing <= 0))
    return result


def coverage(activity: Activity) -> list[NeedCoverage]:
    """Each need of the activity with what was committed towards it and what is missing
    (two queries)."""
    return cover(list(activity.needs.all()), committed_by_kind(activity))


def commitments_of(activity: Activity) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(activity=activity)
        .select_related("offer", "offer__stakeholder")
        .order_by("committed_at", "pk")
    )


@dataclass
class CommitmentRow:
    commitment: Commitment
    may_remove: bool

    @property
    def amount_text(self) -> str:
        c = self.commitment
        return amount_text(c.amount, c.offer.kind, c.offer.currency)


@dataclass
class ActivityResources:
    activity: Activity
    needs: list[NeedCoverage]
    commitments: list[CommitmentRow]
    offers: list[ResourceOffer] = field(default_factory=list)
    more_offers: bool = False  # the person may commit more offers than the form lists
    may_manage_needs: bool = False
    may_commit: bool = False

    @property
    def all_covered(self) -> bool:
        return all(n.is_covered for n in self.needs)


def activity_resources(activity: Activity, user: Any) -> ActivityResources:
    """What the activity page shows of resources, for one person (four or five queries)."""
    alliance = activity.alliance
    runs = runs_alliance(user, alliance)
    org = organisation_of(user, alliance)
    open_ = activity_takes_resources(activity)
    rows = [
        CommitmentRow(c, open_ and (runs or (org is not None and c.offer.stakeholder_id == org)))
        for c in commitments_of(activity)
    ]
    committable = list(offers_for(activity, committable_offers(alliance, user))[: OFFERS_SHOWN + 1]) if open_ else []
    return ActivityResources(
        activity=activity,
        needs=coverage(activity),
        commitments=rows,
        offers=committable[:OFFERS_SHOWN],
        more_offers=len(committable) > OFFERS_SHOWN,
        may_manage_needs=open_ and may_manage_needs(user, activity),
        may_commit=bool(committable),
    )


# --- The inventory ----------------------------------------------------------------------------


@dataclass
class OfferRow:
    offer: ResourceOffer
    may_edit: bool = False

    @property
    def amount_text(self) -> str:
        o = self.offer
        return amount_text(o.amount, o.kind, o.currency)

    @property
    def committed_text(self) -> str:
        o = self.offer
        committed = getattr(o, "committed", None)
        return amount_text(committed, o.kind, o.currency) if o.amount is not None and committed else ""

    @property
    def left_text(self) -> str:
        o = self.offer
        left = getattr(o, "left", None)
        return amount_text(left, o.kind, o.currency) if o.amount is not None and left is not None else ""


@dataclass
class Total:
    kind: str
    label: str
    currency: str
    offers: int
    offered: Decimal | None
    committed: Decimal

    @property
    def offered_text(self) -> str:
        return amount_text(self.offered, self.kind, self.currency)

    @property
    def committed_text(self) -> str:
        return amount_text(self.committed, self.kind, self.currency) if self.offered is not None else ""

    @property
    def left_text(self) -> str:
        if self.offered is None:
            return ""
        return amount_text(self.offered - self.committed, self.kind, self.currency)


def totals(alliance: Alliance, *, kind: str = "", member: int | None = None) -> list[Total]:
    """Open offers per kind (and currency for money): how many, how much offered and committed
    (two queries, however many offers)."""
    rows = ResourceOffer.objects.filter(alliance=alliance, withdrawn_on__isnull=True)
    if kind:
        rows = rows.filter(kind=kind)
    if member:
        rows = rows.filter(stakeholder_id=member)
    offered = rows.order_by().values("kind", "currency").annotate(n=Count("pk"), total=Sum("amount"))
    committed = {
        (r["offer__kind"], r["offer__currency"]): r["total"] or ZERO
        for r in Commitment.objects.filter(offer__in=rows)
        .order_by()
        .values("offer__kind", "offer__currency")
        .annotate(total=Sum("amount"))
    }
    labels = dict(ResourceKind.choices)
    order = {k: i for i, k in enumerate(ResourceKind.values)}
    result = [
        Total(
            kind=r["kind"],
            label=str(labels.get(r["kind"], r["kind"])),
            currency=r["currency"],
            offers=r["n"],
            offered=r["total"],
            committed=committed.get((r["kind"], r["currency"]), ZERO),
        )
        for r in offered
    ]
    return sorted(result, key=lambda t: (order.get(t.kind, 99), t.currency))


def member_organisations(alliance: Alliance) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(alliance=alliance, membership__status=MembershipStatus.MEMBER).order_by(
        "name", "pk"
    )


def member_choices(alliance: Alliance) -> list[tuple[int, str]]:
    return list(member_organisations(alliance).values_list("pk", "name"))


def declarable_organisations(alliance: Alliance, user: Any) -> QuerySet[Stakeholder]:
    """The member organisations a person may declare for: their own, or any for those who run
    the alliance."""
    rows = member_organisations(alliance)
    if runs_alliance(user, alliance):
        return rows
    org = organisation_of(user, alliance)
    return rows.filter(pk=org) if org is not None else rows.none()


@dataclass(frozen=True)
class ActsFor:
    """For whom a person acts: everyone (co-chairs, secretariat) or one organisation."""

    everyone: bool
    organisation: int | None

    def covers(self, stakeholder_id: int | None) -> bool:
        return self.everyone or (stakeholder_id is not None and stakeholder_id == self.organisation)


def acts_for(user: Any, alliance: Alliance) -> ActsFor:
    return ActsFor(runs_alliance(user, alliance), organisation_of(user, alliance))


# --- The gap ----------------------------------------------------------------------------------


def _short_needs() -> QuerySet[ResourceNeed]:
    """Needs not covered by what was committed to their activity of their kind and currency:
    for needs with an amount, the kind's needs add up to more than its commitments; a need
    without one, when nothing of its kind was committed."""
    same = {"activity": OuterRef("activity"), "offer__kind": OuterRef("kind"), "offer__currency": OuterRef("currency")}
    committed = Subquery(
        Commitment.objects.filter(**same).order_by().values("activity").annotate(t=Sum("amount")).values("t")[:1],
        output_field=AMOUNT,
    )
    any_committed = Exists(Commitment.objects.filter(**same))
    needed = Subquery(
        ResourceNeed.objects.filter(activity=OuterRef("activity"), kind=OuterRef("kind"), currency=OuterRef("currency"))
        .order_by()
        .values("activity")
        .annotate(t=Sum("amount"))
        .values("t")[:1],
        output_field=AMOUNT,
    )
    return (
        ResourceNeed.objects.annotate(
            needed_total=Coalesce(needed, Value(ZERO), output_field=AMOUNT),
            committed_total=Coalesce(committed, Value(ZERO), output_field=AMOUNT),
            any_committed=any_committed,
        )
        .filter(
            Q(amount__isnull=False, needed_total__gt=F("committed_total")) | Q(amount__isnull=True, any_committed=False)
        )
        .order_by()
    )


def uncovered_activities(alliance: Alliance, statuses: tuple[str, ...] = LIVE) -> QuerySet[Activity]:
    """Activities still to be done with at least one need not covered."""
    short = _short_needs().filter(activity=OuterRef("pk"))
    return Activity.objects.filter(alliance=alliance, status__in=statuses).filter(Exists(short))


def unresourced_activities(alliance: Alliance, statuses: tuple[str, ...] = LIVE) -> QuerySet[Activity]:
    """Activities still to be done with no commitment and no "no extra resources needed"."""
    return Activity.objects.filter(alliance=alliance, status__in=statuses, no_extra_resources=False).exclude(
        Exists(Commitment.objects.filter(activity=OuterRef("pk")))
    )


def resourced_activities(alliance: Alliance, statuses: tuple[str, ...]) -> QuerySet[Activity]:
    """Activities with the means to do them: every need covered, and something committed or no
    extra resources needed."""
    short = _short_needs().filter(activity=OuterRef("pk"))
    return (
        Activity.objects.filter(alliance=alliance, status__in=statuses)
        .exclude(Exists(short))
        .filter(Q(no_extra_resources=True) | Exists(Commitment.objects.filter(activity=OuterRef("pk"))))
    )


def silent_members(alliance: Alliance) -> QuerySet[Stakeholder]:
    """Member organisations with no open offer: nothing declared yet, or all of it withdrawn."""
    return member_organisations(alliance).exclude(
        Exists(ResourceOffer.objects.filter(stakeholder=OuterRef("pk"), withdrawn_on__isnull=True))
    )


def bulk_coverage(activities: list[Activity]) -> dict[int, list[NeedCoverage]]:
    """Coverage of a few activities at once (two queries, however many)."""
    ids = [a.pk for a in activities]
    needs: dict[int, list[ResourceNeed]] = {pk: [] for pk in ids}
    for need in ResourceNeed.objects.filter(activity_id__in=ids).order_by("kind", "pk"):
        needs[need.activity_id].append(need)
    pools: dict[int, dict[tuple[str, str], tuple[Decimal, int]]] = {pk: {} for pk in ids}
    rows = (
        Commitment.objects.filter(activity_id__in=ids)
        .order_by()
        .values("activity_id", "offer__kind", "offer__currency")
        .annotate(total=Sum("amount"), n=Count("pk"))
    )
    for row in rows:
        key = _pool_key(row["offer__kind"], row["offer__currency"])
        total, n = pools[row["activity_id"]].get(key, (ZERO, 0))
        pools[row["activity_id"]][key] = (total + (row["total"] or ZERO), n + row["n"])
    return {pk: cover(needs[pk], pools[pk]) for pk in ids}


@dataclass
class Capped:
    """The first rows of a list and how many more there are."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))


@dataclass
class UncoveredRow:
    activity: Activity
    short: list[NeedCoverage]


@dataclass
class Gap:
    uncovered: Capped
    unresourced: Capped
    silent: Capped
    members: int

    @property
    def declared(self) -> int:
        """Members with at least one open offer."""
        return self.members - self.silent.total


def _capped(rows: QuerySet[Any], cap: int) -> tuple[list[Any], int]:
    """The first `cap` rows and the count of all (always counted, so the page costs the same
    queries with few rows and many)."""
    return list(rows[:cap]), rows.count()


def gap(alliance: Alliance, cap: int = GAP_CAP) -> Gap:
    """What is missing, for the gap page: counts in SQL, the first `cap` rows of each list
    (a fixed number of queries, however large the alliance)."""
    order = (F("due_on").asc(nulls_last=True), "title", "pk")
    uncovered, n_uncovered = _capped(uncovered_activities(alliance).select_related("owner").order_by(*order), cap)
    cov = bulk_coverage(uncovered)
    unresourced, n_unresourced = _capped(unresourced_activities(alliance).select_related("owner").order_by(*order), cap)
    silent, n_silent = _capped(silent_members(alliance), cap)
    return Gap(
        uncovered=Capped([UncoveredRow(a, [c for c in cov[a.pk] if not c.is_covered]) for a in uncovered], n_uncovered),
        unresourced=Capped(unresourced, n_unresourced),
        silent=Capped(silent, n_silent),
        members=member_organisations(alliance).count(),
    )


# --- Who owns and who resources the work, by type of organisation ---------------------------


@dataclass
class TypeRow:
    kind: str
    label: str
    activities: int = 0  # activities it owns (not dropped)
    commitments: int = 0
    organisations: int = 0  # organisations of this type that committed something
    amounts: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (resource kind, currency) -> sum

    @property
    def amount_texts(self) -> list[str]:
        order = {k: i for i, k in enumerate(ResourceKind.values)}
        return [
            amount_text(v, k, c)
            for (k, c), v in sorted(self.amounts.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1]))
            if v
        ]


def by_type(alliance: Alliance) -> list[TypeRow]:
    """Per type of organisation (INGO, local NGO, ...): how many activities its members own and
    how many commitments, of what amount, they resource (three queries). For the health
    capability: is the work owned and resourced by the few international organisations or
    spread among local ones?"""
    labels = dict(StakeholderType.choices)
    rows: dict[str, TypeRow] = {}

    def row(kind: str) -> TypeRow:
        if kind not in rows:
            rows[kind] = TypeRow(kind, str(labels.get(kind, kind)))
        return rows[kind]

    owned = (
        Activity.objects.filter(alliance=alliance, owner__isnull=False)
        .exclude(status=ActivityStatus.DROPPED)
        .order_by()
        .values("owner__kind")
        .annotate(n=Count("pk"))
    )
    for r in owned:
        row(r["owner__kind"]).activities = r["n"]
    committed = (
        Commitment.objects.filter(alliance=alliance)
        .order_by()
        .values("offer__stakeholder__kind", "offer__kind", "offer__currency")
        .annotate(n=Count("pk"), total=Sum("amount"))
    )
    for r in committed:
        t = row(r["offer__stakeholder__kind"])
        t.commitments += r["n"]
        key = (r["offer__kind"], r["offer__currency"])
        t.amounts[key] = t.amounts.get(key, ZERO) + (r["total"] or ZERO)
    # Organisations are counted once per type across kinds (one more query).
    for r in (
        Commitment.objects.filter(alliance=alliance)
        .order_by()
        .values("offer__stakeholder__kind")
        .annotate(orgs=Count("offer__stakeholder", distinct=True))
    ):
        row(r["offer__stakeholder__kind"]).organisations = r["orgs"]
    order = {k: i for i, k in enumerate(StakeholderType.values)}
    return sorted(rows.values(), key=lambda t: (-t.activities - t.commitments, order.get(t.kind, 99)))
