"""Pages for the organisational framework (method step 5): which elements are formal or
informal, and framework documents generated from the alliance's records as DOCX and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charters.selectors import proposal_url, propose_url
from accord.core.forms import add_service_errors, conflict_form
from accord.core.tenancy import AllianceRequest, alliance_view, can, get_in_alliance
from accord.core.versions import StaleVersion
from accord.framework.documents import context, download
from accord.framework.forms import FrameworkElementEditForm, FrameworkElementForm, FrameworkGenerateForm
from accord.framework.selectors import framework_documents, framework_elements
from accord.framework.services import (
    ELEMENT_FIELDS,
    framework_document_generate,
    framework_element_delete,
    framework_element_save,
    framework_elements_offer_defaults,
)


@alliance_view("framework.view_framework")
def overview(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    return render(
        request,
        "framework/overview.html",
        {
            "elements": framework_elements(alliance),
            "documents": framework_documents(alliance),
            "generate_form": FrameworkGenerateForm() if can(request, "framework.change_framework") else None,
        },
    )


@require_POST
@alliance_view("framework.change_framework")
def generate(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    form = FrameworkGenerateForm(request.POST)
    if form.is_valid():
        try:
            document = framework_document_generate(alliance=alliance, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Generated version %(v)s.") % {"v": document.version})
            return redirect("framework:document", alliance_slug=alliance.slug, framework_document_id=document.pk)
    return render(
        request,
        "framework/overview.html",
        {
            "elements": framework_elements(alliance),
            "documents": framework_documents(alliance),
            "generate_form": form,
        },
        status=422,
    )


@alliance_view("framework.view_framework")
def document(request: AllianceRequest, alliance_slug: str, framework_document_id: int) -> HttpResponse:
    alliance = request.alliance
    doc = get_in_alliance(
        alliance.framework_documents.select_related("created_by", "adopted_by"), pk=framework_document_id
    )
    return render(
        request,
        "framework/document.html",
        {
            "document": doc,
            "content": context(doc),
            "propose_url": propose_url(alliance, "framework", doc.pk),
            "proposal_url": proposal_url(alliance, doc.adopted_by_id),
        },
    )


@alliance_view("framework.view_framework")
def document_docx(request: AllianceRequest, alliance_slug: str, framework_document_id: int) -> HttpResponse:
    doc = get_in_alliance(request.alliance.framework_documents, pk=framework_document_id)
    return download(doc, "docx")


@alliance_view("framework.view_framework")
def document_pdf(request: AllianceRequest, alliance_slug: str, framework_document_id: int) -> HttpResponse:
    doc = get_in_alliance(request.alliance.framework_documents, pk=framework_document_id)
    return download(doc, "pdf")


@alliance_view("framework.change_framework")
def elements(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """Edit which elements are formal or informal, and add new ones."""
    alliance = request.alliance
    add_form = FrameworkElementForm(request.POST or None, prefix="new")
    if request.method == "POST" and add_form.is_valid():
        try:
            framework_element_save(alliance=alliance, **add_form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(add_form, exc)
        else:
            messages.success(request, _("Element added."))
            return redirect("framework:elements", alliance_slug=alliance.slug)
    return _elements_page(request, add_form=add_form, status=422 if request.method == "POST" else 200)


def _elements_page(
    request: AllianceRequest,
    *,
    add_form: FrameworkElementForm | None = None,
    bound: FrameworkElementEditForm | None = None,
    bound_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = [
        (
            e,
            bound
            if e.pk == bound_pk
            else FrameworkElementEditForm(
                initial={"name": e.name, "formal": e.formal, "note": e.note, "version": e.version}, prefix=f"e{e.pk}"
            ),
        )
        for e in framework_elements(request.alliance)
    ]
    ctx = {"rows": rows, "add_form": add_form or FrameworkElementForm(prefix="new")}
    return render(request, "framework/elements.html", ctx, status=status)


@require_POST
@alliance_view("framework.change_framework")
def element_update(request: AllianceRequest, alliance_slug: str, framework_element_id: int) -> HttpResponse:
    alliance = request.alliance
    element = get_in_alliance(alliance.framework_elements, pk=framework_element_id)
    if "delete" in request.POST:
        framework_element_delete(element=element)
        messages.success(request, _("Element removed."))
        return redirect("framework:elements", alliance_slug=alliance.slug)
    form = FrameworkElementEditForm(request.POST, prefix=f"e{element.pk}")
    if form.is_valid():
        try:
            framework_element_save(alliance=alliance, element=element, **form.cleaned_data)
        except StaleVersion as exc:
            again = conflict_form(FrameworkElementEditForm, exc, ELEMENT_FIELDS, prefix=f"e{element.pk}")
            return _elements_page(request, bound=again, bound_pk=element.pk, status=409)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("framework:elements", alliance_slug=alliance.slug)


@require_POST
@alliance_view("framework.change_framework")
def elements_defaults(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    created = framework_elements_offer_defaults(alliance=request.alliance)
    messages.success(request, _("%(n)s usual elements added.") % {"n": len(created)})
    return redirect("framework:elements", alliance_slug=alliance_slug)
