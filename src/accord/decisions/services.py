"""Writes for decisions: proposals, one voice per member organisation, closing and applying.

Rules of the method enforced here (views, the API, commands and the demo all come through):

- A proposal decides one subject declared by a capability (accord.core.capabilities). A subject
  about a record (a purpose version, a charter version, a framework document…) names one record
  of this alliance that its owner says may still be decided; a subject about a text is decided
  by consent or consensus (a vote between options cannot agree a text).
- Only a member organisation's designated voice casts its vote; casting again replaces the
  organisation's vote until the proposal closes. The database allows one vote per organisation
  and proposal; two casts racing each other end in one row, the later one winning.
- A proposal closes at its closing time: whoever reads it next (its page, the list, the API, the
  roadmap) or the next `accord reminders` run, whichever comes first, closes and counts it, once.
  Its closing time is then the time it closed, however late the count.
- At closing, the quorum is the share of member organisations that voted. Outcome rules:
    consent: any block blocks it; otherwise it passes when more organisations agree than
      disagree (abstentions count for the quorum only).
    consensus: any block blocks it; otherwise it passes when at least one organisation agrees
      and the others agree or stand aside.
    vote: the option with most votes wins; a tie (or no vote at all) decides nothing.
  A passed proposal is applied by the subject's owner (the purpose version becomes the agreed
  purpose, the charter version is agreed, the framework document is adopted, …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import capabilities
from accord.core.models import Alliance
from accord.core.notify import absolute, notify
from accord.core.tenancy import Refusal
from accord.decisions import selectors
from accord.decisions.models import GENERATED_TITLES, RESPONSES, Proposal, ProposalOption, Vote
from accord.landscape.models import Stakeholder
from accord.membership.models import Membership, Seat
from accord.membership.selectors import voice_of
from accord.membership.services import voice_for

Process = Proposal.Process
Status = Proposal.Status
Outcome = Proposal.Outcome
Response = Vote.Response

MAX_OPTIONS = 20


class NotTheVoice(Refusal):
    """The person is not the designated voice of a member organisation."""


class WrongStatus(ValidationError):
    """The proposal is not in the state this step needs (e.g. voting on a closed proposal)."""


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _is_manager(user: Any, alliance: Alliance) -> bool:
    return bool(rules.has_perm("decisions.manage_proposals", user, alliance))


def _proposal_url(proposal: Proposal) -> str:
    return absolute(
        reverse("decisions:detail", kwargs={"alliance_slug": proposal.alliance.slug, "proposal_id": proposal.pk})
    )


# --- creating --------------------------------------------------------------------------------


def _generated_title(code: str, params: dict[str, Any]) -> str:
    template = GENERATED_TITLES.get(code)
    return str(template) % params if template is not None else ""


@transaction.atomic
def proposal_create(
    *,
    alliance: Alliance,
    user: Any,
    title: str = "",
    title_code: str = "",
    title_params: dict[str, Any] | None = None,
    body: str = "",
    subject: str = "general",
    process: str = Process.CONSENT,
    record: Any = None,
    options: Sequence[str] = (),
    multiple_choice: bool = False,
    quorum_percent: int = 50,
    hide_results: bool = False,
    closes_at: dt.datetime | None = None,
    amends: Proposal | None = None,
    now: dt.datetime | None = None,
) -> Proposal:
    """Write a draft proposal about one declared subject. A subject about a record names one
    record of this alliance that its owner lets be decided (a text not agreed yet), and a text is
    decided by consent or consensus; a vote offers at least two different options. An amendment
    follows a proposal of the same subject that did not pass, on another record. It is made on
    behalf of the proposer's organisation."""
    errors: dict[str, list[str]] = {}
    spec = capabilities.decision_subject(subject)
    if spec is None:
        errors.setdefault("subject", []).append(_("Choose what the proposal decides."))
    if process not in Process.values:
        errors.setdefault("process", []).append(_("Choose how it is decided."))
    field = "record"
    if spec is not None and not spec.has_record and record is not None:
        errors.setdefault(field, []).append(_("This proposal does not decide this kind of text."))
    elif spec is not None and spec.has_record:
        if record is None:
            errors.setdefault(field, []).append(_("Choose the version the members are asked to agree."))
        elif record._meta.label != spec.model:
            errors.setdefault(field, []).append(_("This proposal does not decide this kind of text."))
        elif record.alliance_id != alliance.pk:
            errors.setdefault(field, []).append(_("Choose a version of this alliance."))
        elif spec.refuse is not None and (reason := spec.refuse(record)):
            errors.setdefault(field, []).append(reason)
    if spec is not None and spec.texts_only and process == Process.VOTE:
        errors.setdefault("process", []).append(
            _("A text is agreed by consent or consensus, not by a vote between options.")
        )
    labels = [label.strip() for label in options if label and label.strip()]
    if process == Process.VOTE:
        if len({label.casefold() for label in labels}) < 2 or len(set(labels)) != len(labels):
            errors.setdefault("options", []).append(_("Give at least two different options."))
        if len(labels) > MAX_OPTIONS:
            errors.setdefault("options", []).append(_("Give at most %(n)s options.") % {"n": MAX_OPTIONS})
        if any(len(label) > 200 for label in labels):
            errors.setdefault("options", []).append(_("Keep each option under 200 characters."))
    else:
        if labels:
            errors.setdefault("options", []).append(_("Options are only for a vote between options."))
        if multiple_choice:
            errors.setdefault("multiple_choice", []).append(_("Only a vote between options allows several choices."))
    if closes_at is not None and closes_at <= _now(now):
        errors.setdefault("closes_at", []).append(_("The closing time must be in the future."))
    if amends is not None:
        if amends.alliance_id != alliance.pk:
            errors.setdefault("amends", []).append(_("Choose a proposal of this alliance."))
        elif amends.status != Status.CLOSED or amends.outcome == Outcome.PASSED:
            errors.setdefault("amends", []).append(_("Only a closed proposal that did not pass can be amended."))
        elif amends.subject != subject:
            errors.setdefault("amends", []).append(_("An amendment decides the same kind of thing."))
        elif spec is not None and spec.has_record and record is not None and amends.record_id == record.pk:
            errors.setdefault(field, []).append(_("An amendment proposes another version of the text."))
    if errors:
        raise ValidationError(errors)

    seat = Seat.objects.filter(alliance=alliance, user=user).first() if getattr(user, "pk", None) else None
    proposal = Proposal(
        alliance=alliance,
        title=(title.strip() or _generated_title(title_code, title_params or {}))[:200],
        title_code=title_code if title_code in GENERATED_TITLES else "",
        title_params=title_params or {},
        body=body,
        subject=subject,
        process=process,
        multiple_choice=multiple_choice,
        quorum_percent=quorum_percent,
        hide_results=hide_results,
        closes_at=closes_at,
        amends=amends,
        proposed_by=user if getattr(user, "is_authenticated", False) else None,
        proposed_for=seat.organisation if seat else None,
        created_at=_now(now),
        record_id=record.pk if record is not None else None,
    )
    proposal.full_clean(exclude=["proposed_by", "proposed_for", "amends"])
    proposal.save()
    for order, label in enumerate(labels):
        ProposalOption.objects.create(alliance=alliance, proposal=proposal, label=label, order=order)
    return proposal


def _refused(proposal: Proposal) -> str:
    """Why the record a proposal decides cannot be decided any more (its owner says), or ""."""
    spec, record = proposal.subject_spec, proposal.record
    if spec is None or record is None or spec.refuse is None:
        return ""
    return spec.refuse(record)


# --- opening, withdrawing --------------------------------------------------------------------


def _locked(proposal: Proposal) -> Proposal:
    """Re-read the proposal under a row lock, so opening, voting and closing queue up."""
    fresh = Proposal.objects.select_for_update().select_related("alliance").get(pk=proposal.pk)
    return fresh


@transaction.atomic
def proposal_open(
    *, proposal: Proposal, user: Any, closes_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> Proposal:
    """Open a draft to the members' votes until its closing time, which must lie ahead. Every
    representative of every member organisation is told."""
    when = _now(now)
    fresh = _locked(proposal)
    if fresh.status != Status.DRAFT:
        raise WrongStatus(_("Only a draft can be opened."))
    closing = closes_at or fresh.closes_at
    if closing is None or closing <= when:
        raise ValidationError({"closes_at": _("Choose a closing time in the future.")})
    reason = _refused(fresh)
    if reason:  # the subject's owner says why (a text agreed meanwhile, an activity without its means)
        raise WrongStatus(reason)
    fresh.status = Status.OPEN
    fresh.opens_at = when
    fresh.closes_at = closing
    fresh.save(update_fields=["status", "opens_at", "closes_at"])
    notify(
        alliance=fresh.alliance,
        kind="decisions.opened",
        template="decisions/email/opened",
        context={"proposal": fresh},
        recipients=[seat.user for seat in selectors.member_representatives(fresh.alliance)],
        url=_proposal_url(fresh),
    )
    _refresh(proposal, fresh)
    return fresh


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user: Any) -> Proposal:
    """A draft or open proposal is withdrawn by the person who made it or by the co-chairs or
    secretariat. Its votes are kept; hidden results stay hidden."""
    fresh = _locked(proposal)
    if fresh.proposed_by_id != getattr(user, "pk", None) and not _is_manager(user, fresh.alliance):
        raise Refusal(_("Only the proposer, the co-chairs or the secretariat can withdraw it."))
    if fresh.status not in (Status.DRAFT, Status.OPEN):
        raise WrongStatus(_("Only a draft or open proposal can be withdrawn."))
    fresh.status = Status.WITHDRAWN
    fresh.save(update_fields=["status"])
    _refresh(proposal, fresh)
    return fresh


def _refresh(stale: Proposal, fresh: Proposal) -> None:
    """Keep the caller's object in step with what was written."""
    for name in (
        "status",
        "opens_at",
        "closes_at",
        "closed_at",
        "outcome",
        "outcome_statement",
        "outcome_facts",
        "reminder_sent_at",
    ):
        setattr(stale, name, getattr(fresh, name))


# --- voting ----------------------------------------------------------------------------------


@transaction.atomic
def vote_cast(
    *,
    proposal: Proposal,
    user: Any,
    response: str = "",
    option_ids: Sequence[int] = (),
    reason: str = "",
    now: dt.datetime | None = None,
) -> Vote:
    """Cast the organisation's one voice. Only its designated voice may; consent answers agree,
    abstain, disagree or block, consensus agree, stand aside or block, and a block always gives
    its reason; a vote chooses one option (or several when the proposal allows). Casting again
    replaces the organisation's vote until the proposal closes."""
    when = _now(now)
    organisation = voice_for(user, proposal.alliance)
    if organisation is None:
        raise NotTheVoice(not_the_voice_reason(user, proposal.alliance))
    # The proposal's row lock queues every cast and the closing; on SQLite the IMMEDIATE
    # transaction already holds the database's write lock.
    fresh = _locked(proposal)
    if fresh.status != Status.OPEN or (fresh.closes_at is not None and fresh.closes_at <= when):
        raise WrongStatus(_("This proposal is not open for votes."))
    reason = reason.strip()
    chosen: list[ProposalOption] = []
    if fresh.process == Process.VOTE:
        ids = list(dict.fromkeys(option_ids))
        chosen = list(fresh.options.filter(pk__in=ids))
        if not ids or len(chosen) != len(ids):
            raise ValidationError({"options": _("Choose among this proposal's options.")})
        if len(chosen) > 1 and not fresh.multiple_choice:
            raise ValidationError({"options": _("Choose one option.")})
        response = ""
    else:
        if response not in RESPONSES[fresh.process]:
            raise ValidationError({"response": _("Choose one of the answers this process allows.")})
        if option_ids:
            raise ValidationError({"options": _("This proposal has no options to choose.")})
        if response == Response.BLOCK and not reason:
            raise ValidationError({"reason": _("Say why you block: the others need it to amend the proposal.")})
    values = {"cast_by": user, "response": response, "reason": reason, "cast_at": when}
    vote = Vote.objects.select_for_update().filter(proposal=fresh, organisation=organisation).first()
    if vote is None:
        try:
            with transaction.atomic():
                vote = Vote.objects.create(alliance=fresh.alliance, proposal=fresh, organisation=organisation, **values)
        except IntegrityError:
            # Another cast of the same organisation got in first: replace it instead.
            vote = Vote.objects.select_for_update().get(proposal=fresh, organisation=organisation)
            _update_vote(vote, values)
    else:
        _update_vote(vote, values)
    if fresh.process == Process.VOTE:
        vote.options.set(chosen)
    return vote


def _update_vote(vote: Vote, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(vote, key, value)
    vote.save(update_fields=list(values))


# --- closing ---------------------------------------------------------------------------------


@transaction.atomic
def proposal_close(
    *, proposal: Proposal, user: Any = None, now: dt.datetime | None = None, early: bool = False
) -> Proposal:
    """Close an open proposal and record its outcome (rules in this module's docstring). Before
    its closing time only when `early` (the co-chairs or secretariat decided so). Below the quorum
    (share of member organisations that voted) nothing is decided. A passed proposal is applied;
    the members' representatives are told the outcome."""
    when = _now(now)
    fresh = _locked(proposal)
    if fresh.status != Status.OPEN:
        raise WrongStatus(_("Only an open proposal can be closed."))
    if not early and fresh.closes_at is not None and fresh.closes_at > when:
        raise WrongStatus(_("The proposal closes at its closing time, or early by the co-chairs' decision."))
    if early and user is not None and not _is_manager(user, fresh.alliance):
        raise Refusal(_("Only the co-chairs or the secretariat can close a proposal early."))
    result = selectors.tally(fresh)
    outcome = decide(fresh, result)
    fresh.status = Status.CLOSED
    # Closed on time, however late it is counted (no vote is taken after the closing time).
    on_time = not early and fresh.closes_at is not None and fresh.closes_at <= when
    fresh.closed_at = fresh.closes_at if on_time else when
    fresh.outcome = outcome
    # Facts, not a sentence: each reader gets the statement in their own language.
    fresh.outcome_facts = selectors.outcome_facts(fresh, result)
    fresh.save(update_fields=["status", "closed_at", "outcome", "outcome_facts"])
    if outcome == Outcome.PASSED:
        _apply(fresh)
    notify(
        alliance=fresh.alliance,
        kind="decisions.outcome",
        template="decisions/email/outcome",
        context={"proposal": fresh, "tally": result},
        recipients=[seat.user for seat in selectors.member_representatives(fresh.alliance)],
        url=_proposal_url(fresh),
    )
    _refresh(proposal, fresh)
    return fresh


def proposal_close_if_due(*, proposal: Proposal, now: dt.datetime | None = None) -> bool:
    """Close and count a proposal that is read after its closing time, before anyone sees it
    still open; `proposal` is brought up to date. Safe to call on every read: nothing happens
    unless it is open and due (no query), and two readers racing each other close it once (the
    row lock in `proposal_close`; the second finds it closed). True if this call closed it."""
    when = _now(now)
    if proposal.status != Status.OPEN or proposal.closes_at is None or proposal.closes_at > when:
        return False
    try:
        proposal_close(proposal=proposal, now=when)
    except WrongStatus:
        # Closed (or withdrawn) meanwhile by someone else: show what they wrote.
        _refresh(proposal, Proposal.objects.get(pk=proposal.pk))
        return False
    return True


def proposals_close_due(*, alliance: Alliance | None = None, now: dt.datetime | None = None) -> int:
    """Close and count every open proposal past its closing time (of one alliance, or of all for
    `accord reminders`). One query when none is due. Returns how many this call closed."""
    when = _now(now)
    due = Proposal.objects.filter(status=Status.OPEN, closes_at__lte=when).select_related("alliance")
    if alliance is not None:
        due = due.filter(alliance=alliance)
    return sum(proposal_close_if_due(proposal=proposal, now=when) for proposal in due)


def catch_up(alliance: Alliance, now: dt.datetime) -> None:
    """Declared to the platform: before the roadmap reads the alliance's state, what closed
    meanwhile is counted (a purpose agreed by a proposal that closed an hour ago is agreed)."""
    proposals_close_due(alliance=alliance, now=now)


def decide(proposal: Proposal, result: selectors.Tally) -> str:
    """The outcome of a proposal from its tally (the rules in this module's docstring)."""
    if not result.quorum_met:
        return Outcome.NO_QUORUM
    counts = result.responses
    if proposal.process == Process.VOTE:
        winners = result.winners
        return Outcome.PASSED if len(winners) == 1 else Outcome.REJECTED
    if counts.get(Response.BLOCK, 0):
        return Outcome.BLOCKED
    if proposal.process == Process.CONSENT:
        return Outcome.PASSED if counts.get(Response.AGREE, 0) > counts.get(Response.DISAGREE, 0) else Outcome.REJECTED
    # Consensus: no block, nobody against, and someone actually for it.
    others = result.voted - counts.get(Response.AGREE, 0) - counts.get(Response.STAND_ASIDE, 0)
    return Outcome.PASSED if counts.get(Response.AGREE, 0) and not others else Outcome.REJECTED


def _apply(proposal: Proposal) -> None:
    """What a passed proposal decides becomes the alliance's, applied by the subject's owner (a
    version agreed meanwhile by another decision keeps that decision)."""
    spec, record = proposal.subject_spec, proposal.record
    if spec is not None and spec.apply is not None and (record is not None or not spec.has_record):
        spec.apply(record=record, proposal=proposal)


@transaction.atomic
def proposal_update_statement(*, proposal: Proposal, user: Any, statement: str) -> Proposal:
    """The co-chairs or secretariat word the outcome statement of a closed proposal (the outcome
    itself follows from the votes and does not change)."""
    if not _is_manager(user, proposal.alliance):
        raise Refusal(_("Only the co-chairs or the secretariat write the outcome statement."))
    fresh = _locked(proposal)
    if fresh.status != Status.CLOSED:
        raise WrongStatus(_("The outcome statement is written once the proposal has closed."))
    fresh.outcome_statement = statement.strip()
    fresh.save(update_fields=["outcome_statement"])
    _refresh(proposal, fresh)
    return fresh


# --- reminders -------------------------------------------------------------------------------


@transaction.atomic
def proposal_remind(*, proposal: Proposal, now: dt.datetime | None = None) -> int:
    """Remind the member organisations that have not voted yet, once per proposal, before it
    closes. The reminder says how many organisations voted, never how. Returns messages sent."""
    when = _now(now)
    fresh = _locked(proposal)
    if fresh.status != Status.OPEN or fresh.reminder_sent_at is not None:
        return 0
    fresh.reminder_sent_at = when
    fresh.save(update_fields=["reminder_sent_at"])
    voted = set(fresh.votes.values_list("organisation_id", flat=True))
    people = [
        seat.user for seat in selectors.member_representatives(fresh.alliance) if seat.organisation_id not in voted
    ]
    notices = notify(
        alliance=fresh.alliance,
        kind="decisions.reminder",
        template="decisions/email/reminder",
        context={"proposal": fresh, "voted": selectors.voted_count(fresh), "members": selectors.member_count(fresh)},
        recipients=people,
        url=_proposal_url(fresh),
    )
    _refresh(proposal, fresh)
    return len(notices)


def not_the_voice_reason(user: Any, alliance: Alliance) -> str:
    """Why `user` may not cast a vote here, in words that say what to do about it: whose voice
    their organisation has, or that it has none yet, or that it is not a member."""
    seat = (
        Seat.objects.filter(alliance=alliance, user=user, left_on__isnull=True)
        .select_related("organisation__membership__voice__user")
        .first()
        if getattr(user, "pk", None)
        else None
    )
    organisation = seat.organisation if seat is not None else None
    if organisation is None:
        return _("Only the designated voice of a member organisation votes, and you speak for no organisation here.")
    membership = getattr(organisation, "membership", None)
    if membership is None or membership.status != Membership.Status.MEMBER:
        return _("Only member organisations vote, and %(org)s is not a member now.") % {"org": organisation.name}
    voice = voice_of(membership)
    if voice is None:
        return _(
            "Only the designated voice of %(org)s votes, and %(org)s has none named yet. "
            "Ask a co-chair or the secretariat to name one."
        ) % {"org": organisation.name}
    if voice.user_id == user.pk:
        # Named, but no longer holding a representative's role.
        return _(
            "Only the designated voice of %(org)s votes, and your role as its representative has ended. "
            "Ask a co-chair or the secretariat."
        ) % {"org": organisation.name}
    return _(
        "Only the designated voice of %(org)s votes: that is %(person)s. "
        "Ask a co-chair or the secretariat if it should be you."
    ) % {"org": organisation.name, "person": voice.user.display_name}


def organisation_of_voice(user: Any, alliance: Alliance) -> Stakeholder | None:
    """The organisation `user` votes for here, or None (a convenience for views and the API)."""
    return voice_for(user, alliance)
