"""Roles with terms: co-chairs from different member organisations, the secretariat's rotation
and working-group leads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.core.models import Role
from accord.membership.models import Seat, SeatRole
from accord.membership.selectors import secretariat_rotation
from accord.membership.services_roles import co_chairs_set, seat_grant_role, seat_role_end, secretariat_term_add
from accord.work.models import WorkingGroup
from tests.conftest import World, make_user


def _seat(world: World, user: object) -> Seat:
    return Seat.objects.get(alliance=world.a, user=user)


def test_a_second_co_chair_from_the_same_organisation_is_refused(world: World) -> None:
    colleague = make_user("carl@a.test")
    with pytest.raises(ValidationError, match="already has a co-chair"):
        seat_grant_role(alliance=world.a, email=colleague.email, role=Role.CO_CHAIR, organisation_id=world.org_a.pk)
    assert not Seat.objects.filter(user=colleague).exists()


def test_co_chairs_set_refuses_fewer_than_the_minimum(world: World) -> None:
    with pytest.raises(ValidationError, match="at least 2"):
        co_chairs_set(alliance=world.a, seats=[_seat(world, world.alice)])


def test_co_chairs_set_refuses_two_from_one_organisation(world: World) -> None:
    colleague = make_user("carl@a.test")
    seat_grant_role(alliance=world.a, email=colleague.email, role=Role.REPRESENTATIVE, organisation_id=world.org_a.pk)
    with pytest.raises(ValidationError, match="both come from"):
        co_chairs_set(alliance=world.a, seats=[_seat(world, world.alice), _seat(world, colleague)])
    chairs = SeatRole.objects.current_in(world.a).filter(role=Role.CO_CHAIR)
    assert [r.seat.user for r in chairs] == [world.alice]


def test_co_chairs_set_replaces_the_set_at_once(world: World) -> None:
    bob = _seat(world, world.bob)
    alice = _seat(world, world.alice)
    co_chairs_set(alliance=world.a, seats=[alice, bob])
    chairs = set(SeatRole.objects.current_in(world.a).filter(role=Role.CO_CHAIR).values_list("seat", flat=True))
    assert chairs == {alice.pk, bob.pk}
    # The page refuses the same-organisation pair with the message at the field.
    colleague = make_user("carl@a.test")
    seat_grant_role(alliance=world.a, email=colleague.email, role=Role.REPRESENTATIVE, organisation_id=world.org_a.pk)
    response = world.client_for(world.alice).post(
        "/a/riverside/members/co-chairs/", {"seats": [alice.pk, _seat(world, colleague).pk]}
    )
    assert response.status_code == 400
    assert "both come from" in response.content.decode()


def test_a_seat_without_a_member_organisation_cannot_co_chair(world: World) -> None:
    with pytest.raises(ValidationError, match="member organisation"):
        co_chairs_set(alliance=world.a, seats=[_seat(world, world.alice), _seat(world, world.sam)])


def test_secretariat_rotation_hands_over_on_the_day(world: World) -> None:
    today = timezone.localdate()
    day = today + dt.timedelta(days=30)
    bob = _seat(world, world.bob)
    term = secretariat_term_add(alliance=world.a, seat=bob, starts_on=day)
    rotation = secretariat_rotation(world.a)
    assert [t.seat.user for t in rotation.current] == [world.sam]
    assert rotation.next == term and rotation.hand_over_on == day
    sam_term = SeatRole.objects.get(seat__user=world.sam, role=Role.SECRETARIAT)
    assert sam_term.ends_on == day - dt.timedelta(days=1)
    after = secretariat_rotation(world.a, today=day)
    assert [t.seat.user for t in after.current] == [world.bob]
    with pytest.raises(ValidationError, match="already planned"):
        secretariat_term_add(alliance=world.a, seat=_seat(world, world.walt), starts_on=day)
    with pytest.raises(ValidationError, match="after today"):
        secretariat_term_add(alliance=world.a, seat=bob, starts_on=today)


def test_a_planned_turn_can_be_cancelled(world: World) -> None:
    term = secretariat_term_add(
        alliance=world.a, seat=_seat(world, world.bob), starts_on=timezone.localdate() + dt.timedelta(days=9)
    )
    seat_role_end(seat_role=term)
    assert not SeatRole.objects.filter(pk=term.pk).exists()


def test_a_working_group_lead_names_a_group_of_the_same_alliance(world: World) -> None:
    group = WorkingGroup.objects.create(alliance=world.a, name="Seed law")
    other = WorkingGroup.objects.create(alliance=world.b, name="Elsewhere")
    role = seat_grant_role(alliance=world.a, email=world.bob.email, role=Role.WG_LEAD, working_group_id=group.pk)
    assert role.working_group == group
    with pytest.raises(ValidationError, match="working group of this alliance"):
        seat_grant_role(alliance=world.a, email=world.bob.email, role=Role.WG_LEAD, working_group_id=other.pk)
