"""Pages for the principles and non-negotiables (method step 4): versions, comparison, agreement
by decision, circulation with acknowledgements, and endorsements of specific versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charters import selectors
from accord.charters.forms import CharterForm, CharterItemFormSet, EndorseForm, charter_items
from accord.charters.models import Charter
from accord.charters.selectors import (
    acknowledgement_status,
    agreed_charter,
    charter_diff,
    circulation_recipients,
    circulations_for,
    current_charter,
    endorsements_by_version,
    endorsements_for,
    is_circulated,
    my_organisation,
    proposal_url,
    propose_url,
    starter_principles,
)
from accord.charters.services import acknowledgement_record, charter_save, circulation_create, endorsement_record
from accord.core.history import changes_of
from accord.core.tenancy import AllianceRequest, alliance_view, can, get_in_alliance
from accord.core.versions import compare_versions
from accord.purpose.models import Purpose
from accord.purpose.selectors import agreed_purpose, current_purpose
from accord.purpose.services import StaleVersion

KIND_NAMES = {Charter.Kind.PRINCIPLES: "principles", Charter.Kind.NON_NEGOTIABLES: "non_negotiables"}


def _kind_url(kind: str, page: str = "") -> str:
    return "charters:" + KIND_NAMES[Charter.Kind(kind)] + (f"_{page}" if page else "")


@alliance_view("charters.view_charters")
def overview(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """Where step 4 stands: the purpose, principles and non-negotiables, agreed and circulated."""
    alliance = request.alliance
    rows: list[dict[str, Any]] = []
    purpose = current_purpose(alliance)
    agreed = agreed_purpose(alliance)
    rows.append(
        {
            "label": _("Purpose"),
            "current": purpose,
            "agreed": agreed,
            "circulated": bool(agreed and is_circulated(alliance, agreed)),
            "url": _purpose_url(alliance, agreed or purpose),
        }
    )
    for kind in Charter.Kind:
        current = current_charter(alliance, kind)
        agreed_c = agreed_charter(alliance, kind)
        rows.append(
            {
                "label": kind.label,
                "current": current,
                "agreed": agreed_c,
                "circulated": bool(agreed_c and is_circulated(alliance, agreed_c)),
                "url": _reverse(_kind_url(kind), alliance.slug),
            }
        )
    return render(request, "charters/overview.html", {"rows": rows})


def _purpose_url(alliance: Any, purpose: Purpose | None) -> str:
    if purpose is None:
        return _reverse("purpose:current", alliance.slug)
    return _reverse("charters:purpose", alliance.slug, purpose_id=purpose.pk)


def _reverse(name: str, slug: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"alliance_slug": slug, **kwargs})


@alliance_view("charters.view_charters")
def charter_current(request: AllianceRequest, alliance_slug: str, kind: str) -> HttpResponse:
    alliance = request.alliance
    current = current_charter(alliance, kind)
    if current is None:
        starter = starter_principles() if kind == Charter.Kind.PRINCIPLES else []
        return render(
            request,
            "charters/empty.html",
            {
                "kind": Charter.Kind(kind),
                "starter": starter,
                "edit_url": _reverse(_kind_url(kind, "edit"), alliance.slug),
            },
        )
    return _render_text(request, current, is_current=True)


@alliance_view("charters.view_charters")
def charter_version(request: AllianceRequest, alliance_slug: str, charter_id: int) -> HttpResponse:
    alliance = request.alliance
    charter = get_in_alliance(alliance.charters.select_related("created_by", "agreed_by"), pk=charter_id)
    latest = current_charter(alliance, charter.kind)
    return _render_text(request, charter, is_current=latest is not None and latest.pk == charter.pk)


def _agreement(
    request: AllianceRequest, *, purpose: Purpose | None = None, charter: Charter | None = None
) -> dict[str, Any]:
    """What the agreement panel shows for one version: the deciding proposal, the circulations
    with who acknowledged, and the endorsing organisations."""
    alliance = request.alliance
    text: Any = purpose if purpose is not None else charter
    recipients = circulation_recipients(alliance)
    circulations = circulations_for(alliance, text=text)
    endorsements = endorsements_for(alliance, text=text)
    organisation = my_organisation(alliance, request.user) if can(request, "charters.endorse") else None
    if charter is not None:
        circulate_url = _reverse("charters:circulate", alliance.slug, charter_id=charter.pk)
        endorse_url = _reverse("charters:endorse", alliance.slug, charter_id=charter.pk)
        propose = propose_url(alliance, "charter", charter.pk)
    else:
        assert purpose is not None
        circulate_url = _reverse("charters:purpose_circulate", alliance.slug, purpose_id=purpose.pk)
        endorse_url = _reverse("charters:purpose_endorse", alliance.slug, purpose_id=purpose.pk)
        propose = propose_url(alliance, "purpose", purpose.pk)
    return {
        "text": text,
        "statuses": [acknowledgement_status(c, recipients) for c in circulations],
        "endorsements": endorsements,
        "my_organisation": organisation,
        "already_endorsed": organisation is not None
        and any(e.organisation_id == organisation.pk for e in endorsements),
        "endorse_form": EndorseForm(),
        "circulate_url": circulate_url,
        "endorse_url": endorse_url,
        "propose_url": propose,
        "proposal_url": proposal_url(alliance, text.agreed_by_id),
        "recipient_count": len(recipients),
    }


def _render_text(request: AllianceRequest, charter: Charter, *, is_current: bool) -> HttpResponse:
    alliance = request.alliance
    history = changes_of(charter) if can(request, "core.view_history") else []
    return render(
        request,
        "charters/charter.html",
        {
            "charter": charter,
            "is_current": is_current,
            "history": history,
            "edit_url": _reverse(_kind_url(charter.kind, "edit"), alliance.slug),
            "versions_url": _reverse(_kind_url(charter.kind, "versions"), alliance.slug),
            **_agreement(request, charter=charter),
        },
    )


@alliance_view("charters.change_charters")
def charter_edit(request: AllianceRequest, alliance_slug: str, kind: str) -> HttpResponse:
    alliance = request.alliance
    current = current_charter(alliance, kind)
    conflict = None
    if request.method == "POST":
        form = CharterForm(request.POST)
        formset = CharterItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            try:
                charter = charter_save(
                    alliance=alliance,
                    user=request.user,
                    kind=kind,
                    items=charter_items(formset),
                    change_note=form.cleaned_data["change_note"],
                    base_version=form.cleaned_data["base_version"],
                )
            except StaleVersion as exc:
                # Keep the person's items; saving again is a deliberate merge on top of the
                # newer version, so the form now carries that version as its base.
                conflict = exc.current
                data = request.POST.copy()
                data["base_version"] = str(conflict.version)
                form = CharterForm(data)
                form.is_valid()
                form.add_error(
                    None, str(exc) + " " + _("Your text is kept below: compare, merge what you need, and save again.")
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Saved as version %(v)s.") % {"v": charter.version})
                return redirect(_reverse("charters:version", alliance.slug, charter_id=charter.pk))
    else:
        if current is not None:
            items = current.items
        elif kind == Charter.Kind.PRINCIPLES:
            items = starter_principles()
        else:
            items = []
        form = CharterForm(initial={"base_version": current.version if current else None})
        formset = CharterItemFormSet(initial=items, prefix="items")
    return render(
        request,
        "charters/edit.html",
        {
            "kind": Charter.Kind(kind),
            "form": form,
            "formset": formset,
            "current": current,
            "conflict": conflict,
            "cancel_url": _reverse(_kind_url(kind), alliance.slug),
        },
    )


@alliance_view("charters.view_charters")
def charter_versions(request: AllianceRequest, alliance_slug: str, kind: str) -> HttpResponse:
    alliance = request.alliance
    versions = selectors.charter_versions(alliance, kind)
    endorsed = endorsements_by_version(alliance, kind)
    rows = [(v, endorsed.get(v.version, [])) for v in versions]
    return render(
        request,
        "charters/versions.html",
        {"kind": Charter.Kind(kind), "rows": rows, "compare_url": _reverse(_kind_url(kind, "compare"), alliance.slug)},
    )


@alliance_view("charters.view_charters")
def charter_compare(request: AllianceRequest, alliance_slug: str, kind: str) -> HttpResponse:
    alliance = request.alliance
    comparison = compare_versions(request, selectors.charter_versions(alliance, kind), charter_diff)
    return render(
        request,
        "charters/compare.html",
        {
            "kind": Charter.Kind(kind),
            **comparison.context(),
            "versions_url": _reverse(_kind_url(kind, "versions"), alliance.slug),
        },
    )


@alliance_view("charters.view_charters")
def purpose_agreement(request: AllianceRequest, alliance_slug: str, purpose_id: int) -> HttpResponse:
    """Agreement, circulation and endorsements of one purpose version."""
    purpose = get_in_alliance(request.alliance.purposes.select_related("agreed_by"), pk=purpose_id)
    return render(request, "charters/purpose.html", {"purpose": purpose, **_agreement(request, purpose=purpose)})


def _circulate(request: AllianceRequest, text: Any) -> None:
    try:
        circulation = circulation_create(alliance=request.alliance, user=request.user, text=text)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sent to %(n)s people.") % {"n": circulation.recipients})


def _endorse(request: AllianceRequest, text: Any) -> None:
    form = EndorseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return
    try:
        endorsement_record(alliance=request.alliance, user=request.user, note=form.cleaned_data["note"], text=text)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your organisation's endorsement is recorded."))


@require_POST
@alliance_view("charters.circulate")
def charter_circulate(request: AllianceRequest, alliance_slug: str, charter_id: int) -> HttpResponse:
    charter = get_in_alliance(request.alliance.charters, pk=charter_id)
    _circulate(request, charter)
    return redirect(_reverse("charters:version", alliance_slug, charter_id=charter.pk))


@require_POST
@alliance_view("charters.endorse")
def charter_endorse(request: AllianceRequest, alliance_slug: str, charter_id: int) -> HttpResponse:
    charter = get_in_alliance(request.alliance.charters, pk=charter_id)
    _endorse(request, charter)
    return redirect(_reverse("charters:version", alliance_slug, charter_id=charter.pk))


@require_POST
@alliance_view("charters.circulate")
def purpose_circulate(request: AllianceRequest, alliance_slug: str, purpose_id: int) -> HttpResponse:
    purpose = get_in_alliance(request.alliance.purposes, pk=purpose_id)
    _circulate(request, purpose)
    return redirect(_reverse("charters:purpose", alliance_slug, purpose_id=purpose.pk))


@require_POST
@alliance_view("charters.endorse")
def purpose_endorse(request: AllianceRequest, alliance_slug: str, purpose_id: int) -> HttpResponse:
    purpose = get_in_alliance(request.alliance.purposes, pk=purpose_id)
    _endorse(request, purpose)
    return redirect(_reverse("charters:purpose", alliance_slug, purpose_id=purpose.pk))


@alliance_view("charters.view_charters")
def circulation(request: AllianceRequest, alliance_slug: str, circulation_id: int) -> HttpResponse:
    """The page the circulation email links to: the text, an Acknowledge button, and who has
    acknowledged so far."""
    alliance = request.alliance
    item = get_in_alliance(alliance.circulations.select_related("alliance", "circulated_by"), pk=circulation_id)
    full = circulations_for(alliance, text=item.record) if item.record is not None else [item]
    item = next(c for c in full if c.pk == item.pk)
    status = acknowledgement_status(item, circulation_recipients(alliance))
    text_url = item.kind.url(item.record) if item.kind and item.record is not None else ""
    acknowledged = any(a.user_id == request.user.pk for a in status.acknowledged)
    return render(
        request,
        "charters/circulation.html",
        {"circulation": item, "status": status, "text_url": text_url, "acknowledged": acknowledged},
    )


@require_POST
@alliance_view("charters.acknowledge")
def circulation_acknowledge(request: AllianceRequest, alliance_slug: str, circulation_id: int) -> HttpResponse:
    item = get_in_alliance(request.alliance.circulations, pk=circulation_id)
    acknowledgement_record(circulation=item, user=request.user)
    messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect(_reverse("charters:circulation", alliance_slug, circulation_id=item.pk))
