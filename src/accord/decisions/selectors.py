"""Reads for decisions, and the one place that says whether results may be shown.

Hidden results: when a proposal hides its results, nobody — not even the co-chairs — sees how
organisations voted, nor which organisations voted, until it closes; only how many have voted.
Pages, the API, the CSV export and emails all ask `results_visible` (or use `visible_tally` and
`visible_votes`, which answer None while hidden).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When
from django.utils.translation import ngettext

from accord.core import capabilities
from accord.core.capabilities import DecisionSubject
from accord.core.models import Alliance
from accord.decisions.models import RESPONSES, Proposal, ProposalOption, Vote, outcome_sentence
from accord.membership.models import Membership, Seat
from accord.membership.selectors import VoiceCount, member_organisations, representatives


@dataclass
class OptionCount:
    option: ProposalOption
    votes: int


@dataclass
class Tally:
    members: int  # member organisations now
    voted: int  # organisations that voted
    quorum_percent: int
    process: str = ""
    responses: dict[str, int] = field(default_factory=dict)
    options: list[OptionCount] = field(default_factory=list)
    blocks: list[Vote] = field(default_factory=list)

    @property
    def quorum_met(self) -> bool:
        if self.members == 0 or self.voted == 0:
            return False
        return self.voted * 100 >= self.quorum_percent * self.members

    @property
    def turnout_percent(self) -> int:
        return round(100 * self.voted / self.members) if self.members else 0

    @property
    def winners(self) -> list[ProposalOption]:
        top = max((c.votes for c in self.options), default=0)
        return [c.option for c in self.options if top and c.votes == top]

    def response_rows(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for every answer the process allows, in a stable order."""
        labels = dict(Vote.Response.choices)
        allowed = RESPONSES.get(self.process) or tuple(self.responses)
        return [(value, str(labels[value]), self.responses.get(value, 0)) for value in allowed]


def quorum_needed(members: int, quorum_percent: int) -> int:
    """The fewest votes that reach the quorum (at least one: nothing is decided by nobody)."""
    if members <= 0:
        return 0
    return max(1, -(-members * quorum_percent // 100))


def voice_warning(voices: VoiceCount, quorum_percent: int) -> str:
    """What the co-chairs should know before opening a proposal when some member organisations
    have no named voice (empty when every member organisation can vote)."""
    if not voices.missing:
        return ""
    needed = quorum_needed(voices.members, quorum_percent)
    values = {"named": voices.named, "members": voices.members, "needed": needed}
    if voices.named < needed:
        return (
            ngettext(
                "Only %(named)s of %(members)s member organisations have a named voice, and the quorum needs "
                "%(needed)s vote: this proposal cannot be decided until more voices are named.",
                "Only %(named)s of %(members)s member organisations have a named voice, and the quorum needs "
                "%(needed)s votes: this proposal cannot be decided until more voices are named.",
                needed,
            )
            % values
        )
    if voices.named == needed:
        return (
            ngettext(
                "Only %(named)s of %(members)s member organisations have a named voice, and the quorum needs "
                "%(needed)s vote: every named voice would have to vote.",
                "Only %(named)s of %(members)s member organisations have a named voice, and the quorum needs "
                "%(needed)s votes: every named voice would have to vote.",
                needed,
            )
            % values
        )
    missing = len(voices.missing)
    return ngettext(
        "%(n)s member organisation has no named voice and cannot vote.",
        "%(n)s member organisations have no named voice and cannot vote.",
        missing,
    ) % {"n": missing}


def results_visible(proposal: Proposal) -> bool:
    """Whether anyone may see how organisations voted: always once closed; before that only when
    the proposer did not ask to hide the results."""
    return proposal.status == Proposal.Status.CLOSED or not proposal.hide_results


def member_count(proposal: Proposal) -> int:
    return member_organisations(proposal.alliance).count()


def voted_count(proposal: Proposal) -> int:
    """How many organisations have voted: the one figure shown even while results are hidden."""
    annotated = getattr(proposal, "voted", None)
    if annotated is not None:
        return int(annotated)
    return proposal.votes.count()


def member_representatives(alliance: Alliance) -> QuerySet[Seat]:
    """People currently representing a member organisation (the ones told about decisions)."""
    return representatives(alliance).filter(organisation__membership__status=Membership.Status.MEMBER)


def _votes(proposal: Proposal) -> QuerySet[Vote]:
    return (
        proposal.votes.select_related("organisation", "cast_by")
        .prefetch_related("options")
        .order_by("organisation__name")
    )


def tally(proposal: Proposal) -> Tally:
    """Count the votes, whatever the visibility: for closing. Pages use `visible_tally`."""
    votes = list(_votes(proposal))
    result = Tally(
        members=member_count(proposal),
        voted=len(votes),
        quorum_percent=proposal.quorum_percent,
        process=proposal.process,
    )
    result.responses = dict(Counter(v.response for v in votes if v.response))
    if proposal.process == Proposal.Process.VOTE:
        chosen = Counter(o.pk for v in votes for o in v.options.all())
        result.options = [OptionCount(o, chosen.get(o.pk, 0)) for o in proposal.options.all()]
    result.blocks = [v for v in votes if v.response == Vote.Response.BLOCK]
    return result


def visible_tally(proposal: Proposal) -> Tally | None:
    return tally(proposal) if results_visible(proposal) and proposal.status != Proposal.Status.DRAFT else None


def visible_votes(proposal: Proposal) -> list[Vote] | None:
    """Each organisation's vote, or None while results are hidden."""
    return list(_votes(proposal)) if results_visible(proposal) else None


def own_vote(proposal: Proposal, organisation: Any) -> Vote | None:
    """The vote of the organisation a person is the voice of: shown back to that organisation
    only (it is their own answer, not a result)."""
    if organisation is None:
        return None
    return proposal.votes.prefetch_related("options").filter(organisation=organisation).first()


def proposals(alliance: Alliance) -> QuerySet[Proposal]:
    """The alliance's proposals: open ones first (closing soonest first), then drafts, then
    closed (latest first), withdrawn last; each with how many organisations voted."""
    rank = Case(
        When(status=Proposal.Status.OPEN, then=Value(0)),
        When(status=Proposal.Status.DRAFT, then=Value(1)),
        When(status=Proposal.Status.CLOSED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        alliance.proposals.select_related("alliance", "proposed_by", "proposed_for")
        .annotate(rank=rank, voted=Count("votes", distinct=True))
        .order_by("rank", "closes_at", "-closed_at", "-created_at", "-pk")
    )


def proposal_detail(alliance: Alliance) -> QuerySet[Proposal]:
    """One proposal with what its page shows (fetch through get_in_alliance)."""
    return alliance.proposals.select_related("alliance", "proposed_by", "proposed_for", "amends").prefetch_related(
        Prefetch("options", queryset=ProposalOption.objects.order_by("order", "pk"))
    )


def open_records(alliance: Alliance) -> list[tuple[DecisionSubject, list[Any]]]:
    """For each declared subject about a record, the records a new proposal may decide now
    (as the subject's owner lists them: texts not agreed or adopted yet)."""
    return [
        (spec, list(spec.records(alliance)))
        for spec in capabilities.decision_subjects()
        if spec.has_record and spec.records is not None
    ]


def attach_records(proposals: Iterable[Proposal]) -> list[Proposal]:
    """Read the records a page of proposals decides with one query per kind of subject (not one
    per proposal), and keep each on its proposal."""
    proposals = list(proposals)
    wanted: dict[str, set[int]] = {}
    for p in proposals:
        spec = p.subject_spec
        if spec is not None and spec.has_record and p.record_id is not None:
            wanted.setdefault(p.subject, set()).add(p.record_id)
    found: dict[tuple[str, int | None], Any] = {}
    for key, ids in wanted.items():
        spec = capabilities.decision_subject(key)
        assert spec is not None
        alliance_ids = {p.alliance_id for p in proposals}
        rows: Any = spec.model_class()._default_manager.filter(pk__in=ids, alliance_id__in=alliance_ids)
        for row in rows:
            found[(key, row.pk)] = row
    for p in proposals:
        record: Any = found.get((p.subject, p.record_id)) if p.record_id is not None else None
        if record is not None and record.alliance_id != p.alliance_id:
            record = None
        p.__dict__["record"] = record
        spec = p.subject_spec
        p.record_title = spec.describe(record) if spec is not None and record is not None else ""  # type: ignore[attr-defined]
    return proposals


def describe_record(proposal: Proposal) -> dict[str, str] | None:
    """What a proposal decides, as a label and a link to it, or None."""
    spec, record = proposal.subject_spec, proposal.record
    if spec is None or record is None:
        return None
    return {"label": spec.describe(record), "url": spec.url(record) if spec.url else ""}


def amendable(alliance: Alliance) -> QuerySet[Proposal]:
    """Closed proposals that did not pass: an amended version may follow them."""
    return (
        alliance.proposals.filter(status=Proposal.Status.CLOSED)
        .exclude(outcome=Proposal.Outcome.PASSED)
        .order_by("-closed_at")
    )


def outcome_facts(proposal: Proposal, result: Tally) -> dict[str, Any]:
    """What closing found, as facts any language can write (Proposal.outcome_text): turnout,
    the options chosen, the blocks with their reasons, the count of each answer."""
    facts: dict[str, Any] = {
        "voted": result.voted,
        "members": result.members,
        "quorum": result.quorum_percent,
        "winners": [o.label for o in result.winners],
        "blocks": [[vote.organisation.name, vote.reason] for vote in result.blocks],
    }
    if proposal.process == Proposal.Process.VOTE:
        facts["options"] = [[c.option.label, c.votes] for c in result.options]
    else:
        facts["responses"] = [[value, n] for value, _label, n in result.response_rows()]
    return facts


def outcome_summary(proposal: Proposal, result: Tally) -> str:
    """The outcome statement closing would record, in the active language."""
    return outcome_sentence(proposal.outcome, proposal.process, outcome_facts(proposal, result))


def record_warnings(alliance: Alliance, subject_key: Any, record_id: Any) -> list[str]:
    """What the owning capability wants the members to know before deciding this record (empty
    when the subject or the record is unknown: the form's own checks say so)."""
    key, _sep, rest = str(record_id or "").rpartition(":")  # the form's choices read "purpose:12"
    if _sep:
        subject_key, record_id = key, rest
    subject = capabilities.decision_subject(str(subject_key or ""))
    if subject is None or subject.warn is None:
        return []
    record = subject.get(alliance, record_id)
    return subject.warn(record) if record is not None else []
