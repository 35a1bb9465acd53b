"""The landscape's rules as plain functions: the single-record services and the bulk import call
these same ones, so a rule is right in both places or in neither."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.landscape import rules, services
from accord.landscape.rules import Entry
from tests.conftest import World
from tests.landscape.conftest import Landscape

ORG, PERSON = False, True


def test_a_loop_is_told_to_each_changed_member_with_the_loop_in_words() -> None:
    entries = {
        "a": Entry("A", ORG, "b"),
        "b": Entry("B", ORG, "c"),
        "c": Entry("C", ORG, "a"),
        "d": Entry("D", ORG, "a"),  # inside the loop's organisations, not part of it
    }
    found = rules.belongs_to_problems(entries, {"a": {"organisation"}, "c": {"organisation"}, "d": {"organisation"}})
    assert set(found) == {"a", "c"}
    assert "A → B → C → A" in found["a"]["organisation"]


def test_a_stakeholder_inside_itself_is_a_loop() -> None:
    found = rules.belongs_to_problems({"a": Entry("A", ORG, "a")}, {"a": {"organisation"}})
    assert "A → A" in found["a"]["organisation"]


def test_a_loop_nobody_touches_is_not_reported() -> None:
    entries = {"a": Entry("A", ORG, "b"), "b": Entry("B", ORG, "a"), "c": Entry("C", ORG, None)}
    assert rules.belongs_to_problems(entries, {"c": {"organisation", "is_individual"}}) == {}


def test_belonging_to_a_person_is_told_to_whoever_changed() -> None:
    entries = {"p": Entry("Pat", PERSON, None), "o": Entry("Office", ORG, "p")}
    moved_in = rules.belongs_to_problems(entries, {"o": {"organisation"}})
    assert moved_in == {"o": {"organisation": "Pat is a person, not an organisation."}}
    marked = rules.belongs_to_problems(entries, {"p": {"is_individual"}})
    assert set(marked) == {"p"} and set(marked["p"]) == {"is_individual"}


def test_the_walk_is_linear_on_a_long_chain() -> None:
    """A chain of 200,000 and a loop at its top: one walk, not one per stakeholder."""
    n = 200_000
    entries = {i: Entry(f"S{i}", ORG, i + 1 if i + 1 < n else 0) for i in range(n)}
    found = rules.belongs_to_problems(entries, {i: {"organisation"} for i in range(n)})
    assert len(found) == n


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"position": 3, "influence": 2, "interest": 2}, "position"),
        ({"position": None, "influence": 6, "interest": 2}, "influence"),
        ({"position": -2, "influence": 0, "interest": -1}, "interest"),
        ({"position": True, "influence": 2, "interest": 2}, "position"),
    ],
)
def test_assessment_values_have_their_ranges(values: dict[str, object], field: str) -> None:
    today = dt.date(2025, 5, 1)
    assert set(rules.assessment_problems(**values, assessed_on=today, today=today)) == {field}


def test_an_assessment_is_not_dated_after_today() -> None:
    today = dt.date(2025, 5, 1)
    late = rules.assessment_problems(position=1, influence=1, interest=1, assessed_on=dt.date(2025, 5, 2), today=today)
    assert set(late) == {"assessed_on"}


def test_what_we_want_from_someone_is_kept_only_for_a_target() -> None:
    assert rules.target_ask(is_target=False, ask="Sign") == ""
    assert rules.target_ask(is_target=True, ask="Sign") == "Sign"


def test_the_register_form_refuses_a_loop_with_the_same_words_as_the_import(landscape: Landscape) -> None:
    services.stakeholder_update(stakeholder=landscape.donor, organisation=landscape.committee)
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_update(stakeholder=landscape.committee, organisation=landscape.donor)
    message = caught.value.message_dict["organisation"][0]
    assert "cannot belong to itself" in message and "Agrarian Committee → Seed Fund → Agrarian Committee" in message
    landscape.committee.refresh_from_db()
    assert landscape.committee.organisation is None


def test_a_name_in_another_letter_case_is_taken(world: World) -> None:
    services.stakeholder_create(alliance=world.a, name="Valley Radio", kind="media")
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_create(alliance=world.a, name="VALLEY RADIO", kind="media")
    assert "already in the register" in caught.value.message_dict["name"][0]


def test_an_assessment_without_a_date_is_dated_the_alliance_s_today(landscape: Landscape) -> None:
    world = landscape.world
    world.a.timezone = "Pacific/Kiritimati"
    world.a.save(update_fields=["timezone"])
    a = services.assessment_record(stakeholder=landscape.donor, user=world.alice, position=1, influence=2, interest=2)
    assert a.assessed_on == world.a.today()
