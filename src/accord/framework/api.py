"""API for the organisational framework: elements and generated documents (DOCX and PDF)."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.api.auth import api_operation
from accord.api.schemas import READ_ERRORS, WRITE_ERRORS, BodySchema, CleanStr, Pagination, StaleVersionOut, VersionIn
from accord.api.schemas import PathId as RecordId
from accord.core.tenancy import AllianceRequest, get_in_alliance
from accord.framework.documents import DOCX_MIME, PDF_MIME, download
from accord.framework.models import FrameworkDocument, FrameworkElement
from accord.framework.selectors import framework_elements
from accord.framework.services import framework_document_generate, framework_element_save

router = Router()

DocumentKind = Literal["ways_of_working", "terms_of_reference", "mou"]


class ElementOut(Schema):
    id: int
    name: str
    formal: bool
    note: str
    order: int
    version: int = Field(..., description="Send it back with a change; it rises with every save")


class ElementIn(BodySchema):
    """Send only what changes, with the `version` you read."""

    version: int = VersionIn
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


@router.get(
    "{alliance_slug}/framework/elements",
    response={200: list[ElementOut], **READ_ERRORS},
    summary="Elements of the framework and whether each is formal or informal",
)
@api_operation("framework.view_framework")
def element_list(request: AllianceRequest, alliance_slug: str) -> list[FrameworkElement]:
    alliance = request.alliance
    return framework_elements(alliance)


@router.patch(
    "{alliance_slug}/framework/elements/{framework_element_id}",
    response={200: ElementOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Change an element (co-chairs and secretariat)",
    description="A `version` other than the one stored is refused with 409 listing what changed.",
)
@api_operation("framework.change_framework", write=True)
def element_update(
    request: AllianceRequest, alliance_slug: str, payload: ElementIn, framework_element_id: int = RecordId
) -> FrameworkElement:
    alliance = request.alliance
    element = get_in_alliance(alliance.framework_elements, pk=framework_element_id)
    return framework_element_save(
        alliance=alliance,
        element=element,
        name=payload.name if payload.name is not None else element.name,
        formal=payload.formal if payload.formal is not None else element.formal,
        note=payload.note if payload.note is not None else element.note,
        version=payload.version,
    )


@router.get(
    "{alliance_slug}/framework/documents",
    response={200: list[DocumentOut], **READ_ERRORS},
    summary="Generated framework documents, every version",
)
@paginate(Pagination)
@api_operation("framework.view_framework")
def document_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    return alliance.framework_documents.select_related("alliance").order_by("kind", "-version")


@router.post(
    "{alliance_slug}/framework/documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Generate a new version of a framework document from the alliance's records",
)
@api_operation("framework.change_framework", write=True)
def document_generate(request: AllianceRequest, alliance_slug: str, payload: DocumentIn) -> Any:
    alliance = request.alliance
    document = framework_document_generate(
        alliance=alliance, user=request.user, kind=payload.kind, title=payload.title, preamble=payload.preamble
    )
    return Status(201, document)


@router.get(
    "{alliance_slug}/framework/documents/{framework_document_id}",
    response={200: DocumentOut, **READ_ERRORS},
    summary="A framework document's metadata and the records it was generated from",
)
@api_operation("framework.view_framework")
def document_detail(request: AllianceRequest, alliance_slug: str, framework_document_id: int = RecordId) -> Any:
    alliance = request.alliance
    return get_in_alliance(alliance.framework_documents.select_related("alliance"), pk=framework_document_id)


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
    openapi_extra=_file_response(DOCX_MIME, "The document as a Word file"),
)
@api_operation("framework.view_framework")
def document_docx(request: AllianceRequest, alliance_slug: str, framework_document_id: int = RecordId) -> HttpResponse:
    alliance = request.alliance
    doc = get_in_alliance(alliance.framework_documents, pk=framework_document_id)
    return download(doc, "docx")


@router.get(
    "{alliance_slug}/framework/documents/{framework_document_id}/pdf",
    response={200: None, **READ_ERRORS},
    summary="Download the document as PDF",
    openapi_extra=_file_response(PDF_MIME, "The document as a PDF file"),
)
@api_operation("framework.view_framework")
def document_pdf(request: AllianceRequest, alliance_slug: str, framework_document_id: int = RecordId) -> HttpResponse:
    alliance = request.alliance
    doc = get_in_alliance(alliance.framework_documents, pk=framework_document_id)
    return download(doc, "pdf")
