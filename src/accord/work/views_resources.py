"""Pages of the resource inventory: what members declared, what activities need and what was
committed to them, and the gap between the two. Each view declares its permission; the
services say whether this person may act for this organisation or this activity."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.forms import add_service_errors, conflict_form
from accord.core.tenancy import AllianceRequest, Refusal, alliance_view, get_in_alliance
from accord.core.versions import StaleVersion
from accord.work import forms_resources
from accord.work import selectors_resources as selectors
from accord.work import services_resources as services
from accord.work.forms_resources import OFFER_FIELDS, CommitForm, NeedForm, OfferEditForm, OfferForm
from accord.work.models import Activity, Commitment, ResourceKind, ResourceNeed, ResourceOffer

PAGE_SIZE = 30


def _activity(request: AllianceRequest, activity_id: int) -> Activity:
    return get_in_alliance(request.alliance.activities.select_related("alliance"), pk=activity_id)


def _activity_url(activity: Activity) -> str:
    return reverse("work:activity", kwargs={"alliance_slug": activity.alliance.slug, "activity_id": activity.pk})


def _resources_section(request: AllianceRequest, activity: Activity, status: int = 200, **forms: Any) -> HttpResponse:
    """The activity's resources section again: the partial alone for htmx, else a small page of
    its own (with the form's errors next to its fields)."""
    ctx = forms_resources.activity_resources_context(activity, request, **forms)
    ctx["activity"] = activity
    if request.htmx:
        # htmx swaps only a 2xx answer in: a refused form comes back as 200, its errors inside.
        return render(request, "work/partials/activity_resources.html", ctx)
    return render(request, "work/resources/activity.html", ctx, status=status)


# --- One activity's needs and commitments ---------------------------------------------------


@alliance_view("work.view")
def activity_resources(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    return _resources_section(request, _activity(request, activity_id))


@alliance_view("work.manage_needs")
@require_POST
def need_add(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    form = NeedForm(request.POST, prefix="need")
    if form.is_valid():
        try:
            services.need_add(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return _resources_section(request, activity)
            messages.success(request, _("Need added."))
            return redirect(_activity_url(activity))
    return _resources_section(request, activity, status=400, need_form=form)


@alliance_view("work.manage_needs")
@require_POST
def need_remove(request: AllianceRequest, alliance_slug: str, resource_need_id: int) -> HttpResponse:
    need = get_in_alliance(
        ResourceNeed.objects.filter(alliance=request.alliance).select_related("activity__alliance"), pk=resource_need_id
    )
    activity = need.activity
    try:
        services.need_remove(need=need, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Need removed."))
    if request.htmx:
        return _resources_section(request, activity)
    return redirect(_activity_url(activity))


@alliance_view("work.commit_resources")
@require_POST
def commit(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    # Validated against the one offer chosen (any the person may commit, listed or not).
    chosen = _int(request.POST.get("commit-offer"))
    offers = list(selectors.committable_offers(request.alliance, request.user).filter(pk=chosen)) if chosen else []
    form = CommitForm(request.POST, prefix="commit", offers=offers)
    if form.is_valid():
        d = form.cleaned_data
        # Through the alliance: another alliance's offer id is the same 404 as a missing one.
        offer = get_in_alliance(request.alliance.resource_offers, pk=d["offer"])
        try:
            services.commitment_add(
                activity=activity, offer=offer, role=d["role"], amount=d["amount"], note=d["note"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return _resources_section(request, activity)
            messages.success(request, _("Committed."))
            return redirect(_activity_url(activity))
    elif "offer" in form.errors and request.POST.get("commit-offer", "").isdigit():
        # An id that is not among the person's offers: a foreign or missing one is a 404, one of
        # this alliance they may not commit says so next to the field.
        get_in_alliance(request.alliance.resource_offers, pk=int(request.POST["commit-offer"]))
    return _resources_section(request, activity, status=400, commit_form=form)


@alliance_view("work.commit_resources")
@require_POST
def commitment_remove(request: AllianceRequest, alliance_slug: str, commitment_id: int) -> HttpResponse:
    commitment = get_in_alliance(
        Commitment.objects.filter(alliance=request.alliance).select_related("offer", "activity__alliance", "alliance"),
        pk=commitment_id,
    )
    activity = commitment.activity
    try:
        services.commitment_remove(commitment=commitment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Commitment withdrawn."))
    if request.htmx:
        return _resources_section(request, activity)
    return redirect(_activity_url(activity))


# --- The inventory ----------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@alliance_view("work.view")
def resources(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """What the members declared, filtered by kind and member, with totals per kind (and
    currency) counted in SQL and the offers a page at a time."""
    alliance = request.alliance
    kind = request.GET.get("kind", "")
    kind = kind if kind in ResourceKind.values else ""
    member = _int(request.GET.get("member"))
    rows = selectors.offers(alliance, kind=kind, member=member)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    acts = selectors.acts_for(request.user, alliance)
    ctx = {
        "page": page,
        "offers": [selectors.OfferRow(o, acts.covers(o.stakeholder_id)) for o in page.object_list],
        "totals": selectors.totals(alliance, kind=kind, member=member),
        "kinds": ResourceKind.choices,
        "kind": kind,
        "member": member,
        "members": selectors.member_choices(alliance),
    }
    return render(request, "work/resources/list.html", ctx)


@alliance_view("work.declare_resources")
@require_http_methods(["GET", "POST"])
def offer_new(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    form = OfferForm(request.POST or None, alliance=alliance, user=request.user)
    field = form.fields["stakeholder"]
    choices = list(field.queryset[:2])  # type: ignore[attr-defined]
    if len(choices) == 1:  # a representative declares for their own organisation
        form.initial["stakeholder"] = choices[0]
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.offer_declare(alliance=alliance, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Offer declared. Thank you."))
                return redirect("work:resources", alliance_slug=alliance.slug)
    return render(request, "work/resources/offer_form.html", {"form": form, "offer": None}, status=status)


def _offer(request: AllianceRequest, resource_offer_id: int) -> ResourceOffer:
    return get_in_alliance(selectors.offers(request.alliance, include_withdrawn=True), pk=resource_offer_id)


@alliance_view("work.declare_resources")
@require_http_methods(["GET", "POST"])
def offer_edit(request: AllianceRequest, alliance_slug: str, resource_offer_id: int) -> HttpResponse:
    offer = _offer(request, resource_offer_id)
    if not selectors.may_act_for(request.user, request.alliance, offer.stakeholder_id):
        raise Refusal(_("You change your own organisation's offers only."))
    initial = {name: getattr(offer, name) for name in OFFER_FIELDS} | {"version": offer.version}
    form = OfferEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = dict(form.cleaned_data)
            version = d.pop("version")
            try:
                services.offer_update(offer=offer, version=version, by=request.user, **d)
            except StaleVersion as exc:
                form = conflict_form(OfferEditForm, exc, OFFER_FIELDS)
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Offer saved."))
                return redirect("work:resources", alliance_slug=alliance_slug)
    ctx = {"form": form, "offer": offer, "row": selectors.OfferRow(offer)}
    return render(request, "work/resources/offer_form.html", ctx, status=status)


@alliance_view("work.declare_resources")
@require_POST
def offer_withdraw(request: AllianceRequest, alliance_slug: str, resource_offer_id: int) -> HttpResponse:
    offer = _offer(request, resource_offer_id)
    services.offer_withdraw(offer=offer, by=request.user)
    messages.success(request, _("Offer withdrawn. What was committed of it stays committed."))
    return redirect("work:resources", alliance_slug=alliance_slug)


# --- The gap ----------------------------------------------------------------------------------


@alliance_view("work.view")
def gap(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """Activities whose needs are not covered, activities with neither commitments nor "no extra
    resources", members that declared nothing yet; and who owns and who resources the work by
    type of organisation."""
    alliance = request.alliance
    ctx = {"gap": selectors.gap(alliance), "by_type": selectors.by_type(alliance)}
    return render(request, "work/resources/gap.html", ctx)
