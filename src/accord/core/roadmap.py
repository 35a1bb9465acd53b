"""The method's ten steps and the registry of checks that compute each step's status.

A capability declares the checks for its steps in its `capability.py` (`steps=((1, purpose_step),)`;
see accord.core.capabilities). Several capabilities may check parts of one step. A step with no
check is reported as not covered yet, never as done.

Each check looks at its own step, but the next action it offers is read against the whole
roadmap: an action that is another step's work says so (`continues_in`), and one that needs an
earlier step finished first says that (`needs`), so step 1 never asks to take the purpose to the
members once step 4 has agreed it, nor before there are members to take it to.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.core.models import Alliance

Text = str | Promise


class State(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    TODO = "todo"
    NOT_COVERED = "not_covered"


STATE_LABELS: dict[State, Text] = {
    State.DONE: _("Done"),
    State.IN_PROGRESS: _("In progress"),
    State.TODO: _("Not started"),
    State.NOT_COVERED: _("Not tracked yet"),
}


@dataclass(frozen=True)
class Evidence:
    """One fact behind a step's status: what was looked at and whether it meets the bar."""

    text: Text
    ok: bool
    url: str = ""


@dataclass
class StepStatus:
    state: State
    evidence: list[Evidence] = field(default_factory=list)
    next_action: Text = ""
    next_url: str = ""
    # Thresholds the check used, shown on the page ("at least 3 organisations").
    thresholds: list[Text] = field(default_factory=list)
    # Parts of the step that later capabilities will check.
    not_covered: list[Text] = field(default_factory=list)
    # The later step whose work the next action is (step 1's "agree it with the members" is step
    # 4's), and what to do instead once that step is done ("" for nothing).
    continues_in: int | None = None
    when_continued: Text = ""
    next_url_when_continued: str = ""
    # Earlier steps that must be done before the next action can be taken (invitations carry
    # the purpose: step 3 needs step 1).
    needs: tuple[int, ...] = ()

    @property
    def label(self) -> Text:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: Text
    guidance: Text


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "purpose",
        _("Identify the purpose"),
        _(
            "Name one policy change worth allying for: the policy, who decides it, what should change "
            "and by when. Make it SMART, say what allying adds, and weigh the risk of acting against "
            "the risk of staying silent."
        ),
    ),
    Step(
        2,
        "landscape",
        _("Map the landscape and identify members"),
        _(
            "List who matters for the change: the power holders to move, their position and "
            "influence, and candidate members from many kinds of organisation, including groups that "
            "speak for the people affected."
        ),
    ),
    Step(
        3,
        "invitations",
        _("Invite members with clarity on the purpose"),
        _(
            "Invite candidates with the purpose in hand, so everyone joins for the same reason. Keep "
            "the door open for organisations who want to join later."
        ),
    ),
    Step(
        4,
        "agreement",
        _("Agree the specific purpose"),
        _(
            "Decide together, one voice per organisation, on the purpose, the principles you work "
            "by and the points the policy must include. Write them down and send them to everyone."
        ),
    ),
    Step(
        5,
        "framework",
        _("Set up a light organisational framework"),
        _(
            "Agree how you work: a short ways-of-working note, co-chairs from different "
            "organisations, someone doing the secretariat's work in turn, and an owner for every "
            "activity."
        ),
    ),
    Step(
        6,
        "meetings",
        _("Meet only when needed, always with an agenda"),
        _("Agree how often to meet, meet when there is a reason, send the agenda first and the minutes after."),
    ),
    Step(
        7,
        "resources",
        _("Build on existing resources"),
        _(
            "Ask each member what they can bring: staff time, expertise, money, relationships. Plan "
            "activities that the alliance can resource."
        ),
    ),
    Step(
        8,
        "government",
        _("Work with the government"),
        _(
            "Find the real power holders, sometimes technical staff rather than ministers, keep a "
            "line open to them and record every engagement."
        ),
    ),
    Step(
        9,
        "relationships",
        _("Invest in relationships"),
        _(
            "Trust is built between people: field visits, joint celebrations, shared work and a "
            "regular anonymous survey where members can say what is not working."
        ),
    ),
    Step(
        10,
        "assessment",
        _("Assess the results"),
        _(
            "Track indicators against baselines and targets, evaluate the alliance, follow up the "
            "recommendations and ask honestly whether the alliance is still worth it."
        ),
    ),
)
STEPS_BY_NUMBER = {s.number: s for s in STEPS}

Check = Callable[[Alliance], StepStatus]

T = TypeVar("T")

# Reads that several steps' checks share (the targets of steps 2 and 8), kept while one
# roadmap_for() reads one alliance, so each is read once per roadmap.
_reading: ContextVar[dict[tuple[int, str], Any] | None] = ContextVar("roadmap_reading", default=None)


def shared(alliance: Alliance, key: str, read: Callable[[], T]) -> T:
    """`read()` once per roadmap reading of `alliance`; a check called on its own reads afresh,
    so nothing outlives the reading that needed it."""
    memo = _reading.get()
    if memo is None:
        return read()
    if (alliance.pk, key) not in memo:
        memo[(alliance.pk, key)] = read()
    return memo[(alliance.pk, key)]


def registered(number: int) -> list[Check]:
    from accord.core import capabilities

    if number not in STEPS_BY_NUMBER:
        raise ValueError(f"There is no step {number}.")
    return capabilities.step_checks(number)


@dataclass
class RoadmapEntry:
    step: Step
    status: StepStatus


def merge(parts: list[StepStatus]) -> StepStatus:
    """Combine the statuses several apps report for one step."""
    if len(parts) == 1:
        return parts[0]
    states = {p.state for p in parts}
    if states == {State.DONE}:
        state = State.DONE
    elif states <= {State.TODO, State.NOT_COVERED} and State.TODO in states:
        state = State.TODO
    else:
        state = State.IN_PROGRESS
    first_open = next((p for p in parts if p.state != State.DONE), parts[0])
    return StepStatus(
        state=state,
        evidence=[e for p in parts for e in p.evidence],
        next_action=first_open.next_action,
        next_url=first_open.next_url,
        thresholds=[t for p in parts for t in p.thresholds],
        not_covered=[n for p in parts for n in p.not_covered],
        continues_in=first_open.continues_in,
        when_continued=first_open.when_continued,
        next_url_when_continued=first_open.next_url_when_continued,
        needs=first_open.needs,
    )


def _read_whole(entries: list[RoadmapEntry]) -> None:
    """Rewrite each step's next action from the state of every step (rules in the docstring)."""
    status = {e.step.number: e.status for e in entries}
    memo: dict[int, tuple[Text, str, int]] = {}

    def resolve(number: int, seen: frozenset[int]) -> tuple[Text, str, int]:
        """The action to offer for step `number`, its link, and the step whose work it is."""
        if number in memo:
            return memo[number]
        s = status[number]
        action, url = s.next_action, s.next_url
        needs = set(s.needs)
        later = status.get(s.continues_in) if s.continues_in is not None else None
        if later is not None and later.state == State.DONE:
            action, url, needs = s.when_continued, s.next_url_when_continued, set()
        elif later is not None:
            needs |= set(later.needs)
        owner = number
        seen = seen | {number}
        blocking = sorted(n for n in needs - seen if n in status and status[n].state != State.DONE)
        if blocking:
            before, before_url, before_owner = resolve(blocking[0], seen)
            if before:
                action, url, owner = before, before_url, before_owner
        memo[number] = (action, url, owner)
        return memo[number]

    for e in entries:
        action, url, owner = resolve(e.step.number, frozenset())
        if owner != e.step.number:
            action = _("Step %(n)d first. %(action)s") % {"n": owner, "action": action}
        e.status.next_action, e.status.next_url = action, url


def roadmap_for(alliance: Alliance) -> list[RoadmapEntry]:
    from django.utils import timezone

    from accord.core import capabilities

    # What fell due since the last periodic run (a proposal past its closing time) first.
    now = timezone.now()
    for catch_up in capabilities.catch_up_runners():
        catch_up(alliance, now)
    token = _reading.set({})
    try:
        entries = _entries(alliance)
    finally:
        _reading.reset(token)
    _read_whole(entries)
    return entries


def _entries(alliance: Alliance) -> list[RoadmapEntry]:
    entries = []
    for step in STEPS:
        checks = registered(step.number)
        if not checks:
            status = StepStatus(
                state=State.NOT_COVERED,
                next_action=_("Accord does not cover this step yet. Keep track of it outside Accord for now."),
            )
        else:
            status = merge([c(alliance) for c in checks])
            # A step with parts Accord cannot see yet is never reported done.
            if status.state == State.DONE and status.not_covered:
                status.state = State.IN_PROGRESS
        entries.append(RoadmapEntry(step=step, status=status))
    return entries
