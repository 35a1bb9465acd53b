"""Assessments: dated, signed, within their ranges; the latest is current; the past is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.landscape import selectors, services
from accord.landscape.models import Assessment
from tests.landscape.conftest import Landscape


def test_an_assessment_is_dated_and_signed(landscape: Landscape) -> None:
    a = services.assessment_record(
        stakeholder=landscape.donor, user=landscape.world.bob, position=None, influence=2, interest=1, evidence=" x "
    )
    assert a.assessed_by == landscape.world.bob
    assert a.position is None
    assert a.evidence == "x"
    assert a.assessed_on <= dt.date.today() + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("position", {"position": 3, "influence": 1, "interest": 1}),
        ("position", {"position": -3, "influence": 1, "interest": 1}),
        ("influence", {"position": 0, "influence": 6, "interest": 1}),
        ("influence", {"position": 0, "influence": -1, "interest": 1}),
        ("interest", {"position": 0, "influence": 1, "interest": 9}),
        ("influence", {"position": 0, "influence": True, "interest": 1}),
        ("position", {"position": "1", "influence": 1, "interest": 1}),
    ],
)
def test_values_out_of_range_are_refused_naming_the_field(
    landscape: Landscape, field: str, values: dict[str, object]
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.assessment_record(stakeholder=landscape.donor, user=landscape.world.alice, **values)  # type: ignore[arg-type]
    assert list(caught.value.message_dict) == [field]
    assert not Assessment.objects.filter(stakeholder=landscape.donor).exists()


def test_a_future_date_is_refused(landscape: Landscape) -> None:
    with pytest.raises(ValidationError) as caught:
        services.assessment_record(
            stakeholder=landscape.donor,
            user=landscape.world.alice,
            position=1,
            influence=1,
            interest=1,
            assessed_on=dt.date.today() + dt.timedelta(days=30),
        )
    assert "assessed_on" in caught.value.message_dict


def test_the_latest_assessment_is_current_and_the_past_can_be_read(landscape: Landscape) -> None:
    alliance = landscape.world.a
    official = landscape.official
    now = selectors.current_assessments(alliance)
    assert now[official.pk].position == 1
    then = selectors.current_assessments(alliance, as_of=dt.date(2024, 3, 1))
    assert then[official.pk].position == -1
    assert official.pk not in selectors.current_assessments(alliance, as_of=dt.date(2023, 12, 31))
    narrowed = selectors.current_assessments(alliance, stakeholder_ids=[landscape.donor.pk])
    assert narrowed == {}


def test_two_assessments_on_one_day_the_later_recorded_wins(landscape: Landscape) -> None:
    day = dt.date(2024, 7, 1)
    for position in (0, 2):
        services.assessment_record(
            stakeholder=landscape.donor,
            user=landscape.world.alice,
            position=position,
            influence=1,
            interest=1,
            assessed_on=day,
        )
    assert selectors.current_assessments(landscape.world.a)[landscape.donor.pk].position == 2
    rows = list(selectors.current_assessment_rows(landscape.world.a))
    assert {r.stakeholder_id: r.position for r in rows} == {landscape.official.pk: 1, landscape.donor.pk: 2}
