"""accord.alliances.services: purpose versions, alliance creation, settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.alliances.services import alliance_create, alliance_update_settings
from accord.core.models import Alliance, Role
from accord.core.permissions import roles_of
from accord.landscape.models import StakeholderType
from accord.membership.models import Membership, Seat
from accord.purpose.models import Purpose
from accord.purpose.services import StaleVersion, purpose_save
from tests.conftest import World, make_user


def _save(world: World, base: int | None, **data: Any) -> Purpose:
    return purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "v", **data}, base_version=base)


def test_purpose_versions_are_numbered_one_two_three(world: World) -> None:
    first = _save(world, None, change_sought="one")
    second = _save(world, 1, change_sought="two")
    third = _save(world, 2, change_sought="three")
    assert [first.version, second.version, third.version] == [1, 2, 3]
    assert third.created_by == world.alice
    # Other alliances count their own versions.
    other = purpose_save(alliance=world.b, user=world.lear, data={}, base_version=None)
    assert other.version == 1


def test_a_new_version_never_edits_the_old_one(world: World) -> None:
    first = _save(world, None, change_sought="Lower seed tax", target="5%")
    _save(world, 1, change_sought="Abolish seed tax", target="0%")
    first.refresh_from_db()
    assert (first.change_sought, first.target) == ("Lower seed tax", "5%")
    assert list(world.a.purposes.values_list("version", "change_sought")) == [
        (2, "Abolish seed tax"),
        (1, "Lower seed tax"),
    ]


def test_a_stale_base_version_is_refused_and_writes_nothing(world: World) -> None:
    _save(world, None, change_sought="one")
    _save(world, 1, change_sought="two by sam")
    with pytest.raises(StaleVersion) as caught:
        _save(world, 1, change_sought="two by bob")
    assert caught.value.current.version == 2
    assert caught.value.current.change_sought == "two by sam"
    assert world.a.purposes.count() == 2
    assert not world.a.purposes.filter(change_sought="two by bob").exists()


def test_a_first_draft_after_someone_else_wrote_one_is_stale(world: World) -> None:
    _save(world, None)
    with pytest.raises(StaleVersion):
        _save(world, None)
    assert world.a.purposes.count() == 1


def test_a_base_version_without_any_purpose_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        _save(world, 1)
    assert not world.a.purposes.exists()


def test_an_invalid_purpose_writes_nothing(world: World) -> None:
    with pytest.raises(ValidationError):
        _save(world, None, controversy="extreme")
    with pytest.raises(ValueError):
        _save(world, None, version=9)
    assert not world.a.purposes.exists()


def test_creating_an_alliance_makes_the_creator_co_chair_and_representative(db: Any) -> None:
    convener = make_user("nino@x.test")
    alliance = alliance_create(
        user=convener,
        name="Seed Savers of Kakheti",
        organisation_name="Kakheti Farmers",
        organisation_kind=StakeholderType.MEMBER_BASED,
        languages=["en", "fr"],
        timezone_name="Asia/Tbilisi",
    )
    assert alliance.slug == "seed-savers-of-kakheti"
    assert alliance.languages == ["en", "fr"]
    organisation = alliance.stakeholders.get()
    assert organisation.name == "Kakheti Farmers"
    assert Membership.objects.get(alliance=alliance).stakeholder == organisation
    assert Membership.objects.get(alliance=alliance).status == Membership.Status.MEMBER
    seat = Seat.objects.get(alliance=alliance, user=convener)
    assert seat.organisation == organisation
    assert roles_of(convener, alliance) == {Role.CO_CHAIR, Role.REPRESENTATIVE}


def test_two_alliances_with_the_same_name_get_different_slugs(db: Any) -> None:
    convener = make_user("nino@x.test")
    for expected in ("seed-savers", "seed-savers-2"):
        alliance = alliance_create(
            user=convener, name="Seed Savers", organisation_name="F", organisation_kind="local_ngo"
        )
        assert alliance.slug == expected


def test_settings_are_saved(world: World) -> None:
    alliance_update_settings(alliance=world.a, survey_anonymity_k=7, meeting_cadence_days=30)
    fresh = Alliance.objects.get(pk=world.a.pk)
    assert (fresh.survey_anonymity_k, fresh.meeting_cadence_days) == (7, 30)


@pytest.mark.parametrize(
    "changes",
    [
        {"survey_anonymity_k": 1},
        {"survey_anonymity_k": 51},
        {"meeting_cadence_days": 3},
        {"ingo_share_max": 101},
        {"recent_window_days": 10},
        {"name": ""},
    ],
)
def test_settings_out_of_range_are_refused_and_nothing_is_written(world: World, changes: dict[str, Any]) -> None:
    before: dict[str, Any] = dict(Alliance.objects.filter(pk=world.a.pk).values().get())
    with pytest.raises(ValidationError) as caught:
        # A valid change in the same call must not be written either.
        alliance_update_settings(alliance=world.a, sector="Agriculture", **changes)
    assert set(caught.value.message_dict) == set(changes)
    assert Alliance.objects.filter(pk=world.a.pk).values().get() == before
    # The caller's object is back to what the database holds.
    assert world.a.sector == before["sector"]
    for key in changes:
        assert getattr(world.a, key) == before[key]


def test_unknown_settings_are_refused(world: World) -> None:
    with pytest.raises(ValueError):
        alliance_update_settings(alliance=world.a, slug="stolen")
    assert Alliance.objects.get(pk=world.a.pk).slug == "riverside"


def test_today_in_uses_the_alliance_time_zone(world: World) -> None:
    from unittest import mock

    noon = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=noon):
        world.a.timezone = "Pacific/Kiritimati"  # UTC+14: already the 11th
        assert world.a.today() == dt.date(2026, 3, 11)
        world.a.timezone = "Pacific/Pago_Pago"  # UTC-11: still the 10th, until 11:00 UTC
        assert world.a.today() == dt.date(2026, 3, 10)
        world.a.timezone = "Not/AZone"  # unknown: UTC
        assert world.a.today() == dt.date(2026, 3, 10)
