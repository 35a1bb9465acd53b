"""Pages for the organisational framework (method step 5): which elements are formal or
informal, and framework documents generated from the alliance's records as DOCX and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.alliances import documents, selectors, services
from accord.alliances.forms import FrameworkElementForm, FrameworkGenerateForm
from accord.core.tenancy import authorize, can, get_in_alliance


def overview(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "alliances.view_framework")
    alliance = request.alliance  # type: ignore[attr-defined]
    return render(
        request,
        "alliances/framework/overview.html",
        {
            "elements": selectors.framework_elements(alliance),
            "documents": selectors.framework_documents(alliance),
            "generate_form": FrameworkGenerateForm() if can(request, "alliances.change_framework") else None,
        },
    )


@require_POST
def generate(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "alliances.change_framework")
    alliance = request.alliance  # type: ignore[attr-defined]
    form = FrameworkGenerateForm(request.POST)
    if form.is_valid():
        try:
            document = services.framework_document_generate(alliance=alliance, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Generated version %(v)s.") % {"v": document.version})
            return redirect("framework:document", alliance_slug=alliance.slug, framework_document_id=document.pk)
    return render(
        request,
        "alliances/framework/overview.html",
        {
            "elements": selectors.framework_elements(alliance),
            "documents": selectors.framework_documents(alliance),
            "generate_form": form,
        },
        status=422,
    )


def document(request: HttpRequest, alliance_slug: str, framework_document_id: int) -> HttpResponse:
    authorize(request, "alliances.view_framework")
    alliance = request.alliance  # type: ignore[attr-defined]
    doc = get_in_alliance(
        alliance.framework_documents.select_related("created_by", "adopted_by"), pk=framework_document_id
    )
    return render(
        request,
        "alliances/framework/document.html",
        {
            "document": doc,
            "content": documents.context(doc),
            "propose_url": selectors.propose_url(alliance, "framework", doc.pk),
            "proposal_url": selectors.proposal_url(alliance, doc.adopted_by_id),
        },
    )


def document_docx(request: HttpRequest, alliance_slug: str, framework_document_id: int) -> HttpResponse:
    authorize(request, "alliances.view_framework")
    doc = get_in_alliance(request.alliance.framework_documents, pk=framework_document_id)  # type: ignore[attr-defined]
    response = HttpResponse(documents.render_docx(doc), content_type=documents.DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(doc, "docx")}"'
    return response


def document_pdf(request: HttpRequest, alliance_slug: str, framework_document_id: int) -> HttpResponse:
    authorize(request, "alliances.view_framework")
    doc = get_in_alliance(request.alliance.framework_documents, pk=framework_document_id)  # type: ignore[attr-defined]
    response = HttpResponse(documents.render_pdf(doc), content_type=documents.PDF_MIME)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(doc, "pdf")}"'
    return response


def elements(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    """Edit which elements are formal or informal, and add new ones."""
    authorize(request, "alliances.change_framework")
    alliance = request.alliance  # type: ignore[attr-defined]
    add_form = FrameworkElementForm(request.POST or None, prefix="new")
    if request.method == "POST" and add_form.is_valid():
        try:
            services.framework_element_save(alliance=alliance, **add_form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                add_form.add_error(field if field in add_form.fields else None, errors)
        else:
            messages.success(request, _("Element added."))
            return redirect("framework:elements", alliance_slug=alliance.slug)
    rows = [
        (e, FrameworkElementForm(initial={"name": e.name, "formal": e.formal, "note": e.note}, prefix=f"e{e.pk}"))
        for e in selectors.framework_elements(alliance)
    ]
    return render(
        request,
        "alliances/framework/elements.html",
        {"rows": rows, "add_form": add_form},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def element_update(request: HttpRequest, alliance_slug: str, framework_element_id: int) -> HttpResponse:
    authorize(request, "alliances.change_framework")
    alliance = request.alliance  # type: ignore[attr-defined]
    element = get_in_alliance(alliance.framework_elements, pk=framework_element_id)
    if "delete" in request.POST:
        services.framework_element_delete(element=element)
        messages.success(request, _("Element removed."))
        return redirect("framework:elements", alliance_slug=alliance.slug)
    form = FrameworkElementForm(request.POST, prefix=f"e{element.pk}")
    if form.is_valid():
        try:
            services.framework_element_save(alliance=alliance, element=element, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("framework:elements", alliance_slug=alliance.slug)


@require_POST
def elements_defaults(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "alliances.change_framework")
    created = services.framework_elements_offer_defaults(alliance=request.alliance)  # type: ignore[attr-defined]
    messages.success(request, _("%(n)s usual elements added.") % {"n": len(created)})
    return redirect("framework:elements", alliance_slug=alliance_slug)
