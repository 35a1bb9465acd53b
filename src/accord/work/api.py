"""API for the alliance's work: working groups, activities (with the board's filters, status,
progress, approval and comments), the members' resource offers, activities' needs and
commitments, and the gap.

Every operation calls the same services as the pages, so the rules are the same: an activity is
approved only with an owner and either committed resources or "no extra resources" (422 saying
what is missing); only the owner's people change status and progress (403 saying so); an edit
carries the `version` it started from (409 with what changed when someone saved meanwhile); a
commitment never goes beyond its offer (422). A record of another alliance is a 404, like a
missing one; an id in a body that names no record of this alliance is a 422 at that field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.api.auth import api_operation
from accord.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    BodySchema,
    CleanStr,
    Pagination,
    PathId,
    StaleVersionOut,
    VersionIn,
)
from accord.core.models import Alliance
from accord.core.privacy import name_for
from accord.core.tenancy import AllianceRequest, Refusal, get_in_alliance
from accord.work import selectors, selectors_resources, services, services_resources
from accord.work.models import (
    Activity,
    ActivityComment,
    Commitment,
    ResourceNeed,
    ResourceOffer,
    WorkingGroup,
)

router = Router()

GroupKind = Literal["cross_cutting", "thematic"]
StatusValue = Literal["proposed", "approved", "in_progress", "done", "dropped"]
MoveValue = Literal["in_progress", "done", "dropped"]
KindValue = Literal["time", "skills", "money", "in_kind", "relationships"]
RoleValue = Literal["funding", "accountable", "extending", "implementing"]
BodyId = Field(None, ge=1, le=2**31 - 1)
# Amounts within what the tables store (14 digits, 2 decimals).
Amount = Field(None, gt=0, le=Decimal("999999999999.99"), max_digits=14, decimal_places=2)
# Dates within a range any database stores.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
VERSIONED: dict[int, Any] = {409: StaleVersionOut, **WRITE_ERRORS}


def _refused(exc: PermissionDenied) -> Refusal:
    """A service's refusal of this person for this record: a 403 that says why."""
    return Refusal(str(exc))


def _dates(**values: dt.date | None) -> None:
    for name, value in values.items():
        if value is not None and not EARLIEST <= value <= LATEST:
            raise ValidationError({name: "out of range"})


# --- working groups ----------------------------------------------------------------------------


class WorkingGroupOut(Schema):
    id: int
    name: str
    kind: GroupKind
    description: str
    is_open: bool
    closed_on: dt.date | None
    closed_reason: str
    members: list[str] = Field(description="Names of its member organisations.")
    version: int = Field(..., description="Send it back with a change; it rises with every save")

    @staticmethod
    def resolve_members(obj: WorkingGroup) -> list[str]:
        return [m.stakeholder.name for m in obj.group_members.all()]


class WorkingGroupIn(BodySchema):
    name: CleanStr = Field(..., min_length=1, max_length=200)
    kind: GroupKind = "thematic"
    description: CleanStr = Field("", max_length=20_000)


class WorkingGroupPatch(BodySchema):
    """Send only what changes, with the `version` you read."""

    version: int = VersionIn
    name: CleanStr | None = Field(None, min_length=1, max_length=200)
    kind: GroupKind | None = None
    description: CleanStr | None = Field(None, max_length=20_000)


class CloseIn(BodySchema):
    reason: CleanStr = Field(..., min_length=1, max_length=5_000)


def _groups(alliance: Alliance) -> Any:
    return WorkingGroup.objects.filter(alliance=alliance).prefetch_related("group_members__stakeholder")


def _group(alliance: Alliance, working_group_id: int) -> WorkingGroup:
    return get_in_alliance(_groups(alliance), pk=working_group_id)


@router.get(
    "{alliance_slug}/working-groups",
    response={200: list[WorkingGroupOut], **READ_ERRORS},
    summary="Working groups, open and closed, by name",
)
@paginate(Pagination)
@api_operation("work.view")
def working_group_list(request: AllianceRequest, alliance_slug: str) -> Any:
    return _groups(request.alliance).order_by("name", "pk")


@router.get(
    "{alliance_slug}/working-groups/{working_group_id}",
    response={200: WorkingGroupOut, **READ_ERRORS},
    summary="One working group",
)
@api_operation("work.view")
def working_group_detail(request: AllianceRequest, alliance_slug: str, working_group_id: int = PathId) -> Any:
    return _group(request.alliance, working_group_id)


@router.post(
    "{alliance_slug}/working-groups",
    response={201: WorkingGroupOut, **WRITE_ERRORS},
    summary="Start a working group (co-chairs, secretariat)",
)
@api_operation("work.manage_groups", write=True)
def working_group_create(request: AllianceRequest, alliance_slug: str, payload: WorkingGroupIn) -> Any:
    group = services.working_group_create(
        alliance=request.alliance,
        name=payload.name,
        kind=payload.kind,
        description=payload.description,
        by=request.user,
    )
    return Status(201, _group(request.alliance, group.pk))


@router.patch(
    "{alliance_slug}/working-groups/{working_group_id}",
    response={200: WorkingGroupOut, **VERSIONED},
    summary="Change a working group's name, kind or purpose (co-chairs, secretariat)",
    description="A `version` other than the one stored is refused with 409 listing what changed.",
)
@api_operation("work.manage_groups", write=True)
def working_group_update(
    request: AllianceRequest, alliance_slug: str, payload: WorkingGroupPatch, working_group_id: int = PathId
) -> Any:
    group = _group(request.alliance, working_group_id)
    sent = payload.model_dump(exclude_unset=True)
    version = sent.pop("version")
    services.working_group_update(
        group=group, version=version, by=request.user, **{k: v for k, v in sent.items() if v is not None}
    )
    return _group(request.alliance, working_group_id)


@router.post(
    "{alliance_slug}/working-groups/{working_group_id}/close",
    response={200: WorkingGroupOut, **WRITE_ERRORS},
    summary="Close a working group whose need has passed, saying why (co-chairs, secretariat)",
)
@api_operation("work.manage_groups", write=True)
def working_group_close(
    request: AllianceRequest, alliance_slug: str, payload: CloseIn, working_group_id: int = PathId
) -> Any:
    group = _group(request.alliance, working_group_id)
    services.working_group_close(group=group, reason=payload.reason, by=request.user)
    return _group(request.alliance, working_group_id)


@router.post(
    "{alliance_slug}/working-groups/{working_group_id}/reopen",
    response={200: WorkingGroupOut, **WRITE_ERRORS},
    summary="Open a closed working group again (co-chairs, secretariat)",
)
@api_operation("work.manage_groups", write=True)
def working_group_reopen(request: AllianceRequest, alliance_slug: str, working_group_id: int = PathId) -> Any:
    group = _group(request.alliance, working_group_id)
    services.working_group_reopen(group=group, by=request.user)
    return _group(request.alliance, working_group_id)


# --- activities --------------------------------------------------------------------------------


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    deliverables: str
    serves_purpose: str
    working_group_id: int | None
    working_group: str | None
    owner_id: int | None = Field(description="The owner organisation (a member), if it has one yet.")
    owner: str | None
    responsible_id: int | None = Field(description="The responsible person's seat in the alliance.")
    responsible: str | None = Field(description="Their name; null for observers, who see organisations only.")
    starts_on: dt.date | None
    due_on: dt.date | None
    status: StatusValue
    progress: int
    no_extra_resources: bool
    drop_reason: str
    approved_at: dt.datetime | None
    approved_by_proposal_id: int | None
    done_on: dt.date | None
    created_at: dt.datetime
    version: int = Field(..., description="Send it back with a change; it rises with every save")
    approval_missing: list[str] = Field(
        description="What it lacks before it may be approved (empty when nothing), in words."
    )

    @staticmethod
    def resolve_working_group(obj: Activity) -> str | None:
        return obj.working_group.name if obj.working_group else None

    @staticmethod
    def resolve_owner(obj: Activity) -> str | None:
        return obj.owner.name if obj.owner else None

    @staticmethod
    def resolve_responsible(obj: Activity, context: Any) -> str | None:
        return name_for(obj.responsible.user, context) if obj.responsible else None

    @staticmethod
    def resolve_approved_by_proposal_id(obj: Activity) -> int | None:
        return obj.approved_by_id

    @staticmethod
    def resolve_approval_missing(obj: Activity) -> list[str]:
        if obj.status != Activity.Status.PROPOSED:
            return []
        return [str(m) for m in services.approval_missing(obj)]


class ActivityIn(BodySchema):
    """A proposed activity. It may start without an owner (it cannot be approved until it has
    one and the means); the owner is a member organisation, the responsible person (a seat id)
    one of its people here; it is due on or after it starts."""

    title: CleanStr = Field(..., min_length=1, max_length=200)
    description: CleanStr = Field("", max_length=20_000)
    deliverables: CleanStr = Field("", max_length=20_000)
    serves_purpose: CleanStr = Field("", max_length=20_000)
    working_group_id: int | None = BodyId
    owner_id: int | None = BodyId
    responsible_id: int | None = BodyId
    starts_on: dt.date | None = None
    due_on: dt.date | None = None
    no_extra_resources: bool = False


class ActivityPatch(BodySchema):
    """Send only what changes, with the `version` you read; a null id clears it."""

    version: int = VersionIn
    title: CleanStr | None = Field(None, min_length=1, max_length=200)
    description: CleanStr | None = Field(None, max_length=20_000)
    deliverables: CleanStr | None = Field(None, max_length=20_000)
    serves_purpose: CleanStr | None = Field(None, max_length=20_000)
    working_group_id: int | None = BodyId
    owner_id: int | None = BodyId
    responsible_id: int | None = BodyId
    starts_on: dt.date | None = None
    due_on: dt.date | None = None
    no_extra_resources: bool | None = None


class StatusIn(BodySchema):
    """Move an activity on: approved → in progress → done, or to dropped with a `reason`.
    Approval is not here (POST …/approve, or a decision)."""

    version: int = VersionIn
    status: MoveValue
    reason: CleanStr = Field("", max_length=5_000)


class ProgressIn(BodySchema):
    version: int = VersionIn
    progress: int = Field(..., ge=0, le=100)


class BoardQuery(Schema):
    mine: bool = Field(False, description="Activities I am responsible for")
    organisation: bool = Field(False, description="Activities my organisation owns")
    created: bool = Field(False, description="Activities I proposed")
    working_group_id: int | None = Field(None, ge=1, le=2**31 - 1)
    status: StatusValue | None = None
    overdue: bool = Field(False, description="Open activities past their due date")


class CommentOut(Schema):
    id: int
    author: str | None = Field(description="The author's name; null for observers, who see organisations only.")
    body: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: ActivityComment, context: Any) -> str | None:
        return name_for(obj.author, context)


class CommentIn(BodySchema):
    body: CleanStr = Field(..., min_length=1, max_length=services.MAX_COMMENT)


API_FIELDS = {"working_group": "working_group_id", "owner": "owner_id", "responsible": "responsible_id"}


def _api_names(exc: ValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError({API_FIELDS.get(k, k): v for k, v in exc.error_dict.items()})
    return exc


def _with_commitment_ids(rows: Any) -> Any:
    """What `approval_missing` reads of each row (whether it has a commitment), in one query for
    the whole page rather than one per activity."""
    return rows.prefetch_related(Prefetch("commitments", queryset=Commitment.objects.only("id", "activity_id")))


def _activities(alliance: Alliance) -> Any:
    return _with_commitment_ids(selectors.with_people(Activity.objects.filter(alliance=alliance)))


def _activity(alliance: Alliance, activity_id: int) -> Activity:
    return get_in_alliance(_activities(alliance), pk=activity_id)


def _activity_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k not in API_FIELDS.values()}
    for name, api_name in API_FIELDS.items():
        if api_name in values:
            out[name] = values[api_name]
    _dates(starts_on=out.get("starts_on"), due_on=out.get("due_on"))
    return out


@router.get(
    "{alliance_slug}/activities",
    response={200: list[ActivityOut], **READ_ERRORS},
    summary="Activities, soonest due first, with the board's filters",
)
@paginate(Pagination)
@api_operation("work.view")
def activity_list(request: AllianceRequest, alliance_slug: str, filters: Query[BoardQuery]) -> Any:
    if (
        filters.working_group_id is not None
        and not request.alliance.working_groups.filter(pk=filters.working_group_id).exists()
    ):
        raise ValidationError({"working_group_id": "no such working group in this alliance"})
    f = selectors.BoardFilters(
        mine=filters.mine,
        organisation=filters.organisation,
        created=filters.created,
        group=filters.working_group_id,
        status=filters.status or "",
        overdue=filters.overdue,
    )
    rows = selectors.board_rows(request.alliance, user=request.user, seat=request.seat, filters=f)
    # The model's order (soonest due first, undated last), made explicit for the pagination.
    return _with_commitment_ids(selectors.with_people(rows)).order_by(F("due_on").asc(nulls_last=True), "title", "pk")


@router.get(
    "{alliance_slug}/activities/{activity_id}", response={200: ActivityOut, **READ_ERRORS}, summary="One activity"
)
@api_operation("work.view")
def activity_detail(request: AllianceRequest, alliance_slug: str, activity_id: int = PathId) -> Any:
    return _activity(request.alliance, activity_id)


@router.post(
    "{alliance_slug}/activities",
    response={201: ActivityOut, **WRITE_ERRORS},
    summary="Propose an activity",
)
@api_operation("work.propose_activity", write=True)
def activity_create(request: AllianceRequest, alliance_slug: str, payload: ActivityIn) -> Any:
    try:
        activity = services.activity_create(
            alliance=request.alliance, by=request.user, **_activity_values(payload.model_dump())
        )
    except ValidationError as exc:
        raise _api_names(exc) from exc
    return Status(201, _activity(request.alliance, activity.pk))


@router.patch(
    "{alliance_slug}/activities/{activity_id}",
    response={200: ActivityOut, **VERSIONED},
    summary="Change an activity's details (its owner's people, its creator while proposed, co-chairs, secretariat)",
    description="A `version` other than the one stored is refused with 409 listing what changed.",
)
@api_operation("work.change_activity", write=True)
def activity_update(
    request: AllianceRequest, alliance_slug: str, payload: ActivityPatch, activity_id: int = PathId
) -> Any:
    activity = _activity(request.alliance, activity_id)
    sent = payload.model_dump(exclude_unset=True)
    version = sent.pop("version")
    changes = {k: v for k, v in sent.items() if v is not None or k in API_FIELDS.values() or k.endswith("_on")}
    try:
        services.activity_update(activity=activity, version=version, by=request.user, **_activity_values(changes))
    except ValidationError as exc:
        raise _api_names(exc) from exc
    except PermissionDenied as exc:
        raise _refused(exc) from exc
    return _activity(request.alliance, activity_id)


@router.post(
    "{alliance_slug}/activities/{activity_id}/status",
    response={200: ActivityOut, **VERSIONED},
    summary="Move an activity on (the owner's people only)",
)
@api_operation("work.change_activity", write=True)
def activity_status(request: AllianceRequest, alliance_slug: str, payload: StatusIn, activity_id: int = PathId) -> Any:
    activity = _activity(request.alliance, activity_id)
    try:
        services.activity_set_status(
            activity=activity, status=payload.status, by=request.user, version=payload.version, reason=payload.reason
        )
    except PermissionDenied as exc:
        raise _refused(exc) from exc
    return _activity(request.alliance, activity_id)


@router.post(
    "{alliance_slug}/activities/{activity_id}/progress",
    response={200: ActivityOut, **VERSIONED},
    summary="Set an activity's progress, 0 to 100 % (the owner's people only)",
)
@api_operation("work.change_activity", write=True)
def activity_progress(
    request: AllianceRequest, alliance_slug: str, payload: ProgressIn, activity_id: int = PathId
) -> Any:
    activity = _activity(request.alliance, activity_id)
    try:
        services.activity_set_progress(
            activity=activity, progress=payload.progress, by=request.user, version=payload.version
        )
    except PermissionDenied as exc:
        raise _refused(exc) from exc
    return _activity(request.alliance, activity_id)


@router.post(
    "{alliance_slug}/activities/{activity_id}/approve",
    response={200: ActivityOut, **WRITE_ERRORS},
    summary="Approve an activity (a co-chair, when the alliance lets its co-chairs approve)",
    description="Refused with 422 saying what is missing (an owner; committed resources or "
    '"no extra resources"), or 403 when the alliance approves activities by decision.',
)
@api_operation("work.approve_activity", write=True)
def activity_approve(request: AllianceRequest, alliance_slug: str, activity_id: int = PathId) -> Any:
    activity = _activity(request.alliance, activity_id)
    try:
        services.activity_approve(activity=activity, by=request.user)
    except PermissionDenied as exc:
        raise _refused(exc) from exc
    return _activity(request.alliance, activity_id)


@router.get(
    "{alliance_slug}/activities/{activity_id}/comments",
    response={200: list[CommentOut], **READ_ERRORS},
    summary="Comments on an activity, oldest first",
)
@paginate(Pagination)
@api_operation("work.view")
def comment_list(request: AllianceRequest, alliance_slug: str, activity_id: int = PathId) -> Any:
    activity = _activity(request.alliance, activity_id)
    return activity.comments.select_related("author").order_by("created_at", "pk")


@router.post(
    "{alliance_slug}/activities/{activity_id}/comments",
    response={201: CommentOut, **WRITE_ERRORS},
    summary="Comment on an activity",
)
@api_operation("work.comment", write=True)
def comment_add(request: AllianceRequest, alliance_slug: str, payload: CommentIn, activity_id: int = PathId) -> Any:
    activity = _activity(request.alliance, activity_id)
    try:
        comment = services.activity_comment(activity=activity, by=request.user, body=payload.body)
    except PermissionDenied as exc:
        raise _refused(exc) from exc
    return Status(201, ActivityComment.objects.select_related("author").get(pk=comment.pk))


# --- resources ---------------------------------------------------------------------------------


class OfferOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    kind: KindValue
    description: str
    amount: Decimal | None
    currency: str
    committed: Decimal = Field(description="What is committed of it to activities.")
    left: Decimal | None = Field(description="What is left to commit (null for an offer without an amount).")
    available_from: dt.date | None
    available_until: dt.date | None
    withdrawn_on: dt.date | None
    version: int = Field(..., description="Send it back with a change; it rises with every save")

    @staticmethod
    def resolve_organisation_id(obj: ResourceOffer) -> int:
        return obj.stakeholder_id

    @staticmethod
    def resolve_organisation(obj: ResourceOffer) -> str:
        return obj.stakeholder.name


class OfferIn(BodySchema):
    """What a member organisation offers. Time is in person-days and money in a currency (ISO
    code): both need an amount."""

    organisation_id: int = Field(..., ge=1, le=2**31 - 1)
    kind: KindValue
    description: CleanStr = Field(..., min_length=1, max_length=300)
    amount: Decimal | None = Amount
    currency: CleanStr = Field("", max_length=3)
    available_from: dt.date | None = None
    available_until: dt.date | None = None


class OfferPatch(BodySchema):
    """Send only what changes, with the `version` you read."""

    version: int = VersionIn
    kind: KindValue | None = None
    description: CleanStr | None = Field(None, min_length=1, max_length=300)
    amount: Decimal | None = Amount
    currency: CleanStr | None = Field(None, max_length=3)
    available_from: dt.date | None = None
    available_until: dt.date | None = None


class OfferQuery(Schema):
    kind: KindValue | None = None
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    include_withdrawn: bool = False


class NeedOut(Schema):
    id: int
    kind: KindValue
    description: str
    amount: Decimal | None
    currency: str


class NeedIn(BodySchema):
    kind: KindValue
    description: CleanStr = Field(..., min_length=1, max_length=300)
    amount: Decimal | None = Amount
    currency: CleanStr = Field("", max_length=3)


class CommitmentOut(Schema):
    id: int
    activity_id: int
    offer_id: int
    organisation: str
    role: RoleValue
    amount: Decimal | None
    note: str
    committed_at: dt.datetime

    @staticmethod
    def resolve_organisation(obj: Commitment) -> str:
        return obj.offer.stakeholder.name


class CommitmentIn(BodySchema):
    offer_id: int = Field(..., ge=1, le=2**31 - 1)
    role: RoleValue
    amount: Decimal | None = Amount
    note: CleanStr = Field("", max_length=300)


def _offer(alliance: Alliance, resource_offer_id: int) -> ResourceOffer:
    return get_in_alliance(selectors_resources.offers(alliance, include_withdrawn=True), pk=resource_offer_id)


@router.get(
    "{alliance_slug}/offers",
    response={200: list[OfferOut], **READ_ERRORS},
    summary="What member organisations offer, with what is committed and left of each",
)
@paginate(Pagination)
@api_operation("work.view")
def offer_list(request: AllianceRequest, alliance_slug: str, filters: Query[OfferQuery]) -> Any:
    if (
        filters.organisation_id is not None
        and not request.alliance.stakeholders.filter(pk=filters.organisation_id).exists()
    ):
        raise ValidationError({"organisation_id": "no such organisation in this alliance"})
    return selectors_resources.offers(
        request.alliance,
        kind=filters.kind or "",
        member=filters.organisation_id,
        include_withdrawn=filters.include_withdrawn,
    )


@router.get("{alliance_slug}/offers/{resource_offer_id}", response={200: OfferOut, **READ_ERRORS}, summary="One offer")
@api_operation("work.view")
def offer_detail(request: AllianceRequest, alliance_slug: str, resource_offer_id: int = PathId) -> Any:
    return _offer(request.alliance, resource_offer_id)


@router.post(
    "{alliance_slug}/offers",
    response={201: OfferOut, **WRITE_ERRORS},
    summary="Declare what a member organisation offers (its representatives; co-chairs, secretariat for any)",
)
@api_operation("work.declare_resources", write=True)
def offer_declare(request: AllianceRequest, alliance_slug: str, payload: OfferIn) -> Any:
    _dates(available_from=payload.available_from, available_until=payload.available_until)
    try:
        offer = services_resources.offer_declare(
            alliance=request.alliance,
            stakeholder=payload.organisation_id,
            kind=payload.kind,
            description=payload.description,
            amount=payload.amount,
            currency=payload.currency,
            available_from=payload.available_from,
            available_until=payload.available_until,
            by=request.user,
        )
    except ValidationError as exc:
        raise _stakeholder_name(exc) from exc
    return Status(201, _offer(request.alliance, offer.pk))


def _stakeholder_name(exc: ValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        names = {"stakeholder": "organisation_id", "offer": "offer_id"}
        return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})
    return exc


@router.patch(
    "{alliance_slug}/offers/{resource_offer_id}",
    response={200: OfferOut, **VERSIONED},
    summary="Change an offer (never below what is committed of it)",
    description="A `version` other than the one stored is refused with 409 listing what changed.",
)
@api_operation("work.declare_resources", write=True)
def offer_update(
    request: AllianceRequest, alliance_slug: str, payload: OfferPatch, resource_offer_id: int = PathId
) -> Any:
    offer = _offer(request.alliance, resource_offer_id)
    sent = payload.model_dump(exclude_unset=True)
    version = sent.pop("version")
    _dates(available_from=sent.get("available_from"), available_until=sent.get("available_until"))
    changes = {k: v for k, v in sent.items() if v is not None or k in ("amount", "available_from", "available_until")}
    services_resources.offer_update(offer=offer, version=version, by=request.user, **changes)
    return _offer(request.alliance, resource_offer_id)


@router.post(
    "{alliance_slug}/offers/{resource_offer_id}/withdraw",
    response={200: OfferOut, **WRITE_ERRORS},
    summary="Withdraw an offer (what is committed of it stays committed)",
)
@api_operation("work.declare_resources", write=True)
def offer_withdraw(request: AllianceRequest, alliance_slug: str, resource_offer_id: int = PathId) -> Any:
    offer = _offer(request.alliance, resource_offer_id)
    services_resources.offer_withdraw(offer=offer, by=request.user)
    return _offer(request.alliance, resource_offer_id)


@router.get(
    "{alliance_slug}/activities/{activity_id}/needs",
    response={200: list[NeedOut], **READ_ERRORS},
    summary="What an activity needs that its owner does not have",
)
@api_operation("work.view")
def need_list(request: AllianceRequest, alliance_slug: str, activity_id: int = PathId) -> Any:
    return list(_activity(request.alliance, activity_id).needs.order_by("kind", "pk"))


@router.post(
    "{alliance_slug}/activities/{activity_id}/needs",
    response={201: NeedOut, **WRITE_ERRORS},
    summary="Say what an activity needs",
)
@api_operation("work.manage_needs", write=True)
def need_add(request: AllianceRequest, alliance_slug: str, payload: NeedIn, activity_id: int = PathId) -> Any:
    activity = _activity(request.alliance, activity_id)
    need = services_resources.need_add(
        activity=activity,
        kind=payload.kind,
        description=payload.description,
        amount=payload.amount,
        currency=payload.currency,
        by=request.user,
    )
    return Status(201, need)


@router.delete(
    "{alliance_slug}/activities/{activity_id}/needs/{resource_need_id}",
    response={204: None, **READ_ERRORS},
    summary="Remove a need",
)
@api_operation("work.manage_needs", write=True)
def need_remove(
    request: AllianceRequest, alliance_slug: str, activity_id: int = PathId, resource_need_id: int = PathId
) -> Any:
    activity = _activity(request.alliance, activity_id)
    need = get_in_alliance(
        ResourceNeed.objects.filter(alliance=request.alliance, activity=activity).select_related("activity"),
        pk=resource_need_id,
    )
    services_resources.need_remove(need=need, by=request.user)
    return Status(204, None)


def _commitments(alliance: Alliance) -> Any:
    return Commitment.objects.filter(alliance=alliance).select_related("offer__stakeholder")


@router.get(
    "{alliance_slug}/activities/{activity_id}/commitments",
    response={200: list[CommitmentOut], **READ_ERRORS},
    summary="What members committed to an activity, and in which role",
)
@api_operation("work.view")
def commitment_list(request: AllianceRequest, alliance_slug: str, activity_id: int = PathId) -> Any:
    activity = _activity(request.alliance, activity_id)
    return list(_commitments(request.alliance).filter(activity=activity).order_by("committed_at", "pk"))


@router.post(
    "{alliance_slug}/activities/{activity_id}/commitments",
    response={201: CommitmentOut, **WRITE_ERRORS},
    summary="Commit part of an offer to an activity, in a role (never beyond the offer)",
)
@api_operation("work.commit_resources", write=True)
def commitment_add(
    request: AllianceRequest, alliance_slug: str, payload: CommitmentIn, activity_id: int = PathId
) -> Any:
    alliance = request.alliance
    activity = _activity(alliance, activity_id)
    offer = ResourceOffer.objects.filter(alliance=alliance, pk=payload.offer_id).first()
    if offer is None:
        raise ValidationError({"offer_id": "no such offer in this alliance"})
    try:
        commitment = services_resources.commitment_add(
            activity=activity,
            offer=offer,
            role=payload.role,
            amount=payload.amount,
            note=payload.note,
            by=request.user,
        )
    except ValidationError as exc:
        raise _stakeholder_name(exc) from exc
    return Status(201, _commitments(alliance).get(pk=commitment.pk))


@router.delete(
    "{alliance_slug}/commitments/{commitment_id}",
    response={204: None, **READ_ERRORS},
    summary="Take a commitment back",
)
@api_operation("work.commit_resources", write=True)
def commitment_remove(request: AllianceRequest, alliance_slug: str, commitment_id: int = PathId) -> Any:
    commitment = get_in_alliance(_commitments(request.alliance).select_related("activity"), pk=commitment_id)
    services_resources.commitment_remove(commitment=commitment, by=request.user)
    return Status(204, None)


# --- the gap -----------------------------------------------------------------------------------


class ShortOut(Schema):
    need_id: int
    kind: KindValue
    description: str
    needed: Decimal | None
    covered: Decimal | None
    missing: Decimal | None
    currency: str


class UncoveredOut(Schema):
    activity_id: int
    title: str
    owner: str | None
    short: list[ShortOut]


class NamedOut(Schema):
    id: int
    name: str


class WorkGapOut(Schema):
    members: int
    declared: int = Field(description="Member organisations with at least one open offer.")
    uncovered_total: int
    uncovered: list[UncoveredOut] = Field(description="Activities whose needs are not covered (the first ones).")
    unresourced_total: int
    unresourced: list[NamedOut] = Field(
        description='Approved activities with no commitment and no "no extra resources" (the first ones).'
    )
    silent_total: int
    silent: list[NamedOut] = Field(description="Member organisations that declared nothing yet (the first ones).")


@router.get(
    "{alliance_slug}/gap",
    response={200: WorkGapOut, **READ_ERRORS},
    summary="What is missing: needs not covered, activities without resources, members that declared nothing",
)
@api_operation("work.view")
def gap(request: AllianceRequest, alliance_slug: str) -> dict[str, Any]:
    found = selectors_resources.gap(request.alliance)
    return {
        "members": found.members,
        "declared": found.declared,
        "uncovered_total": found.uncovered.total,
        "uncovered": [
            {
                "activity_id": row.activity.pk,
                "title": row.activity.title,
                "owner": row.activity.owner.name if row.activity.owner else None,
                "short": [
                    {
                        "need_id": c.need.pk,
                        "kind": c.need.kind,
                        "description": c.need.description,
                        "needed": c.need.amount,
                        "covered": c.covered,
                        "missing": c.missing,
                        "currency": c.need.currency,
                    }
                    for c in row.short
                ],
            }
            for row in found.uncovered.rows
        ],
        "unresourced_total": found.unresourced.total,
        "unresourced": [{"id": a.pk, "name": a.title} for a in found.unresourced.rows],
        "silent_total": found.silent.total,
        "silent": [{"id": s.pk, "name": s.name} for s in found.silent.rows],
    }
