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


def test_a_target_with_a_number_a_unit_and_a_baseline_passes_measurable() -> None:
    assert letter(smart.check(purpose(target="4% of the budget, from 0.3% today"), today=TODAY), "M").ok
    assert letter(
        smart.check(purpose(target="4% of the budget", measure="Share, against 0.3% in 2025"), today=TODAY), "M"
    ).ok


def test_a_deadline_tomorrow_passes_for_a_budget_line_but_not_for_a_law() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    budget = purpose(
        policy="Nutrition line in the 2027 national budget",
        change_sought="The budget funds the nutrition programme in every district",
        deadline=tomorrow,
    )
    assert letter(smart.check(budget, today=TODAY), "T").ok
    law = smart.check(purpose(deadline=tomorrow), today=TODAY)  # GOOD is a seed law
    assert [item.letter for item in law.failing] == ["T"]
    assert "less than a year" in problems(law, "T")[0]
    assert letter(smart.check(purpose(deadline=TODAY + dt.timedelta(days=400)), today=TODAY), "T").ok


# --- the coach: purposes that read well but say nothing, and sharp ones ----------------------

# (field, value, letter, words of the explanation): each vague purpose fails on its letter.
VAGUE = [
    ("policy", "Ministry of Gender", "S", "names no instrument"),
    ("policy", "Better lives for women farmers", "S", "names no instrument"),
    ("policy", "x", "S", "names no instrument"),
    ("policy", "Los derechos de las mujeres", "S", "names no instrument"),
    ("decision_maker", "x", "S", "not an institution"),
    ("decision_maker", "Everyone who cares about farmers", "S", "not an institution"),
    ("decision_maker", "Les citoyens", "S", "not an institution"),
    ("change_sought", "x", "S", "too vague"),
    ("change_sought", "Raise awareness", "S", "too vague"),
    ("change_sought", "Improve nutrition", "S", "too vague"),
    ("change_sought", "Strengthen and promote women's rights", "S", "too vague"),
    ("change_sought", "Mejorar la nutrición infantil", "S", "too vague"),
    ("change_sought", "Renforcer et soutenir les coopératives", "S", "too vague"),
    ("change_sought", "Run an awareness campaign on child nutrition in rural schools", "S", "campaign"),
    ("target", "50", "M", "bare number"),
    ("target", "4% of the state budget", "M", "no starting point"),
    ("target", "10 millones de soles por año", "M", "no starting point"),
    ("resources_needed", "x", "A", "word or two"),
    ("resources_needed", "money", "A", "word or two"),
    ("risk_of_acting", "x", "R", "too short"),
    ("risk_of_silence", "none", "R", "too short"),
    ("deadline", TODAY + dt.timedelta(days=90), "T", "less than a year"),
    ("deadline", TODAY + dt.timedelta(days=365 * 12), "T", "ten years"),
]


@pytest.mark.parametrize(("field", "value", "code", "expected"), VAGUE)
def test_a_vague_purpose_fails_with_an_explanation_and_a_way_to_fix_it(
    field: str, value: Any, code: str, expected: str
) -> None:
    result = smart.check(purpose(**{field: value}), today=TODAY)
    assert [item.letter for item in result.failing] == [code], (field, value)
    [problem] = problems(result, code)
    assert expected in problem
    assert len(problem.split()) >= 10  # an explanation, not a label


def test_raise_awareness_no_longer_passes_specific_and_x_passes_nothing() -> None:
    assert not letter(smart.check(purpose(change_sought="raise awareness"), today=TODAY), "S").ok
    everything_x = {key: "x" for key in GOOD if key not in ("deadline", "controversy")}
    result = smart.check(purpose(**everything_x), today=TODAY)
    assert [item.letter for item in result.failing] == ["S", "M", "A", "R"]


# Sharp purposes as alliances write them, in three languages: every letter passes.
SHARP = [
    GOOD,
    {
        **GOOD,
        "policy": "Law on agricultural cooperatives",
        "decision_maker": "Parliament of Georgia (Agriculture Committee first)",
        "change_sought": "Parliament adopts a law that lets farmers register business cooperatives and sell together",
        "measure": "Law adopted; agriculture's share of the state budget",
        "target": "Law adopted; agriculture at 4% of the state budget (from 0.3%)",
    },
    {
        **GOOD,
        "policy": "A nutrition line in the national budget for the First 1000 Days Programme",
        "decision_maker": "Ministry of Finance (budget office)",
        "change_sought": "The national budget pays for the programme in every district, not donors alone",
        "measure": "Share of the programme's cost paid from the national budget",
        "target": "At least 50% of the yearly cost (about 10% today)",
        "deadline": TODAY + dt.timedelta(days=200),
    },
    {
        **GOOD,
        "policy": "Compromiso público de los candidatos presidenciales contra la desnutrición crónica infantil",
        "decision_maker": "Los candidatos presidenciales, luego el gobierno electo",
        "change_sought": "Cada candidato firma el compromiso de reducir la desnutrición crónica en 5 puntos en cinco años",
        "measure": "Candidatos que firman; tasa nacional de desnutrición crónica",
        "target": "8 candidatos firman; tasa 5 puntos menos que la última encuesta nacional",
        "resources_needed": "Un documento de posición, un acto de firma y aliados en los medios",
        "risk_of_acting": "Un candidato puede usar la firma como publicidad",
        "risk_of_silence": "La nutrición queda fuera de la campaña electoral",
        "deadline": TODAY + dt.timedelta(days=150),
    },
    {
        **GOOD,
        "policy": "Loi d'orientation agricole, article 14 sur les semences paysannes",
        "decision_maker": "Commission de l'agriculture de l'Assemblée nationale",
        "change_sought": "Les paysans peuvent échanger et vendre leurs semences non certifiées",
        "measure": "Article 14 modifié en deuxième lecture",
        "target": "Amendement adopté en 2 lectures",
        "resources_needed": "Une juriste à mi-temps, deux animateurs et 15 000 euros",
        "risk_of_acting": "Les semenciers feront pression contre l'amendement",
        "risk_of_silence": "Les variétés locales continuent de disparaître des champs",
    },
]


@pytest.mark.parametrize("fields", SHARP, ids=["seed-law", "georgia", "zambia", "peru-es", "france-fr"])
def test_a_sharp_purpose_passes_every_letter(fields: dict[str, Any]) -> None:
    result = smart.check(SimpleNamespace(**fields), today=TODAY)
    assert result.passes, [(item.letter, [str(p) for p in item.problems]) for item in result.failing]


def test_the_coach_speaks_the_readers_language() -> None:
    from django.utils import translation

    for language, words in (("es", "instrumento"), ("fr", "instrument")):
        with translation.override(language):
            [problem] = problems(smart.check(purpose(policy="Ministry of Gender"), today=TODAY), "S")
            assert words in problem.lower(), (language, problem)


def test_high_controversy_passes_with_a_warning_note() -> None:
    result = smart.check(purpose(controversy="high"), today=TODAY)
    realistic = letter(result, "R")
    assert realistic.ok
    assert realistic.notes and "highly controversial" in str(realistic.notes[0])
    assert letter(smart.check(purpose(controversy="low"), today=TODAY), "R").notes == []
