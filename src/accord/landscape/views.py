"""The stakeholder register: the list with its filters, each stakeholder's page, and the forms
that add stakeholders, record assessments and link stakeholders with ties."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.forms import add_service_errors, conflict_form
from accord.core.history import changes_of
from accord.core.privacy import sees_contacts
from accord.core.tenancy import AllianceRequest, alliance_view, can, get_in_alliance
from accord.core.versions import StaleVersion
from accord.landscape import drawing, selectors, services
from accord.landscape.forms import (
    AssessmentForm,
    RegisterFilterForm,
    StakeholderForm,
    TargetForm,
    TieEditForm,
    TieForm,
)
from accord.landscape.models import Stakeholder, Tie

PAGE_SIZE = 50


# --- the register -----------------------------------------------------------------------------


@alliance_view("landscape.view_stakeholders")
def register(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    show_positions = can(request, "landscape.view_assessments")
    filter_form = RegisterFilterForm(request.GET or None)
    filter_form.is_valid()
    filters = filter_form.filters()
    if not show_positions:
        # Positions are assessments: those who cannot read them cannot filter by them either.
        filters["position"], filters["as_of"] = "", None
    page = Paginator(selectors.register(alliance, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    assessments = (
        selectors.current_assessments(alliance, as_of=filters["as_of"], stakeholder_ids=[s.pk for s in rows])
        if show_positions and rows
        else {}
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "landscape/register.html",
        {
            "filter_form": filter_form,
            "page": page,
            "rows": [(s, assessments.get(s.pk)) for s in rows],
            "show_positions": show_positions,
            "as_of": filters["as_of"],
            "query": query.urlencode(),
            "filtered": any(v not in ("", None) for v in filters.values()),
        },
    )


# --- one stakeholder --------------------------------------------------------------------------


# A stakeholder's page shows this many ties a page in each direction, the newest assessments in
# its table, and the chart draws at most the newest CHART_ASSESSMENTS.
TIES_PER_PAGE = 20
HISTORY_ROWS = 10
CHART_ASSESSMENTS = 50


def _ties_page(request: HttpRequest, stakeholder: Stakeholder, direction: str, total: int) -> Any:
    """One page of the stakeholder's ties in `direction`, newest first (`?ties_<direction>_page=`);
    a value that is not a page shows the first, one beyond the last shows the last."""
    param = f"ties_{direction}_page"
    paginator = Paginator(selectors.ties_newest(stakeholder, direction), TIES_PER_PAGE)
    paginator.__dict__["count"] = total  # counted by kind already: no second COUNT
    raw = request.GET.get(param, "")
    page = paginator.get_page(raw if raw.isdigit() else 1)
    page.bad = bool(raw) and (not raw.isdigit() or int(raw) != page.number)  # type: ignore[attr-defined]
    for attr, number in (("prev_query", page.number - 1), ("next_query", page.number + 1)):
        query = request.GET.copy()
        query[param] = str(number)
        setattr(page, attr, query.urlencode())
    return page


def _stakeholder_context(request: HttpRequest, stakeholder: Stakeholder, **forms: Any) -> dict[str, Any]:
    can_assess = can(request, "landscape.assess")
    can_change = can(request, "landscape.change_stakeholders")
    ctx: dict[str, Any] = {
        "stakeholder": stakeholder,
        "can_change": can_change,
        "can_assess": can_assess,
        "show_assessments": can(request, "landscape.view_assessments"),
        "people": selectors.people_of(stakeholder),
        "see_contacts": sees_contacts(request),
        "history": changes_of(stakeholder) if can(request, "core.view_history") else [],
    }
    counts = selectors.tie_counts(stakeholder)
    kinds = dict(Tie.Kind.choices)
    for direction in ("out", "in"):
        by_kind = counts[direction]
        ctx[f"ties_{direction}"] = _ties_page(request, stakeholder, direction, sum(by_kind.values()))
        ctx[f"ties_{direction}_kinds"] = [(kinds.get(k, k), n) for k, n in sorted(by_kind.items())]
    if ctx["show_assessments"]:
        # The chart draws the newest few (oldest first); the table lists the newest rows of them.
        assessments, ctx["assessments_total"] = selectors.assessments_newest(stakeholder, CHART_ASSESSMENTS)
        ctx["assessments"] = list(reversed(assessments))[:HISTORY_ROWS]
        ctx["current"] = assessments[-1] if assessments else None
        ctx["chart"] = drawing.history_chart(assessments)
    if can_assess:
        ctx["assess_form"] = forms.get("assess_form") or AssessmentForm()
    if can_change:
        # The tie form lists every other stakeholder: it has a page of its own (tie_create), so
        # this page stays the same size however large the register grows.
        ctx["target_form"] = forms.get("target_form") or TargetForm(
            initial={"is_target": stakeholder.is_target, "ask": stakeholder.target_ask, "version": stakeholder.version}
        )
    return ctx


def _get_stakeholder(request: AllianceRequest, stakeholder_id: int) -> Stakeholder:
    qs = request.alliance.stakeholders.select_related("membership", "organisation")
    return get_in_alliance(qs, pk=stakeholder_id)


@alliance_view("landscape.view_stakeholders")
def stakeholder_detail(request: AllianceRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    stakeholder = _get_stakeholder(request, stakeholder_id)
    return render(request, "landscape/stakeholder.html", _stakeholder_context(request, stakeholder))


@alliance_view("landscape.change_stakeholders")
def stakeholder_create(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    form = StakeholderForm(
        request.POST or None,
        instance=Stakeholder(alliance=alliance),
        alliance=alliance,
        contacts=sees_contacts(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_create(alliance=alliance, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added to the register.") % {"name": stakeholder.name})
            return redirect("landscape:stakeholder", alliance_slug=alliance.slug, stakeholder_id=stakeholder.pk)
    return render(request, "landscape/stakeholder_form.html", {"form": form, "stakeholder": None})


@alliance_view("landscape.change_stakeholders")
def stakeholder_edit(request: AllianceRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    alliance = request.alliance
    stakeholder = _get_stakeholder(request, stakeholder_id)
    # The form validates a copy, so a refused value never reaches the object the service reads.
    contacts = sees_contacts(request)
    form = StakeholderForm(request.POST or None, instance=copy.copy(stakeholder), alliance=alliance, contacts=contacts)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(stakeholder=stakeholder, **form.cleaned_data)
        except StaleVersion as exc:
            fields = [f for f in StakeholderForm.Meta.fields if f in form.fields]
            form = conflict_form(
                StakeholderForm, exc, fields, instance=copy.copy(exc.current), alliance=alliance, contacts=contacts
            )
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("landscape:stakeholder", alliance_slug=alliance.slug, stakeholder_id=stakeholder.pk)
    return render(request, "landscape/stakeholder_form.html", {"form": form, "stakeholder": stakeholder}, status=status)


@require_POST
@alliance_view("landscape.change_stakeholders")
def stakeholder_delete(request: AllianceRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    stakeholder = _get_stakeholder(request, stakeholder_id)
    try:
        services.stakeholder_delete(stakeholder=stakeholder)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("landscape:stakeholder", alliance_slug=alliance_slug, stakeholder_id=stakeholder_id)
    messages.success(request, _("%(name)s removed from the register.") % {"name": stakeholder.name})
    return redirect("landscape:register", alliance_slug=alliance_slug)


@require_POST
@alliance_view("landscape.change_stakeholders")
def stakeholder_target(request: AllianceRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    stakeholder = _get_stakeholder(request, stakeholder_id)
    form = TargetForm(request.POST)
    status = 200
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.stakeholder_mark_target(
                stakeholder=stakeholder, is_target=d["is_target"], ask=d["ask"], version=d["version"]
            )
        except StaleVersion as exc:
            form = conflict_form(TargetForm, exc, ("is_target", "target_ask"))
            form.initial["ask"] = form.initial.pop("target_ask")
            stakeholder, status = exc.current, 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect("landscape:stakeholder", alliance_slug=alliance_slug, stakeholder_id=stakeholder.pk)
    ctx = _stakeholder_context(request, stakeholder, target_form=form)
    return render(request, "landscape/stakeholder.html", ctx, status=status)


@alliance_view("landscape.assess")
def assessment_create(request: AllianceRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    """Record an assessment. With htmx the stakeholder page swaps in its refreshed assessments
    section (chart, table and an empty form); without, a plain form page."""
    stakeholder = _get_stakeholder(request, stakeholder_id)
    form = AssessmentForm(request.POST or None)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(stakeholder=stakeholder, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved = True
            if not request.htmx:
                messages.success(request, _("Assessment recorded."))
                return redirect("landscape:stakeholder", alliance_slug=alliance_slug, stakeholder_id=stakeholder.pk)
    if request.htmx:
        ctx = _stakeholder_context(request, stakeholder, assess_form=None if saved else form)
        ctx["just_saved"] = saved
        return render(request, "landscape/stakeholder.html#assessments", ctx)
    return render(request, "landscape/assessment_form.html", {"form": form, "stakeholder": stakeholder})


@alliance_view("landscape.change_stakeholders")
def tie_create(request: AllianceRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    stakeholder = _get_stakeholder(request, stakeholder_id)
    form = TieForm(request.POST or None, stakeholder=stakeholder)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        source, target = (stakeholder, d["other"]) if d["direction"] == TieForm.OUT else (d["other"], stakeholder)
        try:
            services.tie_create(
                alliance=request.alliance,
                source=source,
                target=target,
                kind=d["kind"],
                strength=d["strength"],
                note=d["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tie added."))
            return redirect("landscape:stakeholder", alliance_slug=alliance_slug, stakeholder_id=stakeholder.pk)
    return render(request, "landscape/tie_form.html", {"form": form, "stakeholder": stakeholder, "tie": None})


def _get_tie(request: AllianceRequest, tie_id: int) -> Tie:
    return get_in_alliance(request.alliance.ties.select_related("source", "target"), pk=tie_id)


@alliance_view("landscape.change_stakeholders")
def tie_edit(request: AllianceRequest, alliance_slug: str, tie_id: int) -> HttpResponse:
    tie = _get_tie(request, tie_id)
    initial = {"kind": tie.kind, "strength": tie.strength, "note": tie.note, "version": tie.version}
    form = TieEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.tie_update(tie=tie, **form.cleaned_data)
        except StaleVersion as exc:
            form, status = conflict_form(TieEditForm, exc, services.TIE_FIELDS), 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tie saved."))
            return redirect("landscape:stakeholder", alliance_slug=alliance_slug, stakeholder_id=tie.source_id)
    ctx = {"form": form, "stakeholder": tie.source, "tie": tie}
    return render(request, "landscape/tie_form.html", ctx, status=status)


@require_POST
@alliance_view("landscape.change_stakeholders")
def tie_delete(request: AllianceRequest, alliance_slug: str, tie_id: int) -> HttpResponse:
    tie = _get_tie(request, tie_id)
    back = request.POST.get("back")
    back_id = tie.target_id if back == "target" else tie.source_id
    services.tie_delete(tie=tie)
    messages.success(request, _("Tie removed."))
    return redirect("landscape:stakeholder", alliance_slug=alliance_slug, stakeholder_id=back_id)
