"""API for the principles and non-negotiables (versions, circulation, acknowledgements,
endorsements) and the organisational framework (elements and generated documents)."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.alliances import documents, selectors, services
from accord.alliances.api import StaleVersionOut
from accord.alliances.models import (
    Acknowledgement,
    Charter,
    Circulation,
    Endorsement,
    FrameworkDocument,
    FrameworkElement,
)
from accord.api.auth import scoped
from accord.api.schemas import READ_ERRORS, WRITE_ERRORS, BodySchema, CleanStr, Pagination, PathId
from accord.core.tenancy import get_in_alliance

router = Router()

CharterKind = Literal["principles", "non_negotiables"]
DocumentKind = Literal["ways_of_working", "terms_of_reference", "mou"]
RecordId = PathId


class CharterItem(BodySchema):
    title: CleanStr = Field("", max_length=services.ITEM_TITLE_MAX)
    text: CleanStr = Field(..., min_length=1, max_length=services.ITEM_TEXT_MAX)


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
    items: list[CharterItem] = Field(..., max_length=services.CHARTER_ITEMS_MAX)
    change_note: CleanStr = Field("", max_length=300)


class AcknowledgementOut(Schema):
    user: str
    acknowledged_at: dt.datetime

    @staticmethod
    def resolve_user(obj: Acknowledgement) -> str:
        return str(obj.user)


class CirculationOut(Schema):
    id: int
    purpose_id: int | None
    charter_id: int | None
    circulated_by: str | None
    circulated_at: dt.datetime
    recipients: int
    acknowledgements: list[AcknowledgementOut]

    @staticmethod
    def resolve_circulated_by(obj: Circulation) -> str | None:
        return str(obj.circulated_by) if obj.circulated_by else None

    @staticmethod
    def resolve_acknowledgements(obj: Circulation) -> list[Acknowledgement]:
        return list(obj.acknowledgements.all())


class TextIn(BodySchema):
    """One text: a purpose version or a charter version (exactly one of the two)."""

    purpose_id: int | None = Field(None, ge=1, le=2**31 - 1)
    charter_id: int | None = Field(None, ge=1, le=2**31 - 1)


class EndorsementIn(TextIn):
    note: CleanStr = Field("", max_length=300)


class EndorsementOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    purpose_id: int | None
    charter_id: int | None
    endorsed_by: str | None
    endorsed_at: dt.datetime
    note: str

    @staticmethod
    def resolve_organisation(obj: Endorsement) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_endorsed_by(obj: Endorsement) -> str | None:
        return str(obj.endorsed_by) if obj.endorsed_by else None


class ElementOut(Schema):
    id: int
    name: str
    formal: bool
    note: str
    order: int


class ElementIn(BodySchema):
    """Send only what changes."""

    name: CleanStr | None = Field(None, min_length=1, max_length=200)
    formal: bool | None = None
    note: CleanStr | None = Field(None, max_length=300)


class DocumentOut(Schema):
    id: int
    kind: DocumentKind
    version: int
    title: str
    preamble: str
    created_at: dt.datetime
    adopted_at: dt.datetime | None
    adopted_by_proposal: int | None
    snapshot: dict[str, Any]
    docx_url: str
    pdf_url: str

    @staticmethod
    def resolve_adopted_by_proposal(obj: FrameworkDocument) -> int | None:
        return obj.adopted_by_id

    @staticmethod
    def resolve_docx_url(obj: FrameworkDocument) -> str:
        return f"/api/alliances/{obj.alliance.slug}/framework/documents/{obj.pk}/docx"

    @staticmethod
    def resolve_pdf_url(obj: FrameworkDocument) -> str:
        return f"/api/alliances/{obj.alliance.slug}/framework/documents/{obj.pk}/pdf"


class DocumentIn(BodySchema):
    kind: DocumentKind
    title: CleanStr = Field("", max_length=200)
    preamble: CleanStr = Field("", max_length=5000)


def _text(alliance: Any, payload: TextIn) -> dict[str, Any]:
    """The purpose or charter a request names, fetched through the alliance (404 if foreign)."""
    if (payload.purpose_id is None) == (payload.charter_id is None):
        raise ValidationError({"purpose_id": "give exactly one of purpose_id and charter_id"})
    if payload.purpose_id is not None:
        return {"purpose": get_in_alliance(alliance.purposes, pk=payload.purpose_id)}
    return {"charter": get_in_alliance(alliance.charters, pk=payload.charter_id)}


# --- Charters --------------------------------------------------------------------------------


@router.get(
    "{alliance_slug}/charters",
    response={200: list[CharterOut], **READ_ERRORS},
    summary="Every version of the principles and non-negotiables, newest first",
)
@paginate(Pagination)
def charter_list(request: HttpRequest, alliance_slug: str, kind: CharterKind | None = None) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.view_charters")
    qs = alliance.charters.select_related("created_by").order_by("kind", "-version")  # type: ignore[attr-defined]
    return qs.filter(kind=kind) if kind else qs


@router.get(
    "{alliance_slug}/charters/{charter_id}",
    response={200: CharterOut, **READ_ERRORS},
    summary="One version of the principles or non-negotiables",
)
def charter_detail(request: HttpRequest, alliance_slug: str, charter_id: int = RecordId) -> Charter:
    alliance = scoped(request, alliance_slug, "alliances.view_charters")
    return get_in_alliance(alliance.charters.select_related("created_by"), pk=charter_id)  # type: ignore[attr-defined]


@router.post(
    "{alliance_slug}/charters",
    response={201: CharterOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Save a new version of the principles or non-negotiables",
)
def charter_create(request: HttpRequest, alliance_slug: str, payload: CharterIn) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.change_charters", write=True)
    try:
        charter = services.charter_save(
            alliance=alliance,
            user=request.user,
            kind=payload.kind,
            items=[i.model_dump() for i in payload.items],
            change_note=payload.change_note,
            base_version=payload.base_version,
        )
    except services.StaleVersion as exc:
        return Status(409, {"detail": str(exc), "current_version": exc.current.version})
    return Status(201, charter)


# --- Circulation, acknowledgements, endorsements -----------------------------------------------


@router.get(
    "{alliance_slug}/circulations",
    response={200: list[CirculationOut], **READ_ERRORS},
    summary="Agreed texts sent to the representatives, with who acknowledged",
)
@paginate(Pagination)
def circulation_list(request: HttpRequest, alliance_slug: str) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.view_charters")
    return selectors.circulations_for(alliance)


@router.post(
    "{alliance_slug}/circulations",
    response={201: CirculationOut, **WRITE_ERRORS},
    summary="Send an agreed text to every representative (co-chairs and secretariat)",
    description="422 when the text is not agreed yet.",
)
def circulation_create(request: HttpRequest, alliance_slug: str, payload: TextIn) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.circulate", write=True)
    circulation = services.circulation_create(alliance=alliance, user=request.user, **_text(alliance, payload))
    return Status(201, circulation)


@router.post(
    "{alliance_slug}/circulations/{circulation_id}/acknowledge",
    response={200: AcknowledgementOut, **WRITE_ERRORS},
    summary="Acknowledge having received a circulated text (repeating it keeps the first)",
)
def circulation_acknowledge(request: HttpRequest, alliance_slug: str, circulation_id: int = RecordId) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.acknowledge", write=True)
    circulation = get_in_alliance(alliance.circulations, pk=circulation_id)  # type: ignore[attr-defined]
    return services.acknowledgement_record(circulation=circulation, user=request.user)


@router.get(
    "{alliance_slug}/endorsements",
    response={200: list[EndorsementOut], **READ_ERRORS},
    summary="Member organisations' endorsements of specific versions",
)
@paginate(Pagination)
def endorsement_list(request: HttpRequest, alliance_slug: str) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.view_charters")
    return alliance.endorsements.select_related("organisation", "endorsed_by").order_by("-endorsed_at", "pk")  # type: ignore[attr-defined]


@router.post(
    "{alliance_slug}/endorsements",
    response={201: EndorsementOut, **WRITE_ERRORS},
    summary="Record your organisation's endorsement of one agreed version (representatives)",
    description="422 when the version is not agreed or your organisation already endorsed it.",
)
def endorsement_create(request: HttpRequest, alliance_slug: str, payload: EndorsementIn) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.endorse", write=True)
    endorsement = services.endorsement_record(
        alliance=alliance, user=request.user, note=payload.note, **_text(alliance, payload)
    )
    return Status(201, endorsement)


# --- Framework -------------------------------------------------------------------------------


@router.get(
    "{alliance_slug}/framework/elements",
    response={200: list[ElementOut], **READ_ERRORS},
    summary="Elements of the framework and whether each is formal or informal",
)
def element_list(request: HttpRequest, alliance_slug: str) -> list[FrameworkElement]:
    alliance = scoped(request, alliance_slug, "alliances.view_framework")
    return selectors.framework_elements(alliance)


@router.patch(
    "{alliance_slug}/framework/elements/{framework_element_id}",
    response={200: ElementOut, **WRITE_ERRORS},
    summary="Change an element (co-chairs and secretariat)",
)
def element_update(
    request: HttpRequest, alliance_slug: str, payload: ElementIn, framework_element_id: int = RecordId
) -> FrameworkElement:
    alliance = scoped(request, alliance_slug, "alliances.change_framework", write=True)
    element = get_in_alliance(alliance.framework_elements, pk=framework_element_id)  # type: ignore[attr-defined]
    return services.framework_element_save(
        alliance=alliance,
        element=element,
        name=payload.name if payload.name is not None else element.name,
        formal=payload.formal if payload.formal is not None else element.formal,
        note=payload.note if payload.note is not None else element.note,
    )


@router.get(
    "{alliance_slug}/framework/documents",
    response={200: list[DocumentOut], **READ_ERRORS},
    summary="Generated framework documents, every version",
)
@paginate(Pagination)
def document_list(request: HttpRequest, alliance_slug: str) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.view_framework")
    return alliance.framework_documents.select_related("alliance").order_by("kind", "-version")  # type: ignore[attr-defined]


@router.post(
    "{alliance_slug}/framework/documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Generate a new version of a framework document from the alliance's records",
)
def document_generate(request: HttpRequest, alliance_slug: str, payload: DocumentIn) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.change_framework", write=True)
    document = services.framework_document_generate(
        alliance=alliance, user=request.user, kind=payload.kind, title=payload.title, preamble=payload.preamble
    )
    return Status(201, document)


@router.get(
    "{alliance_slug}/framework/documents/{framework_document_id}",
    response={200: DocumentOut, **READ_ERRORS},
    summary="A framework document's metadata and the records it was generated from",
)
def document_detail(request: HttpRequest, alliance_slug: str, framework_document_id: int = RecordId) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.view_framework")
    return get_in_alliance(alliance.framework_documents.select_related("alliance"), pk=framework_document_id)  # type: ignore[attr-defined]


def _file_response(mime: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {"description": description, "content": {mime: {"schema": {"type": "string", "format": "binary"}}}}
        }
    }


@router.get(
    "{alliance_slug}/framework/documents/{framework_document_id}/docx",
    response={200: None, **READ_ERRORS},
    summary="Download the document as DOCX",
    openapi_extra=_file_response(documents.DOCX_MIME, "The document as a Word file"),
)
def document_docx(request: HttpRequest, alliance_slug: str, framework_document_id: int = RecordId) -> HttpResponse:
    alliance = scoped(request, alliance_slug, "alliances.view_framework")
    doc = get_in_alliance(alliance.framework_documents, pk=framework_document_id)  # type: ignore[attr-defined]
    response = HttpResponse(documents.render_docx(doc), content_type=documents.DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(doc, "docx")}"'
    return response


@router.get(
    "{alliance_slug}/framework/documents/{framework_document_id}/pdf",
    response={200: None, **READ_ERRORS},
    summary="Download the document as PDF",
    openapi_extra=_file_response(documents.PDF_MIME, "The document as a PDF file"),
)
def document_pdf(request: HttpRequest, alliance_slug: str, framework_document_id: int = RecordId) -> HttpResponse:
    alliance = scoped(request, alliance_slug, "alliances.view_framework")
    doc = get_in_alliance(alliance.framework_documents, pk=framework_document_id)  # type: ignore[attr-defined]
    response = HttpResponse(documents.render_pdf(doc), content_type=documents.PDF_MIME)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(doc, "pdf")}"'
    return response
