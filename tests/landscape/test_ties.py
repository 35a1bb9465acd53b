"""Ties: directed, typed, strength 1–3, within one alliance, one per kind and pair."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accord.landscape import services
from accord.landscape.models import Tie
from tests.landscape.conftest import Landscape


def test_a_tie_is_directed(landscape: Landscape) -> None:
    a = landscape.world.a
    forward = services.tie_create(alliance=a, source=landscape.committee, target=landscape.ministry, kind="influences")
    backward = services.tie_create(alliance=a, source=landscape.ministry, target=landscape.committee, kind="influences")
    assert forward.pk != backward.pk


def test_a_self_tie_is_refused(landscape: Landscape) -> None:
    with pytest.raises(ValidationError) as caught:
        services.tie_create(alliance=landscape.world.a, source=landscape.donor, target=landscape.donor)
    assert "different stakeholders" in caught.value.message_dict["target"][0]


def test_a_tie_across_alliances_is_refused(landscape: Landscape) -> None:
    world = landscape.world
    with pytest.raises(ValidationError) as caught:
        services.tie_create(alliance=world.a, source=landscape.donor, target=world.org_b)
    assert "this alliance" in caught.value.message_dict["target"][0]
    with pytest.raises(ValidationError):
        services.tie_create(alliance=world.b, source=world.org_b, target=landscape.donor)
    assert not Tie.objects.filter(target=world.org_b).exists()
    assert not Tie.objects.filter(alliance=world.b).exists()


def test_a_duplicate_tie_is_refused_with_a_clear_message(landscape: Landscape) -> None:
    with pytest.raises(ValidationError) as caught:
        services.tie_create(
            alliance=landscape.world.a, source=landscape.donor, target=landscape.ministry, kind="funds", strength=3
        )
    message = caught.value.message_dict["kind"][0]
    assert "already recorded" in message and "Seed Fund" in message
    # Another kind between the same pair is a different tie.
    services.tie_create(
        alliance=landscape.world.a, source=landscape.donor, target=landscape.ministry, kind="influences"
    )


@pytest.mark.parametrize(
    ("field", "kwargs"), [("strength", {"strength": 4}), ("strength", {"strength": 0}), ("kind", {"kind": "loves"})]
)
def test_strength_and_kind_are_checked(landscape: Landscape, field: str, kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.tie_create(alliance=landscape.world.a, source=landscape.committee, target=landscape.donor, **kwargs)  # type: ignore[arg-type]
    assert field in caught.value.message_dict


def test_update_changes_strength_and_refuses_becoming_a_duplicate(landscape: Landscape) -> None:
    a = landscape.world.a
    tie = services.tie_create(alliance=a, source=landscape.donor, target=landscape.ministry, kind="influences")
    services.tie_update(tie=tie, strength=3, note="Sits on the board")
    tie.refresh_from_db()
    assert (tie.strength, tie.note) == (3, "Sits on the board")
    with pytest.raises(ValidationError):
        services.tie_update(tie=tie, kind="funds")
    assert tie.kind == "influences"
    tie.refresh_from_db()
    assert tie.kind == "influences"


def test_delete_removes_the_tie_and_keeps_its_history(landscape: Landscape) -> None:
    tie = Tie.objects.get(kind="funds")
    pk = tie.pk
    services.tie_delete(tie=tie)
    assert not Tie.objects.filter(pk=pk).exists()
    assert Tie.history.filter(id=pk, history_type="-").exists()  # type: ignore[attr-defined]
