"""accord.lib.smart.check: each letter fails for its own reason and passes once fixed."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from accord.lib import smart

TODAY = dt.date(2026, 6, 1)

GOOD: dict[str, Any] = {
    "policy": "Seed Law, article 12",
    "decision_maker": "Parliament's agriculture committee",
    "change_sought": "Let farmers exchange uncertified seed",
    "measure": "Article 12 amended",
    "target": "Amendment adopted in 2 readings",
    "resources_needed": "One lawyer, two campaigners, 20,000 GEL",
    "controversy": "medium",
    "risk_of_acting": "Seed companies may lobby against us",
    "risk_of_silence": "Farmers keep losing local varieties",
    "deadline": dt.date(2027, 12, 31),
}


def purpose(**changes: Any) -> SimpleNamespace:
    return SimpleNamespace(**{**GOOD, **changes})


def letter(result: smart.SmartResult, code: str) -> smart.Letter:
    return next(item for item in result.letters if item.letter == code)


def problems(result: smart.SmartResult, code: str) -> list[str]:
    return [str(p) for p in letter(result, code).problems]


def test_a_complete_purpose_passes_every_letter() -> None:
    result = smart.check(purpose(), today=TODAY)
    assert result.passes
    assert result.failing == []
    assert [item.letter for item in result.letters] == ["S", "M", "A", "R", "T"]
    assert all(item.problems == [] for item in result.letters)


def test_an_empty_purpose_fails_every_letter() -> None:
    result = smart.check(SimpleNamespace(), today=TODAY)
    assert not result.passes
    assert [item.letter for item in result.failing] == ["S", "M", "A", "R", "T"]
    assert all(str(item.fix) for item in result.failing)


@pytest.mark.parametrize(
    ("field", "value", "code", "expected"),
    [
        ("policy", "", "S", "does not name the policy"),
        ("decision_maker", "  ", "S", "who takes the decision"),
        ("change_sought", None, "S", "what should change"),
        ("measure", "", "M", "no measure of success"),
        ("target", "", "M", "no target value"),
        ("target", "a lot more money", "M", "target has no number"),
        ("resources_needed", "", "A", "resources needed"),
        ("controversy", "", "R", "controversial the issue is has not been assessed"),
        ("risk_of_acting", "", "R", "risk of acting"),
        ("risk_of_silence", "", "R", "risk of staying silent"),
        ("deadline", None, "T", "no deadline"),
        ("deadline", TODAY, "T", "already passed"),
        ("deadline", dt.date(2020, 1, 1), "T", "already passed"),
    ],
)
def test_each_gap_fails_only_its_own_letter_with_its_reason(field: str, value: Any, code: str, expected: str) -> None:
    result = smart.check(purpose(**{field: value}), today=TODAY)
    assert [item.letter for item in result.failing] == [code]
    assert len(problems(result, code)) == 1
    assert expected in problems(result, code)[0]
    assert str(letter(result, code).fix)
    # Fixing the gap makes the letter pass again.
    assert smart.check(purpose(**{field: GOOD[field]}), today=TODAY).passes


def test_several_gaps_in_one_letter_are_all_listed() -> None:
    result = smart.check(purpose(policy="", decision_maker="", change_sought=""), today=TODAY)
    assert len(problems(result, "S")) == 3


def test_a_target_with_a_number_passes_measurable() -> None:
    assert letter(smart.check(purpose(target="4% of the budget"), today=TODAY), "M").ok


def test_a_deadline_tomorrow_passes() -> None:
    assert letter(smart.check(purpose(deadline=TODAY + dt.timedelta(days=1)), today=TODAY), "T").ok


def test_high_controversy_passes_with_a_warning_note() -> None:
    result = smart.check(purpose(controversy="high"), today=TODAY)
    realistic = letter(result, "R")
    assert realistic.ok
    assert realistic.notes and "highly controversial" in str(realistic.notes[0])
    assert letter(smart.check(purpose(controversy="low"), today=TODAY), "R").notes == []
