"""API for the principles and non-negotiables (versions, circulation, acknowledgements,
endorsements) and the organisational framework (elements and generated documents)."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.api.auth import api_operation
from accord.api.schemas import READ_ERRORS, WRITE_ERRORS, BodySchema, CleanStr, Pagination, PathId
from accord.charters import services
from accord.charters.models import Acknowledgement, Charter, Circulation, Endorsement
from accord.charters.selectors import circulations_for
from accord.charters.services import (
    CHARTER_ITEMS_MAX,
    ITEM_TEXT_MAX,
    ITEM_TITLE_MAX,
    acknowledgement_record,
    charter_save,
    endorsement_record,
)
from accord.core import capabilities
from accord.core.privacy import name_for
from accord.core.tenancy import AllianceRequest, get_in_alliance
from accord.purpose.api import StaleVersionOut
from accord.purpose.services import StaleVersion

router = Router()

CharterKind = Literal["principles", "non_negotiables"]
RecordId = PathId


class CharterItem(BodySchema):
    title: CleanStr = Field("", max_length=ITEM_TITLE_MAX)
    text: CleanStr = Field(..., min_length=1, max_length=ITEM_TEXT_MAX)


class CharterItemOut(Schema):
    title: str
    text: str


class CharterOut(Schema):
    id: int
    kind: CharterKind
    version: int
    items: list[CharterItemOut]
    change_note: str
    created_by: str | None
    created_at: dt.datetime
    agreed_at: dt.datetime | None
    agreed_by_proposal: int | None

    @staticmethod
    def resolve_created_by(obj: Charter) -> str | None:
        return str(obj.created_by) if obj.created_by else None

    @staticmethod
    def resolve_agreed_by_proposal(obj: Charter) -> int | None:
        return obj.agreed_by_id

    @staticmethod
    def resolve_items(obj: Charter) -> list[dict[str, str]]:
        return [{"title": str(i.get("title", "")), "text": str(i.get("text", ""))} for i in obj.items]


class CharterIn(BodySchema):
    """A new version. `base_version` is the version you started from (null for the first); if
    someone saved a newer one since, the answer is 409 and nothing is written."""

    kind: CharterKind
    base_version: int | None = Field(..., ge=1, le=2**31 - 1)
    # At least one item: checked by the service (a 422 naming `items`), after the token's scope.
    items: list[CharterItem] = Field(..., max_length=CHARTER_ITEMS_MAX)
    change_note: CleanStr = Field("", max_length=300)


_PERSON = "The person's name; null for observers, who see organisations only."


class AcknowledgementOut(Schema):
    user: str | None = Field(..., description=_PERSON)
    acknowledged_at: dt.datetime

    @staticmethod
    def resolve_user(obj: Acknowledgement, context: Any) -> str | None:
        return name_for(obj.user, context)


class _TextOut(Schema):
    """The text a circulation or endorsement is about: its kind and record id, and, as before,
    `purpose_id` or `charter_id` for the two kinds the API named from the start."""

    id: int
    subject: str
    record_id: int
    purpose_id: int | None
    charter_id: int | None

    @staticmethod
    def resolve_purpose_id(obj: Any) -> int | None:
        return obj.record_id if obj.subject == "purpose" else None

    @staticmethod
    def resolve_charter_id(obj: Any) -> int | None:
        return obj.record_id if obj.subject == "charter" else None


class CirculationOut(_TextOut):
    circulated_by: str | None = Field(..., description=_PERSON)
    circulated_at: dt.datetime
    recipients: int
    acknowledgements: list[AcknowledgementOut]

    @staticmethod
    def resolve_circulated_by(obj: Circulation, context: Any) -> str | None:
        return name_for(obj.circulated_by, context)

    @staticmethod
    def resolve_acknowledgements(obj: Circulation) -> list[Acknowledgement]:
        return list(obj.acknowledgements.all())


class TextIn(BodySchema):
    """One agreed text: `subject` (a declared kind of text: purpose, charter, framework…) and its
    `record_id`; or, as before, exactly one of `purpose_id` and `charter_id`."""

    subject: str | None = Field(None, max_length=40)
    record_id: int | None = Field(None, ge=1, le=2**31 - 1)
    purpose_id: int | None = Field(None, ge=1, le=2**31 - 1)
    charter_id: int | None = Field(None, ge=1, le=2**31 - 1)


class EndorsementIn(TextIn):
    note: CleanStr = Field("", max_length=300)


class EndorsementOut(_TextOut):
    organisation_id: int
    organisation: str
    endorsed_by: str | None = Field(..., description=_PERSON)
    endorsed_at: dt.datetime
    note: str

    @staticmethod
    def resolve_organisation(obj: Endorsement) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_endorsed_by(obj: Endorsement, context: Any) -> str | None:
        return name_for(obj.endorsed_by, context)


def _text(alliance: Any, payload: TextIn) -> Any:
    """The text a request names, fetched through its declared kind within the alliance (a
    foreign or missing id is a 404)."""
    named: list[tuple[str, int | None]] = [
        (k, v) for k, v in (("purpose", payload.purpose_id), ("charter", payload.charter_id)) if v is not None
    ]
    if payload.subject is not None or payload.record_id is not None:
        named.append((payload.subject or "", payload.record_id))
    if len(named) != 1:
        raise ValidationError({"purpose_id": "give exactly one text: subject and record_id, purpose_id or charter_id"})
    key, record_id = named[0]
    kind = capabilities.text_kind(key)
    if kind is None or record_id is None:
        raise ValidationError({"subject": "name a kind of text and its record_id"})
    record = kind.get(alliance, record_id)
    if record is None:
        raise Http404
    return record


# --- Charters --------------------------------------------------------------------------------


@router.get(
    "{alliance_slug}/charters",
    response={200: list[CharterOut], **READ_ERRORS},
    summary="Every version of the principles and non-negotiables, newest first",
)
@paginate(Pagination)
@api_operation("charters.view_charters")
def charter_list(request: AllianceRequest, alliance_slug: str, kind: CharterKind | None = None) -> Any:
    alliance = request.alliance
    qs = alliance.charters.select_related("created_by").order_by("kind", "-version")
    return qs.filter(kind=kind) if kind else qs


@router.get(
    "{alliance_slug}/charters/{charter_id}",
    response={200: CharterOut, **READ_ERRORS},
    summary="One version of the principles or non-negotiables",
)
@api_operation("charters.view_charters")
def charter_detail(request: AllianceRequest, alliance_slug: str, charter_id: int = RecordId) -> Charter:
    alliance = request.alliance
    return get_in_alliance(alliance.charters.select_related("created_by"), pk=charter_id)


@router.post(
    "{alliance_slug}/charters",
    response={201: CharterOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Save a new version of the principles or non-negotiables",
)
@api_operation("charters.change_charters", write=True)
def charter_create(request: AllianceRequest, alliance_slug: str, payload: CharterIn) -> Any:
    alliance = request.alliance
    try:
        charter = charter_save(
            alliance=alliance,
            user=request.user,
            kind=payload.kind,
            items=[i.model_dump() for i in payload.items],
            change_note=payload.change_note,
            base_version=payload.base_version,
        )
    except StaleVersion as exc:
        return Status(409, {"detail": str(exc), "current_version": exc.current.version})
    return Status(201, charter)


# --- Circulation, acknowledgements, endorsements -----------------------------------------------


@router.get(
    "{alliance_slug}/circulations",
    response={200: list[CirculationOut], **READ_ERRORS},
    summary="Agreed texts sent to the representatives, with who acknowledged",
)
@paginate(Pagination)
@api_operation("charters.view_charters")
def circulation_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    return circulations_for(alliance)


@router.post(
    "{alliance_slug}/circulations",
    response={201: CirculationOut, **WRITE_ERRORS},
    summary="Send an agreed text to every representative (co-chairs and secretariat)",
    description="422 when the text is not agreed yet.",
)
@api_operation("charters.circulate", write=True)
def circulation_create(request: AllianceRequest, alliance_slug: str, payload: TextIn) -> Any:
    alliance = request.alliance
    circulation = services.circulation_create(alliance=alliance, user=request.user, text=_text(alliance, payload))
    return Status(201, circulation)


@router.post(
    "{alliance_slug}/circulations/{circulation_id}/acknowledge",
    response={200: AcknowledgementOut, **WRITE_ERRORS},
    summary="Acknowledge having received a circulated text (repeating it keeps the first)",
)
@api_operation("charters.acknowledge", write=True)
def circulation_acknowledge(request: AllianceRequest, alliance_slug: str, circulation_id: int = RecordId) -> Any:
    alliance = request.alliance
    circulation = get_in_alliance(alliance.circulations, pk=circulation_id)
    return acknowledgement_record(circulation=circulation, user=request.user)


@router.get(
    "{alliance_slug}/endorsements",
    response={200: list[EndorsementOut], **READ_ERRORS},
    summary="Member organisations' endorsements of specific versions",
)
@paginate(Pagination)
@api_operation("charters.view_charters")
def endorsement_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    return alliance.endorsements.select_related("organisation", "endorsed_by").order_by("-endorsed_at", "pk")


@router.post(
    "{alliance_slug}/endorsements",
    response={201: EndorsementOut, **WRITE_ERRORS},
    summary="Record your organisation's endorsement of one agreed version (representatives)",
    description="422 when the version is not agreed or your organisation already endorsed it.",
)
@api_operation("charters.endorse", write=True)
def endorsement_create(request: AllianceRequest, alliance_slug: str, payload: EndorsementIn) -> Any:
    alliance = request.alliance
    endorsement = endorsement_record(
        alliance=alliance, user=request.user, note=payload.note, text=_text(alliance, payload)
    )
    return Status(201, endorsement)


# --- Framework -------------------------------------------------------------------------------
