"""API for decisions: proposals, the organisation's one vote, and results.

Hidden results: while a proposal that hides its results is not closed (and while it is a draft),
`GET …/results` answers 200 with `visible: false`, the number of organisations that voted, and null in every result
field (`responses`, `options`, `votes`, `quorum_met`); the proposal itself never carries results.
A proposal of another alliance is a 404, like a missing one. A step the proposal's state does not
allow (voting on a closed proposal, opening an open one) is a 409; a person who is not their
organisation's designated voice gets a 403 whose `detail` says why ("only the designated voice of
… votes: that is …").

A proposal read after its closing time (one proposal, the list, its results) is closed and
counted first, as on the pages, whether or not `accord reminders` has run since.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.api.auth import api_operation
from accord.api.schemas import READ_ERRORS, WRITE_ERRORS, BodySchema, CleanStr, ErrorOut, Pagination, PathId
from accord.core import capabilities
from accord.core.models import Alliance
from accord.core.privacy import name_for
from accord.core.tenancy import AllianceRequest, get_in_alliance
from accord.decisions import selectors, services
from accord.decisions.models import Proposal, Vote

router = Router()

# The declared subjects (accord.core.capabilities): the API's enum grows with the capabilities.
SubjectValue = Literal[tuple(s.key for s in capabilities.decision_subjects())]  # type: ignore[valid-type]
# Each subject about a record may also be named by its own id field ("purpose_id"), as before.
SUBJECT_FIELDS = {s.api_field: s.key for s in capabilities.decision_subjects() if s.api_field}
ProcessValue = Literal["consent", "vote", "consensus"]
StatusValue = Literal["draft", "open", "closed", "withdrawn"]
OutcomeValue = Literal["", "passed", "rejected", "blocked", "no_quorum"]
ResponseValue = Literal["", "agree", "abstain", "disagree", "block", "stand_aside"]

ProposalId = PathId
RecordId = Field(None, ge=1, le=2**31 - 1)
# Closing times far beyond any real decision would only test the database's date range.
LATEST = dt.datetime(2999, 12, 31, tzinfo=dt.UTC)


class OptionOut(Schema):
    id: int
    label: str


class _ProposalOut(Schema):
    id: int
    title: str
    body: str
    subject: SubjectValue  # type: ignore[valid-type]
    record_id: int | None = Field(description="The id of the record the proposal decides, if any.")
    process: ProcessValue
    multiple_choice: bool
    quorum_percent: int
    hide_results: bool
    status: StatusValue
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: OutcomeValue
    outcome_statement: str
    proposed_by: str | None = Field(
        ..., description="The person's name; null for observers, who see organisations only."
    )
    proposed_for: str | None
    amends_id: int | None
    created_at: dt.datetime
    options: list[OptionOut]
    voted: int = Field(description="How many member organisations have voted (shown even while results are hidden).")

    @staticmethod
    def resolve_proposed_by(obj: Proposal, context: Any) -> str | None:
        return name_for(obj.proposed_by, context)

    @staticmethod
    def resolve_proposed_for(obj: Proposal) -> str | None:
        return obj.proposed_for.name if obj.proposed_for else None

    @staticmethod
    def resolve_options(obj: Proposal) -> Any:
        return list(obj.options.all())

    @staticmethod
    def resolve_voted(obj: Proposal) -> int:
        return selectors.voted_count(obj)

    @staticmethod
    def resolve_outcome_statement(obj: Proposal) -> str:
        # The co-chairs' wording, or the statement written from the closing's facts in the
        # request's language.
        return obj.outcome_text


def _resolver(key: str) -> Any:
    return staticmethod(lambda obj: obj.record_id if obj.subject == key else None)


ProposalOut: Any = type(
    "ProposalOut",
    (_ProposalOut,),
    {
        "__annotations__": {name: int | None for name in SUBJECT_FIELDS},
        "__module__": __name__,
        **{f"resolve_{name}": _resolver(key) for name, key in SUBJECT_FIELDS.items()},
    },
)


class OptionResultOut(Schema):
    id: int
    label: str
    votes: int


class VoteOut(Schema):
    organisation: str
    response: ResponseValue
    option_ids: list[int]
    reason: str
    cast_at: dt.datetime

    @staticmethod
    def resolve_organisation(obj: Vote) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_option_ids(obj: Vote) -> list[int]:
        return [o.pk for o in obj.options.all()]


class ResultsOut(Schema):
    proposal_id: int
    status: StatusValue
    outcome: OutcomeValue
    visible: bool = Field(description="False while the proposal hides its results and has not closed.")
    members: int
    voted: int
    quorum_met: bool | None
    responses: dict[str, int] | None = Field(description="Organisations per answer (consent, consensus).")
    options: list[OptionResultOut] | None = Field(description="Votes per option (a vote between options).")
    votes: list[VoteOut] | None = Field(description="Each organisation's vote.")


def _bounded_time(alliance: Alliance, value: dt.datetime | None) -> dt.datetime | None:
    """A closing time without a zone is the alliance's local time, as on the page form."""
    if value is None:
        return None
    value = alliance.aware(value)
    if value > LATEST:
        raise ValidationError({"closes_at": "too far in the future"})
    return value


class _ProposalIn(BodySchema):
    """A draft proposal. For a subject about a record (purpose, charter, framework…), name the
    version to agree by `record_id` (or by the subject's own id field, such as `purpose_id`) and
    decide it by consent or consensus; a vote needs at least two `options`."""

    title: CleanStr = Field(..., min_length=1, max_length=200)
    body: CleanStr = Field("", max_length=20_000)
    subject: SubjectValue = "general"  # type: ignore[valid-type]
    process: ProcessValue = "consent"
    record_id: int | None = RecordId
    options: list[CleanStr] = Field(default_factory=list, max_length=services.MAX_OPTIONS)
    multiple_choice: bool = False
    quorum_percent: int = Field(50, ge=0, le=100)
    hide_results: bool = False
    closes_at: dt.datetime | None = None
    amends_id: int | None = RecordId


ProposalIn: Any = type(
    "ProposalIn",
    (_ProposalIn,),
    {
        "__annotations__": {name: int | None for name in SUBJECT_FIELDS},
        "__module__": __name__,
        "__doc__": _ProposalIn.__doc__,
        **{name: Field(None, ge=1, le=2**31 - 1) for name in SUBJECT_FIELDS},
    },
)


class OpenIn(BodySchema):
    closes_at: dt.datetime


class VoteIn(BodySchema):
    """Consent: agree, abstain, disagree or block; consensus: agree, stand_aside or block; a block
    needs a `reason`. A vote between options sends `option_ids` (one unless multiple choice)."""

    response: ResponseValue = ""
    option_ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=services.MAX_OPTIONS
    )
    reason: CleanStr = Field("", max_length=5_000)


class StatementIn(BodySchema):
    outcome_statement: CleanStr = Field(..., min_length=1, max_length=5_000)


STATE_ERRORS: dict[int, Any] = {409: ErrorOut, **WRITE_ERRORS}


def _proposal(alliance: Alliance, proposal_id: int) -> Proposal:
    proposal = get_in_alliance(selectors.proposal_detail(alliance), pk=proposal_id)
    services.proposal_close_if_due(proposal=proposal)
    return proposal


def _linked(alliance: Alliance, model: Any, pk: int | None, name: str) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(alliance=alliance, pk=pk).first()
    if found is None:
        raise ValidationError({name: "no such record in this alliance"})
    return found


def _state(exc: services.WrongStatus) -> Status[dict[str, str]]:
    return Status(409, {"detail": " ".join(exc.messages)})


@router.get(
    "{alliance_slug}/proposals",
    response={200: list[ProposalOut], **READ_ERRORS},
    summary="Proposals: open first, then drafts, closed and withdrawn",
)
@paginate(Pagination)
@api_operation("decisions.view_proposals")
def proposal_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    services.proposals_close_due(alliance=alliance)
    return selectors.proposals(alliance).prefetch_related("options")


@router.get(
    "{alliance_slug}/proposals/{proposal_id}", response={200: ProposalOut, **READ_ERRORS}, summary="One proposal"
)
@api_operation("decisions.view_proposals")
def proposal_detail(request: AllianceRequest, alliance_slug: str, proposal_id: int = ProposalId) -> Proposal:
    alliance = request.alliance
    return _proposal(alliance, proposal_id)


@router.post("{alliance_slug}/proposals", response={201: ProposalOut, **WRITE_ERRORS}, summary="Write a draft proposal")
@api_operation("decisions.propose", write=True)
def proposal_create(request: AllianceRequest, alliance_slug: str, payload: ProposalIn) -> Any:
    alliance = request.alliance
    try:
        proposal = _create(request, alliance, payload)
    except ValidationError as exc:
        # Name the fields as this API does.
        if hasattr(exc, "error_dict"):
            spec = capabilities.decision_subject(payload.subject)
            names = {**API_NAMES, "record": (spec.api_field if spec and spec.api_field else "record_id")}
            raise ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()}) from exc
        raise
    return Status(201, _proposal(alliance, proposal.pk))


API_NAMES = {"amends": "amends_id", "record": "record_id"}


def _record(alliance: Alliance, payload: Any) -> Any:
    """The record the payload names for its subject, through the subject's owner within this
    alliance (a foreign or missing id is a 422 at that field, like a wrong kind of record)."""
    named = [(name, getattr(payload, name)) for name in SUBJECT_FIELDS if getattr(payload, name) is not None]
    if payload.record_id is not None:
        named.append(("record_id", payload.record_id))
    if not named:
        return None
    if len(named) > 1:
        raise ValidationError({named[1][0]: _("Name the record once.")})
    name, pk = named[0]
    key = SUBJECT_FIELDS.get(name, payload.subject)
    spec = capabilities.decision_subject(key)
    if key != payload.subject or spec is None:
        raise ValidationError({name: _("This proposal does not decide this kind of text.")})
    record = spec.get(alliance, pk)
    if record is None:
        raise ValidationError({name: "no such record in this alliance"})
    return record


def _create(request: HttpRequest, alliance: Alliance, payload: Any) -> Proposal:
    return services.proposal_create(
        alliance=alliance,
        user=request.user,
        title=payload.title,
        body=payload.body,
        subject=payload.subject,
        process=payload.process,
        record=_record(alliance, payload),
        options=payload.options,
        multiple_choice=payload.multiple_choice,
        quorum_percent=payload.quorum_percent,
        hide_results=payload.hide_results,
        closes_at=_bounded_time(alliance, payload.closes_at),
        amends=_linked(alliance, Proposal, payload.amends_id, "amends_id"),
    )


@router.post(
    "{alliance_slug}/proposals/{proposal_id}/open",
    response={200: ProposalOut, **STATE_ERRORS},
    summary="Open a draft to the members' votes (co-chairs, secretariat)",
)
@api_operation("decisions.manage_proposals", write=True)
def proposal_open(request: AllianceRequest, alliance_slug: str, payload: OpenIn, proposal_id: int = ProposalId) -> Any:
    alliance = request.alliance
    proposal = _proposal(alliance, proposal_id)
    try:
        services.proposal_open(
            proposal=proposal, user=request.user, closes_at=_bounded_time(alliance, payload.closes_at)
        )
    except services.WrongStatus as exc:
        return _state(exc)
    return _proposal(alliance, proposal_id)


@router.post(
    "{alliance_slug}/proposals/{proposal_id}/close",
    response={200: ProposalOut, **STATE_ERRORS},
    summary="Close an open proposal now and record its outcome (co-chairs, secretariat)",
)
@api_operation("decisions.manage_proposals", write=True)
def proposal_close(request: AllianceRequest, alliance_slug: str, proposal_id: int = ProposalId) -> Any:
    alliance = request.alliance
    proposal = _proposal(alliance, proposal_id)
    try:
        services.proposal_close(proposal=proposal, user=request.user, early=True)
    except services.WrongStatus as exc:
        return _state(exc)
    return _proposal(alliance, proposal_id)


@router.post(
    "{alliance_slug}/proposals/{proposal_id}/withdraw",
    response={200: ProposalOut, **STATE_ERRORS},
    summary="Withdraw a draft or open proposal (its proposer, co-chairs, secretariat)",
)
@api_operation("decisions.propose", write=True)
def proposal_withdraw(request: AllianceRequest, alliance_slug: str, proposal_id: int = ProposalId) -> Any:
    alliance = request.alliance
    proposal = _proposal(alliance, proposal_id)
    try:
        services.proposal_withdraw(proposal=proposal, user=request.user)
    except services.WrongStatus as exc:
        return _state(exc)
    return _proposal(alliance, proposal_id)


@router.post(
    "{alliance_slug}/proposals/{proposal_id}/statement",
    response={200: ProposalOut, **STATE_ERRORS},
    summary="Reword the outcome statement of a closed proposal (co-chairs, secretariat)",
)
@api_operation("decisions.manage_proposals", write=True)
def proposal_statement(
    request: AllianceRequest, alliance_slug: str, payload: StatementIn, proposal_id: int = ProposalId
) -> Any:
    alliance = request.alliance
    proposal = _proposal(alliance, proposal_id)
    try:
        services.proposal_update_statement(proposal=proposal, user=request.user, statement=payload.outcome_statement)
    except services.WrongStatus as exc:
        return _state(exc)
    return _proposal(alliance, proposal_id)


@router.put(
    "{alliance_slug}/proposals/{proposal_id}/vote",
    response={200: VoteOut, **STATE_ERRORS},
    summary="Cast (or replace) your organisation's vote — its designated voice only",
)
@api_operation("decisions.vote", write=True)
def vote_cast(request: AllianceRequest, alliance_slug: str, payload: VoteIn, proposal_id: int = ProposalId) -> Any:
    alliance = request.alliance
    proposal = _proposal(alliance, proposal_id)
    try:
        vote = services.vote_cast(
            proposal=proposal,
            user=request.user,
            response=payload.response,
            option_ids=payload.option_ids,
            reason=payload.reason,
        )
    except services.WrongStatus as exc:
        return _state(exc)
    return Vote.objects.select_related("organisation").prefetch_related("options").get(pk=vote.pk)


@router.get(
    "{alliance_slug}/proposals/{proposal_id}/results",
    response={200: ResultsOut, **READ_ERRORS},
    summary="Results: null while hidden until closing",
)
@api_operation("decisions.view_proposals")
def proposal_results(request: AllianceRequest, alliance_slug: str, proposal_id: int = ProposalId) -> dict[str, Any]:
    alliance = request.alliance
    proposal = _proposal(alliance, proposal_id)
    result = selectors.visible_tally(proposal)
    votes = selectors.visible_votes(proposal) if result is not None else None
    out: dict[str, Any] = {
        "proposal_id": proposal.pk,
        "status": proposal.status,
        "outcome": proposal.outcome,
        "visible": result is not None,
        "members": selectors.member_count(proposal),
        "voted": selectors.voted_count(proposal),
        "quorum_met": None,
        "responses": None,
        "options": None,
        "votes": None,
    }
    if result is not None:
        out["quorum_met"] = result.quorum_met
        out["responses"] = (
            {value: n for value, _label, n in result.response_rows()} if proposal.process != "vote" else None
        )
        out["options"] = (
            [{"id": c.option.pk, "label": c.option.label, "votes": c.votes} for c in result.options]
            if proposal.process == "vote"
            else None
        )
        out["votes"] = votes
    return out
