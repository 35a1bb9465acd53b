"""The members page (organisations, invitations, requests to join, people, roles and voices)
and its actions. Every action is a POST to its own address that calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.core.forms import add_service_errors, csrf_field
from accord.core.notify import absolute
from accord.core.tenancy import AllianceRequest, alliance_view, authorize, can, get_in_alliance
from accord.core.versions import MAX_VERSION, MISSING_VERSION, StaleVersion
from accord.landscape.models import StakeholderType
from accord.lib.urls import record_url
from accord.membership import selectors, services, services_roles
from accord.membership.forms import (
    CoChairsForm,
    DecisionNoteForm,
    GrantRoleForm,
    InviteForm,
    LeaveForm,
    SecretariatTermForm,
)
from accord.membership.models import Membership, SeatRole


def _back(request: AllianceRequest, anchor: str = "") -> HttpResponse:
    url = reverse("membership:members", kwargs={"alliance_slug": request.alliance.slug})
    return redirect(url + (f"#{anchor}" if anchor else ""))


# Rows a page: organisations, then the shorter lists further down.
ORGANISATIONS_PER_PAGE = 50
ROWS_PER_PAGE = 20


class MemberFilterForm(forms.Form):
    """The organisations' filters (a GET form). A value it does not know is dropped, and said so."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Membership.Status.choices],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Type of organisation"),
        required=False,
        choices=[("", gettext_lazy("Any type")), *StakeholderType.choices],
    )
    voice = forms.ChoiceField(
        label=gettext_lazy("Voice in decisions"),
        required=False,
        choices=[
            ("", gettext_lazy("Any")),
            (selectors.VOICE_NAMED, gettext_lazy("Voice named")),
            (selectors.VOICE_MISSING, gettext_lazy("No voice named")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The page holds other forms with a status or a date: ids of its own.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)

    def filters(self) -> dict[str, str]:
        """The valid values; a field with an unknown value counts as not filtered."""
        self.is_valid()
        return {name: "" if name in self.errors else str(self.cleaned_data.get(name) or "") for name in self.fields}


def _paged(
    request: AllianceRequest, rows: Any, param: str, per_page: int, bad: list[str], count: int | None = None
) -> Page[Any]:
    """One page of `rows` for `?<param>=`; a page number that is not one shows the first page
    (beyond the last: the last) and adds a note to `bad`. A `count` already known saves the
    paginator its COUNT query."""
    raw = request.GET.get(param, "")
    if raw and not (raw.isdigit() and int(raw) >= 1):
        bad.append(_("“%(value)s” is not a page number: showing the first page.") % {"value": raw[:20]})
        raw = ""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached property
    page = paginator.get_page(raw or 1)
    if raw and int(raw) > page.number:
        bad.append(_("There is no page %(n)s: showing the last one.") % {"n": raw[:20]})
    # Links to the pages around it that keep the filters and the other lists' pages.
    for attr, number in (("prev_query", page.number - 1), ("next_query", page.number + 1)):
        query = request.GET.copy()
        query[param] = str(number)
        setattr(page, attr, query.urlencode())
    return page


def _page(request: AllianceRequest, status: int = 200, **bound: forms.Form) -> HttpResponse:
    """The members page. Forms the person may use are shown; `bound` replaces one with a form
    carrying errors. Every list on it comes a page at a time, its totals counted in SQL."""
    alliance = request.alliance
    filter_form = MemberFilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else {"status": "", "kind": "", "voice": ""}
    notes: list[str] = []
    if filter_form.is_bound and filter_form.errors:
        notes.append(_("A filter had a value Accord does not know; it was left out."))
    matching = selectors.memberships_filtered(alliance, **filters)
    # The totals per status under the other filters, so each status says how many it holds.
    by_status = selectors.status_totals(selectors.memberships_filtered(alliance, **{**filters, "status": ""}))
    total = by_status.get(filters["status"], 0) if filters["status"] else sum(by_status.values())
    page = _paged(
        request, matching.select_related("stakeholder", "voice__user"), "page", ORGANISATIONS_PER_PAGE, notes, total
    )
    memberships = list(page.object_list)
    reps_by_org = selectors.representatives_of(alliance, [m.stakeholder_id for m in memberships])
    # Each row's links and one CSRF field for all the page's forms: a page of fifty organisations
    # and fifty people otherwise reverses two hundred routes and masks a token per form.
    slug = {"alliance_slug": alliance.slug}
    voice_url = record_url("membership:voice", "membership_id", **slug)
    leave_url = record_url("membership:leave", "membership_id", **slug)
    rows = [
        {
            "m": m,
            "reps": reps_by_org.get(m.stakeholder_id, []),
            "voice": selectors.voice_of(m),
            "voice_url": voice_url(m.pk),
            "leave_url": leave_url(m.pk),
        }
        for m in memberships
    ]
    invitations_page = _paged(request, selectors.invitations(alliance), "invitations_page", ROWS_PER_PAGE, notes)
    resend_url = record_url("membership:invitation_resend", "invitation_id", **slug)
    revoke_url = record_url("membership:invitation_revoke", "invitation_id", **slug)
    seats_page = _paged(
        request, selectors.seats_with_current_roles(alliance), "people_page", ORGANISATIONS_PER_PAGE, notes
    )
    role_end_url = record_url("membership:role_end", "seat_role_id", **slug)
    for seat in seats_page.object_list:
        for role in seat.current_roles:
            role.end_url = role_end_url(role.pk)
    rotation = selectors.secretariat_rotation(alliance)
    for term in rotation.upcoming:
        term.end_url = role_end_url(term.pk)  # type: ignore[attr-defined]
    ctx: dict[str, Any] = {
        "rows": rows,
        "page": page,
        "filter_form": filter_form,
        "filtered": any(filters.values()),
        "notes": notes,
        "status_totals": [(value, label, by_status.get(value, 0)) for value, label in Membership.Status.choices],
        "voices": selectors.voice_totals(alliance),
        "invitations_page": invitations_page,
        "invitations": [
            (inv, selectors.invitation_state(inv), resend_url(inv.pk), revoke_url(inv.pk))
            for inv in invitations_page.object_list
        ],
        "join_requests_page": _paged(request, selectors.join_requests(alliance), "requests_page", ROWS_PER_PAGE, notes),
        "seats_page": seats_page,
        "rotation": rotation,
        "csrf_field": csrf_field(request),
        "can_invite": can(request, "membership.invite"),
        "can_manage": can(request, "membership.manage_representatives"),
        "can_decide": can(request, "membership.decide_join_requests"),
        "can_roles": can(request, "core.manage_roles"),
        # Personal data: names for those inside, addresses for those who run the alliance.
        "see_people": can(request, "core.view_people"),
        "see_contacts": can(request, "core.view_contact_details"),
    }
    # The forms that list every organisation or seat are drawn only when asked for (or when one
    # comes back with errors): the page itself stays the same size however large the alliance.
    show = request.GET.get("show", "")
    if "stakeholder" in request.GET:  # the suggestions' "Invite" link
        show = "invite"
    ctx["show"] = show
    if ctx["can_invite"] and (show == "invite" or "invite_form" in bound):
        ctx["invite_form"] = bound.get("invite_form") or InviteForm(alliance=alliance, initial=_invite_for(request))
    if ctx["can_decide"]:
        ctx["join_link"] = absolute(reverse("invitations:join", kwargs={"token": selectors.join_link_token(alliance)}))
        ctx["note_form"] = DecisionNoteForm()
    if ctx["can_roles"] and (show == "roles" or {"form", "co_chairs_form", "secretariat_form"} & set(bound)):
        ctx["show_roles"] = True
        ctx["form"] = bound.get("form") or GrantRoleForm(alliance=alliance)
        ctx["co_chairs_form"] = bound.get("co_chairs_form") or CoChairsForm(alliance=alliance)
        ctx["secretariat_form"] = bound.get("secretariat_form") or SecretariatTermForm(alliance=alliance)
    if ctx["can_manage"]:
        ctx["leave_form"] = LeaveForm()
    ctx["error_in"] = next(iter(bound), "")
    return render(request, "membership/members.html", ctx, status=status)


def _invite_for(request: AllianceRequest) -> dict[str, str]:
    """The invitation form filled in for the stakeholder in `?stakeholder=<id>` (the "invite"
    action of the suggestions): its organisation, and the person's name and address when it is
    a person or the organisation's contact otherwise. Another alliance's id is a 404."""
    raw = request.GET.get("stakeholder")
    if raw is None:
        return {}
    if not raw.isdigit():
        raise Http404("Not found.")
    stakeholder = get_in_alliance(
        request.alliance.stakeholders.select_related("membership", "organisation__membership"), pk=int(raw)
    )
    organisation = stakeholder.organisation if stakeholder.is_individual else stakeholder
    person = stakeholder.name if stakeholder.is_individual else stakeholder.contact_person
    initial = {"contact_name": person, "email": stakeholder.email}
    if organisation is not None:
        membership = getattr(organisation, "membership", None)
        if membership is None:
            initial["membership"] = f"new-{organisation.pk}"
        elif membership.status != Membership.Status.INVITED:  # an open invitation is re-sent instead
            initial["membership"] = str(membership.pk)
    return initial


@alliance_view("membership.view_memberships")
def members(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    # Giving someone a role (the form at the foot of the page).
    authorize(request, "core.manage_roles")
    alliance = request.alliance
    form = GrantRoleForm(request.POST, alliance=alliance)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services_roles.seat_grant_role(
                alliance=alliance,
                email=d["email"],
                role=d["role"],
                organisation_id=d["organisation"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                working_group_id=d["working_group"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Role given."))
            return _back(request, "people")
    return _page(request, status=400, form=form)


def _form_action(
    request: AllianceRequest, form: forms.Form, key: str, call: Callable[[dict[str, Any]], Any], done: str
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return _back(request)
    return _page(request, status=400, **{key: form})


@require_POST
@alliance_view("membership.invite")
def invite(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    form = InviteForm(request.POST, alliance=alliance)

    def call(d: dict[str, Any]) -> Any:
        details = {
            "email": d["email"],
            "language": d["language"],
            "contact_name": d["contact_name"],
            "message": d["message"],
            "by": request.user,
        }
        choice = d["membership"]
        if choice.startswith("new-"):
            stakeholder = get_in_alliance(alliance.stakeholders, pk=int(choice[4:]))
            return services.stakeholder_invite(alliance=alliance, stakeholder=stakeholder, **details)
        membership = get_in_alliance(alliance.memberships.select_related("stakeholder"), pk=int(choice))
        return services.membership_invite(alliance=alliance, membership=membership, **details)

    return _form_action(request, form, "invite_form", call, _("Invitation sent."))


def _simple(request: AllianceRequest, call: Callable[[], Any], done: str, anchor: str = "") -> HttpResponse:
    try:
        call()
    except StaleVersion as exc:  # it says what the other person chose; nothing was written
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return _back(request, anchor)


@require_POST
@alliance_view("membership.invite")
def invitation_resend(request: AllianceRequest, alliance_slug: str, invitation_id: int) -> HttpResponse:
    invitation = get_in_alliance(request.alliance.invitations, pk=invitation_id)
    return _simple(
        request,
        lambda: services.invitation_resend(invitation=invitation, by=request.user),
        _("Invitation sent again with a new link; the old link no longer works."),
        "invitations",
    )


@require_POST
@alliance_view("membership.invite")
def invitation_revoke(request: AllianceRequest, alliance_slug: str, invitation_id: int) -> HttpResponse:
    invitation = get_in_alliance(request.alliance.invitations, pk=invitation_id)
    return _simple(
        request,
        lambda: services.invitation_revoke(invitation=invitation, by=request.user),
        _("Invitation revoked; its link no longer works."),
        "invitations",
    )


@require_POST
@alliance_view("membership.invite")
def candidate_add(request: AllianceRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    """From a stakeholder's page or the suggestions of whom to invite: put the organisation on
    the list of candidates to invite. A `next` inside this alliance is where to come back to."""
    stakeholder = get_in_alliance(request.alliance.stakeholders, pk=stakeholder_id)
    response = _simple(
        request,
        lambda: services.membership_propose(alliance=request.alliance, stakeholder=stakeholder),
        _("Added to the candidates. You can invite them now."),
    )
    back = _next_in_alliance(request)
    return redirect(back) if back else response


def _next_in_alliance(request: AllianceRequest) -> str:
    """The POST's `next` if it is a page of this alliance on this site, else ""."""
    back = request.POST.get("next", "")
    inside = back.startswith(f"/a/{request.alliance.slug}/") and not back.startswith("//")
    return back if inside and url_has_allowed_host_and_scheme(back, allowed_hosts=None) else ""


@require_POST
@alliance_view("membership.manage_representatives")
def membership_leave(request: AllianceRequest, alliance_slug: str, membership_id: int) -> HttpResponse:
    membership = get_in_alliance(request.alliance.memberships.select_related("stakeholder"), pk=membership_id)
    form = LeaveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _simple(
        request,
        lambda: services.membership_leave(membership=membership, by=request.user, note=note),
        _("Marked as having left."),
    )


@require_POST
@alliance_view("membership.manage_representatives")
def voice_set(request: AllianceRequest, alliance_slug: str, membership_id: int) -> HttpResponse:
    alliance = request.alliance
    membership = get_in_alliance(alliance.memberships.select_related("stakeholder"), pk=membership_id)
    try:
        seat_id = int(request.POST.get("seat", ""))
    except ValueError:
        seat_id = 0
    seat = alliance.seats.filter(pk=seat_id).first()
    sent = request.POST.get("version", "")

    def call() -> Any:
        if seat is None:
            raise ValidationError(_("Choose a representative."))
        if sent.isdigit() and 1 <= int(sent) <= MAX_VERSION:
            version = int(sent)
        elif not sent and membership.voice_id is None:
            # Naming a first voice cannot overwrite anyone's choice: it starts from the record
            # as it is (a save racing it is still refused by the version claim).
            version = membership.version
        else:
            raise ValidationError(MISSING_VERSION)
        return services.voice_set(membership=membership, seat=seat, by=request.user, version=version)

    done = _("Voice in decisions changed.")
    # A proposal's page names missing voices through here too, and comes back to itself.
    back = _next_in_alliance(request)
    if back:
        try:
            call()
        except StaleVersion as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        return redirect(back)
    return _simple(request, call, done)


@require_POST
@alliance_view("membership.decide_join_requests")
def join_request_accept(request: AllianceRequest, alliance_slug: str, join_request_id: int) -> HttpResponse:
    join_request = get_in_alliance(request.alliance.join_requests, pk=join_request_id)
    note = request.POST.get("note", "")[:2000]
    return _simple(
        request,
        lambda: services.join_request_accept(join_request=join_request, by=request.user, note=note),
        _("Accepted: the organisation is a member and the person who asked has an invitation."),
        "join-requests",
    )


@require_POST
@alliance_view("membership.decide_join_requests")
def join_request_refuse(request: AllianceRequest, alliance_slug: str, join_request_id: int) -> HttpResponse:
    join_request = get_in_alliance(request.alliance.join_requests, pk=join_request_id)
    note = request.POST.get("note", "")[:2000]
    return _simple(
        request,
        lambda: services.join_request_refuse(join_request=join_request, by=request.user, note=note),
        _("Request refused; the person was told."),
        "join-requests",
    )


@require_POST
@alliance_view("core.manage_roles")
def co_chairs_set(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    form = CoChairsForm(request.POST, alliance=alliance)

    def call(d: dict[str, Any]) -> Any:
        seats = list(alliance.seats.filter(pk__in=d["seats"]))
        return services_roles.co_chairs_set(alliance=alliance, seats=seats, starts_on=d["starts_on"], by=request.user)

    return _form_action(request, form, "co_chairs_form", call, _("Co-chairs set."))


@require_POST
@alliance_view("core.manage_roles")
def secretariat_add(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    form = SecretariatTermForm(request.POST, alliance=alliance)

    def call(d: dict[str, Any]) -> Any:
        seat = get_in_alliance(alliance.seats.select_related("user"), pk=d["seat"])
        return services_roles.secretariat_term_add(
            alliance=alliance, seat=seat, starts_on=d["starts_on"], by=request.user
        )

    return _form_action(request, form, "secretariat_form", call, _("Hand-over planned."))


@require_POST
@alliance_view("core.manage_roles")
def role_end(request: AllianceRequest, alliance_slug: str, seat_role_id: int) -> HttpResponse:
    alliance = request.alliance
    seat_role: SeatRole = get_in_alliance(alliance.seat_roles.select_related("seat__user"), pk=seat_role_id)
    return _simple(
        request,
        lambda: services_roles.seat_role_end(seat_role=seat_role, by=request.user),
        _("Role ended."),
        "people",
    )
