"""The SMART check of a policy purpose, in plain words.

Pure function over anything that has the purpose's attributes, so the page, the API, the
roadmap and the command line all say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise
_DIGIT = re.compile(r"\d")


@dataclass
class Letter:
    letter: str
    name: Text
    ok: bool
    problems: list[Text] = field(default_factory=list)
    fix: Text = ""
    notes: list[Text] = field(default_factory=list)


@dataclass
class SmartResult:
    letters: list[Letter]

    @property
    def passes(self) -> bool:
        return all(letter.ok for letter in self.letters)

    @property
    def failing(self) -> list[Letter]:
        return [letter for letter in self.letters if not letter.ok]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check(purpose: Any, *, today: dt.date) -> SmartResult:
    """Check a purpose (any object with the Purpose fields) against the five letters.

    `today` is the alliance's day (`alliance.today()`): a deadline is judged on the alliance's
    calendar, not the server's."""
    get = lambda name: getattr(purpose, name, None)  # noqa: E731

    s_problems: list[Text] = []
    if _blank(get("policy")):
        s_problems.append(_("It does not name the policy, law or budget line to change."))
    if _blank(get("decision_maker")):
        s_problems.append(_("It does not say who takes the decision."))
    if _blank(get("change_sought")):
        s_problems.append(_("It does not say what should change."))
    specific = Letter(
        "S",
        _("Specific"),
        not s_problems,
        s_problems,
        _("Name the policy, the decision-maker (a ministry, a committee, an official) and the change you ask of them."),
    )

    m_problems: list[Text] = []
    if _blank(get("measure")):
        m_problems.append(_("There is no measure of success."))
    target = get("target")
    if _blank(target):
        m_problems.append(_("There is no target value."))
    elif not _DIGIT.search(str(target)):
        m_problems.append(_("The target has no number, so no one can tell when it is reached."))
    measurable = Letter(
        "M",
        _("Measurable"),
        not m_problems,
        m_problems,
        _(
            "Say how you will know it worked and give a number to reach, such as '4% of the budget' or 'law adopted in 2 readings'."
        ),
    )

    a_problems: list[Text] = []
    if _blank(get("resources_needed")):
        a_problems.append(_("The resources needed (people, skills, money) are not stated."))
    achievable = Letter(
        "A",
        _("Achievable"),
        not a_problems,
        a_problems,
        _("List the staff time, expertise and money the effort will take, so members can see whether it can be done."),
    )

    r_problems: list[Text] = []
    r_notes: list[Text] = []
    controversy = get("controversy")
    if _blank(controversy):
        r_problems.append(_("How controversial the issue is has not been assessed."))
    elif controversy == "high":
        r_notes.append(
            _(
                "The issue is highly controversial: check that the alliance can carry the opposition without spending all its energy on it."
            )
        )
    if _blank(get("risk_of_acting")):
        r_problems.append(_("The risk of acting is not described."))
    if _blank(get("risk_of_silence")):
        r_problems.append(_("The risk of staying silent is not described."))
    realistic = Letter(
        "R",
        _("Realistic"),
        not r_problems,
        r_problems,
        _("Rate the controversy and write what could go wrong if you act, and what happens if you stay silent."),
        r_notes,
    )

    t_problems: list[Text] = []
    deadline = get("deadline")
    if deadline is None:
        t_problems.append(_("There is no deadline."))
    elif deadline <= today:
        t_problems.append(_("The deadline has already passed."))
    time_bound = Letter(
        "T",
        _("Time-bound"),
        not t_problems,
        t_problems,
        _(
            "Set the date by which the change should happen, for example the next budget vote or the end of the parliamentary term."
        ),
    )

    return SmartResult([specific, measurable, achievable, realistic, time_bound])
