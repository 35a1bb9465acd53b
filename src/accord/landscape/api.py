"""API for the stakeholder register: stakeholders, their dated assessments and the ties between
them. Writes call the same services as the pages, so the same rules apply."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
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
from accord.core.privacy import CONTACTS, from_context, sees_contacts
from accord.core.tenancy import AllianceRequest, get_in_alliance
from accord.landscape import selectors, services
from accord.landscape.models import Assessment, Scope, Stakeholder, StakeholderType, Tie

router = Router()

RecordId = PathId
BodyId = Field(..., ge=1, le=2**31 - 1)
_LONG = 20_000


# --- schemas ----------------------------------------------------------------------------------


class StakeholderOut(Schema):
    id: int
    name: str
    is_individual: bool
    organisation_id: int | None
    kind: StakeholderType
    scope: Scope
    political_orientation: str
    represents_affected_population: bool
    unlikely_suspect: bool
    is_target: bool
    target_ask: str
    contact_person: str
    email: str | None = Field(..., description="Null unless you are a co-chair or the secretariat")
    phone: str | None = Field(..., description="Null unless you are a co-chair or the secretariat")
    website: str
    notes: str
    external_id: str
    membership_status: str | None
    created_at: dt.datetime
    version: int = Field(..., description="Send it back with a change; it rises with every save")

    @staticmethod
    def resolve_email(obj: Stakeholder, context: Any) -> str | None:
        return obj.email if from_context(context, CONTACTS) else None

    @staticmethod
    def resolve_phone(obj: Stakeholder, context: Any) -> str | None:
        return obj.phone if from_context(context, CONTACTS) else None

    @staticmethod
    def resolve_membership_status(obj: Stakeholder) -> str | None:
        membership = getattr(obj, "membership", None)
        return membership.status if membership is not None else None


class StakeholderIn(BodySchema):
    name: CleanStr = Field(..., min_length=1, max_length=200)
    kind: StakeholderType
    scope: Scope = Scope.NATIONAL
    is_individual: bool = False
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    political_orientation: CleanStr = Field("", max_length=80)
    represents_affected_population: bool = False
    unlikely_suspect: bool = False
    is_target: bool = False
    target_ask: CleanStr = Field("", max_length=_LONG)
    contact_person: CleanStr = Field("", max_length=200)
    email: CleanStr = Field("", max_length=254)
    phone: CleanStr = Field("", max_length=60)
    website: CleanStr = Field("", max_length=200)
    notes: CleanStr = Field("", max_length=_LONG)
    external_id: CleanStr = Field("", max_length=120)


class StakeholderPatch(BodySchema):
    """Send only what changes, with the `version` you read. `organisation_id: null` takes a
    person out of their organisation; null for any other field means "unchanged"."""

    version: int = VersionIn

    name: CleanStr | None = Field(None, min_length=1, max_length=200)
    kind: StakeholderType | None = None
    scope: Scope | None = None
    is_individual: bool | None = None
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    political_orientation: CleanStr | None = Field(None, max_length=80)
    represents_affected_population: bool | None = None
    unlikely_suspect: bool | None = None
    is_target: bool | None = None
    target_ask: CleanStr | None = Field(None, max_length=_LONG)
    contact_person: CleanStr | None = Field(None, max_length=200)
    email: CleanStr | None = Field(None, max_length=254)
    phone: CleanStr | None = Field(None, max_length=60)
    website: CleanStr | None = Field(None, max_length=200)
    notes: CleanStr | None = Field(None, max_length=_LONG)
    external_id: CleanStr | None = Field(None, max_length=120)


class AssessmentOut(Schema):
    id: int
    stakeholder_id: int
    stakeholder_name: str
    assessed_on: dt.date
    position: int | None = Field(..., description="−2 strongly against … +2 strongly for; null when unknown")
    influence: int
    interest: int
    evidence: str
    assessed_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_stakeholder_name(obj: Assessment) -> str:
        return obj.stakeholder.name

    @staticmethod
    def resolve_assessed_by(obj: Assessment) -> str | None:
        return str(obj.assessed_by) if obj.assessed_by else None


class AssessmentIn(BodySchema):
    position: int | None = Field(..., ge=-2, le=2, description="−2 … +2, or null when unknown")
    influence: int = Field(..., ge=0, le=5)
    interest: int = Field(..., ge=0, le=5)
    evidence: CleanStr = Field("", max_length=_LONG)
    assessed_on: dt.date | None = Field(None, description="Today when omitted; never in the future")


class TieOut(Schema):
    id: int
    source_id: int
    source_name: str
    target_id: int
    target_name: str
    kind: Tie.Kind
    strength: int
    note: str
    created_at: dt.datetime
    version: int = Field(..., description="Send it back with a change; it rises with every save")

    @staticmethod
    def resolve_source_name(obj: Tie) -> str:
        return obj.source.name

    @staticmethod
    def resolve_target_name(obj: Tie) -> str:
        return obj.target.name


class TieIn(BodySchema):
    source_id: int = BodyId
    target_id: int = BodyId
    kind: Tie.Kind = Tie.Kind.INFLUENCES
    strength: int = Field(2, ge=1, le=3)
    note: CleanStr = Field("", max_length=300)


class TiePatch(BodySchema):
    """Send only what changes, with the `version` you read. The ends of a tie stay: remove it
    and add another to re-link."""

    version: int = VersionIn
    kind: Tie.Kind | None = None
    strength: int | None = Field(None, ge=1, le=3)
    note: CleanStr | None = Field(None, max_length=300)


class StakeholderFilters(Schema):
    q: CleanStr = Field("", max_length=200, description="Name contains")
    kind: StakeholderType | None = None
    target: bool | None = None


class AsOf(Schema):
    as_of: dt.date | None = Field(None, description="Positions as they were on this day (default: today)")


# --- helpers ----------------------------------------------------------------------------------


def _stakeholder(alliance: Alliance, stakeholder_id: int) -> Stakeholder:
    return get_in_alliance(alliance.stakeholders.select_related("membership"), pk=stakeholder_id)


def _in_body(alliance: Alliance, field: str, pk: int | None) -> Stakeholder | None:
    """A stakeholder named in a request body: one of another alliance is as unknown as a
    missing one, reported at its field."""
    if pk is None:
        return None
    found = alliance.stakeholders.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("No stakeholder with this id in this alliance.")})
    return found


# --- stakeholders -----------------------------------------------------------------------------


@router.get(
    "{alliance_slug}/stakeholders",
    response={200: list[StakeholderOut], **READ_ERRORS},
    summary="The stakeholder register, by name",
)
@paginate(Pagination)
@api_operation("landscape.view_stakeholders")
def stakeholder_list(request: AllianceRequest, alliance_slug: str, filters: Query[StakeholderFilters]) -> Any:
    alliance = request.alliance
    return selectors.register(alliance, q=filters.q.strip(), kind=filters.kind or "", target=filters.target)


def _contact_details_allowed(request: AllianceRequest, data: dict[str, Any]) -> None:
    """Only those who may read contact details record them (docs/permissions.md)."""
    if sees_contacts(request):
        return
    given = [key for key in ("email", "phone") if data.get(key)]
    if given:
        message = _("Only co-chairs and the secretariat record contact details.")
        raise ValidationError({key: message for key in given})


@router.post(
    "{alliance_slug}/stakeholders",
    response={201: StakeholderOut, **WRITE_ERRORS},
    summary="Add a stakeholder",
    description="A name already in the register (in any letter case) is refused with 422 at `name`.",
)
@api_operation("landscape.change_stakeholders", write=True)
def stakeholder_create(request: AllianceRequest, alliance_slug: str, payload: StakeholderIn) -> Any:
    alliance = request.alliance
    data = payload.model_dump()
    _contact_details_allowed(request, data)
    data["organisation"] = _in_body(alliance, "organisation_id", data.pop("organisation_id"))
    stakeholder = services.stakeholder_create(alliance=alliance, **data)
    return Status(201, _stakeholder(alliance, stakeholder.pk))


@router.get(
    "{alliance_slug}/stakeholders/{stakeholder_id}",
    response={200: StakeholderOut, **READ_ERRORS},
    summary="One stakeholder",
)
@api_operation("landscape.view_stakeholders")
def stakeholder_detail(request: AllianceRequest, alliance_slug: str, stakeholder_id: int = RecordId) -> Stakeholder:
    alliance = request.alliance
    return _stakeholder(alliance, stakeholder_id)


@router.patch(
    "{alliance_slug}/stakeholders/{stakeholder_id}",
    response={200: StakeholderOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Change a stakeholder",
    description="A `version` other than the one stored (someone saved the stakeholder since you read it) "
    "is refused with 409 listing what they changed; nothing is written.",
)
@api_operation("landscape.change_stakeholders", write=True)
def stakeholder_update(
    request: AllianceRequest, alliance_slug: str, payload: StakeholderPatch, stakeholder_id: int = RecordId
) -> Stakeholder:
    alliance = request.alliance
    stakeholder = _stakeholder(alliance, stakeholder_id)
    sent = payload.model_dump(exclude_unset=True)
    version = sent.pop("version")
    _contact_details_allowed(request, sent)
    changes = {k: v for k, v in sent.items() if v is not None and k != "organisation_id"}
    if "organisation_id" in sent:
        changes["organisation"] = _in_body(alliance, "organisation_id", sent["organisation_id"])
    services.stakeholder_update(stakeholder=stakeholder, version=version, **changes)
    return _stakeholder(alliance, stakeholder_id)


# --- assessments ------------------------------------------------------------------------------


@router.get(
    "{alliance_slug}/assessments",
    response={200: list[AssessmentOut], **READ_ERRORS},
    summary="Each stakeholder's current assessment, or as of a past day",
)
@paginate(Pagination)
@api_operation("landscape.view_assessments")
def assessment_current_list(request: AllianceRequest, alliance_slug: str, when: Query[AsOf]) -> Any:
    alliance = request.alliance
    return selectors.current_assessment_rows(alliance, as_of=when.as_of)


@router.get(
    "{alliance_slug}/stakeholders/{stakeholder_id}/assessments",
    response={200: list[AssessmentOut], **READ_ERRORS},
    summary="A stakeholder's assessments, newest (current) first",
)
@paginate(Pagination)
@api_operation("landscape.view_assessments")
def assessment_list(request: AllianceRequest, alliance_slug: str, stakeholder_id: int = RecordId) -> Any:
    alliance = request.alliance
    return selectors.assessments_of(_stakeholder(alliance, stakeholder_id))


@router.post(
    "{alliance_slug}/stakeholders/{stakeholder_id}/assessments",
    response={201: AssessmentOut, **WRITE_ERRORS},
    summary="Record an assessment (it becomes the current one)",
)
@api_operation("landscape.assess", write=True)
def assessment_create(
    request: AllianceRequest, alliance_slug: str, payload: AssessmentIn, stakeholder_id: int = RecordId
) -> Any:
    alliance = request.alliance
    stakeholder = _stakeholder(alliance, stakeholder_id)
    assessment = services.assessment_record(stakeholder=stakeholder, user=request.user, **payload.model_dump())
    return Status(201, assessment)


# --- ties -------------------------------------------------------------------------------------


@router.get(
    "{alliance_slug}/ties",
    response={200: list[TieOut], **READ_ERRORS},
    summary="Ties between stakeholders",
)
@paginate(Pagination)
@api_operation("landscape.view_stakeholders")
def tie_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    return selectors.ties_list(alliance)


@router.post(
    "{alliance_slug}/ties",
    response={201: TieOut, **WRITE_ERRORS},
    summary="Add a tie",
    description="Self-ties, unknown stakeholders and a second tie of the same kind between the same "
    "pair are refused with 422 naming the field.",
)
@api_operation("landscape.change_stakeholders", write=True)
def tie_create(request: AllianceRequest, alliance_slug: str, payload: TieIn) -> Any:
    alliance = request.alliance
    source = _in_body(alliance, "source_id", payload.source_id)
    target = _in_body(alliance, "target_id", payload.target_id)
    try:
        tie = services.tie_create(
            alliance=alliance,
            source=source,  # type: ignore[arg-type]
            target=target,  # type: ignore[arg-type]
            kind=payload.kind,
            strength=payload.strength,
            note=payload.note,
        )
    except ValidationError as exc:
        # The body names the ends by id: report a refusal about the target end at target_id.
        if hasattr(exc, "error_dict") and "target" in exc.error_dict:
            exc.error_dict["target_id"] = exc.error_dict.pop("target")
        raise
    return Status(201, tie)


@router.patch(
    "{alliance_slug}/ties/{tie_id}",
    response={200: TieOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Change a tie's kind, strength or note",
    description="A `version` other than the one stored is refused with 409 listing what changed.",
)
@api_operation("landscape.change_stakeholders", write=True)
def tie_update(request: AllianceRequest, alliance_slug: str, payload: TiePatch, tie_id: int = RecordId) -> Tie:
    alliance = request.alliance
    tie = get_in_alliance(alliance.ties.select_related("source", "target"), pk=tie_id)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    services.tie_update(tie=tie, version=version, **{k: v for k, v in changes.items() if v is not None})
    return tie


@router.delete(
    "{alliance_slug}/ties/{tie_id}",
    response={204: None, **READ_ERRORS},
    summary="Remove a tie",
)
@api_operation("landscape.change_stakeholders", write=True)
def tie_delete(request: AllianceRequest, alliance_slug: str, tie_id: int = RecordId) -> Any:
    alliance = request.alliance
    tie = get_in_alliance(alliance.ties, pk=tie_id)
    services.tie_delete(tie=tie)
    return Status(204, None)
