from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.forms import add_service_errors
from accord.core.history import changes_of
from accord.core.tenancy import AllianceRequest, Refusal, alliance_view, can, get_in_alliance
from accord.decisions import selectors, services
from accord.decisions.forms import OpenForm, ProposalForm, StatementForm, VoteForm
from accord.decisions.models import Proposal
from accord.lib.spreadsheet import csv_bytes
from accord.membership.selectors import voice_count

PAGE_SIZE = 20


def _proposal(request: AllianceRequest, proposal_id: int) -> Proposal:
    """The proposal, closed and counted first if it is read after its closing time."""
    proposal = get_in_alliance(selectors.proposal_detail(request.alliance), pk=proposal_id)
    services.proposal_close_if_due(proposal=proposal)
    return proposal


def _detail(proposal: Proposal) -> HttpResponse:
    return redirect("decisions:detail", alliance_slug=proposal.alliance.slug, proposal_id=proposal.pk)


@alliance_view("decisions.view_proposals")
def proposal_list(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    services.proposals_close_due(alliance=request.alliance)
    page = Paginator(selectors.proposals(request.alliance), PAGE_SIZE).get_page(request.GET.get("page"))
    proposals = selectors.attach_records(page.object_list)
    return render(request, "decisions/list.html", {"page": page, "proposals": proposals})


@alliance_view("decisions.propose")
def proposal_create(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    # Links from a purpose or charter page pre-fill the subject and the version.
    initial = {k: request.GET[k] for k in ("subject", "record", "amends") if k in request.GET}
    form = ProposalForm(request.POST or None, alliance=alliance, initial=initial)
    chosen = request.POST if request.method == "POST" else initial
    warnings = selectors.record_warnings(alliance, chosen.get("subject"), chosen.get("record"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            proposal = services.proposal_create(
                alliance=alliance,
                user=request.user,
                title=d["title"],
                body=d["body"],
                subject=d["subject"],
                process=d["process"],
                record=d["record"],
                options=form.option_labels(),
                multiple_choice=d["multiple_choice"],
                quorum_percent=d["quorum_percent"],
                hide_results=d["hide_results"],
                closes_at=d["closes_at"],
                amends=d["amends"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Proposal saved as a draft. Open it when the members should decide."))
            for warning in warnings:
                messages.warning(request, warning)
            return _detail(proposal)
    return render(request, "decisions/create.html", {"form": form, "warnings": warnings})


@alliance_view("decisions.view_proposals")
def proposal_detail(request: AllianceRequest, alliance_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    return _render_detail(request, proposal)


def _render_detail(request: HttpRequest, proposal: Proposal, **forms: Any) -> HttpResponse:
    alliance = request.alliance  # type: ignore[attr-defined]
    organisation = services.organisation_of_voice(request.user, alliance) if can(request, "decisions.vote") else None
    is_open = proposal.status == Proposal.Status.OPEN
    own = selectors.own_vote(proposal, organisation)
    vote_form = forms.get("vote_form")
    if vote_form is None and organisation is not None and is_open:
        initial: dict[str, Any] = {}
        if own is not None:
            initial = {"response": own.response, "reason": own.reason}
            chosen = [str(o.pk) for o in own.options.all()]
            initial["options"] = chosen if proposal.multiple_choice else (chosen[0] if chosen else None)
        vote_form = VoteForm(proposal=proposal, initial=initial)
    manager = can(request, "decisions.manage_proposals")
    voices = voice_count(alliance) if proposal.status in (Proposal.Status.DRAFT, Proposal.Status.OPEN) else None
    context = {
        "voices": voices,
        "voice_warning": selectors.voice_warning(voices, proposal.quorum_percent) if voices else "",
        # Naming a voice goes through the members page's own action and permission.
        "can_name_voices": can(request, "membership.manage_representatives"),
        "not_the_voice": services.not_the_voice_reason(request.user, alliance)
        if is_open and organisation is None and can(request, "decisions.vote")
        else "",
        "proposal": proposal,
        "linked": selectors.describe_record(proposal),
        "organisation": organisation,
        "own_vote": own,
        "vote_form": vote_form,
        "tally": selectors.visible_tally(proposal),
        "votes": selectors.visible_votes(proposal),
        "voted": selectors.voted_count(proposal),
        "members": selectors.member_count(proposal),
        "manager": manager,
        "open_form": forms.get("open_form")
        or (
            OpenForm(alliance=alliance, initial={"closes_at": _local(proposal.closes_at, alliance)})
            if manager
            else None
        ),
        "statement_form": forms.get("statement_form")
        or (StatementForm(initial={"outcome_statement": proposal.outcome_text}) if manager else None),
        "can_withdraw": proposal.status in (Proposal.Status.DRAFT, Proposal.Status.OPEN)
        and (manager or proposal.proposed_by_id == request.user.pk),
        "amendments": list(proposal.amendments.order_by("created_at")),
        "history": changes_of(proposal) if can(request, "core.view_history") else [],
        "can_export": selectors.results_visible(proposal) and proposal.status != Proposal.Status.DRAFT,
    }
    return render(request, "decisions/detail.html", context)


def _local(when: dt.datetime | None, alliance: Any) -> dt.datetime | None:
    """A stored time as the alliance's wall-clock time, for a datetime-local input."""
    return timezone.make_naive(when, alliance.zone) if when else None


@require_POST
@alliance_view("decisions.vote")
def vote_cast(request: AllianceRequest, alliance_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    form = VoteForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            services.vote_cast(proposal=proposal, user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your organisation's vote is recorded. You can change it until the proposal closes.")
            )
            return _detail(proposal)
    return _render_detail(request, proposal, vote_form=form)


@require_POST
@alliance_view("decisions.manage_proposals")
def proposal_open(request: AllianceRequest, alliance_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    form = OpenForm(request.POST, alliance=request.alliance)
    if form.is_valid():
        try:
            services.proposal_open(proposal=proposal, user=request.user, closes_at=form.cleaned_data["closes_at"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The proposal is open; every member organisation has been told."))
            warning = selectors.voice_warning(voice_count(request.alliance), proposal.quorum_percent)
            if warning:
                messages.warning(request, warning)
            return _detail(proposal)
    return _render_detail(request, proposal, open_form=form)


@require_http_methods(["GET", "POST"])
@alliance_view("decisions.manage_proposals")
def proposal_close(request: AllianceRequest, alliance_slug: str, proposal_id: int) -> HttpResponse:
    """ "Close now" first shows the turnout and the quorum, and closes only when confirmed."""
    proposal = _proposal(request, proposal_id)
    if proposal.status != Proposal.Status.OPEN:
        messages.error(request, _("Only an open proposal can be closed."))
        return _detail(proposal)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.proposal_close(proposal=proposal, user=request.user, early=True)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The proposal is closed: %(outcome)s.") % {"outcome": proposal.get_outcome_display()}
            )
        return _detail(proposal)
    voted, members = selectors.voted_count(proposal), selectors.member_count(proposal)
    needed = selectors.quorum_needed(members, proposal.quorum_percent)
    context = {
        "proposal": proposal,
        "voted": voted,
        "members": members,
        "needed": needed,
        "reached": voted >= needed > 0,
    }
    return render(request, "decisions/close.html", context)


@require_POST
@alliance_view("decisions.propose")
def proposal_withdraw(request: AllianceRequest, alliance_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    try:
        services.proposal_withdraw(proposal=proposal, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The proposal is withdrawn."))
    return _detail(proposal)


@require_POST
@alliance_view("decisions.manage_proposals")
def proposal_statement(request: AllianceRequest, alliance_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_update_statement(
                proposal=proposal, user=request.user, statement=form.cleaned_data["outcome_statement"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Outcome statement saved."))
            return _detail(proposal)
    return _render_detail(request, proposal, statement_form=form)


@alliance_view("decisions.view_proposals")
def results_csv(request: AllianceRequest, alliance_slug: str, proposal_id: int) -> HttpResponse:
    """Each organisation's vote on one proposal; refused while the results are hidden."""
    proposal = _proposal(request, proposal_id)
    votes = selectors.visible_votes(proposal)
    if votes is None:
        raise Refusal(_("The results are hidden until the proposal closes."))
    header = [_("organisation"), _("answer"), _("options chosen"), _("reason"), _("cast at")]
    rows = [
        [
            v.organisation.name,
            v.get_response_display() if v.response else "",
            "; ".join(o.label for o in v.options.all()),
            v.reason,
            v.cast_at.isoformat(),
        ]
        for v in votes
    ]
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="proposal-{proposal.pk}-results.csv"'
    return response
