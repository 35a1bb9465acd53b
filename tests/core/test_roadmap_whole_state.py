"""The roadmap's next actions are read from every step's state, not one step at a time: a step
does not ask for what a later step has done, nor for what an earlier step must do first."""

from __future__ import annotations

from django.utils import timezone

from accord.charters.services import circulation_create
from accord.core.models import Alliance
from accord.core.roadmap import RoadmapEntry, State, roadmap_for
from accord.membership import services as membership
from accord.membership.models import Invitation, Membership
from accord.purpose.models import Purpose
from accord.purpose.services import purpose_save
from tests.alliances.test_charters import NON_NEG, PRINCIPLES, agree_charter, agree_purpose, save
from tests.alliances.test_purpose_walk import FIXED
from tests.conftest import World

TAKE_IT_TO_THE_MEMBERS = "Take the purpose to the members to agree it (step 4)."


def _steps(alliance: Alliance) -> dict[int, RoadmapEntry]:
    return {e.step.number: e for e in roadmap_for(alliance)}


def _sharp_purpose(world: World) -> Purpose:
    return purpose_save(alliance=world.a, user=world.alice, data=dict(FIXED), base_version=None)


def _members_invited(world: World, purpose: Purpose) -> None:
    """Step 3 done: the member organisations accepted invitations carrying the purpose."""
    Alliance.objects.filter(pk=world.a.pk).update(min_accepted_members=2)
    world.a.refresh_from_db()
    for m in Membership.objects.filter(alliance=world.a, status=Membership.Status.MEMBER):
        invitation = membership.membership_invite(
            alliance=world.a, membership=m, email=f"join-{m.pk}@a.test", by=world.alice
        )
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now(), purpose=purpose)


def _step_four_done(world: World, purpose: Purpose) -> None:
    circulation_create(alliance=world.a, user=world.alice, text=agree_purpose(purpose))
    for kind in (PRINCIPLES, NON_NEG):
        circulation_create(alliance=world.a, user=world.alice, text=agree_charter(save(world, kind, ["t"], None)))


def test_step_one_does_not_ask_to_agree_a_purpose_step_four_has_agreed(world: World) -> None:
    purpose = _sharp_purpose(world)
    _members_invited(world, purpose)
    _step_four_done(world, purpose)
    steps = _steps(world.a)
    assert steps[1].status.state == State.DONE and steps[4].status.state == State.DONE
    action = str(steps[1].status.next_action)
    assert action != TAKE_IT_TO_THE_MEMBERS and "agree it (step 4)" not in action
    assert action.startswith("Keep the purpose current")
    # And the page says the same.
    page = world.client_for(world.olga).get("/a/riverside/").content.decode()
    assert "Take the purpose to the members" not in page and "Keep the purpose current" in page


def test_step_one_hands_the_purpose_to_step_four_once_the_members_are_in(world: World) -> None:
    purpose = _sharp_purpose(world)
    _members_invited(world, purpose)
    steps = _steps(world.a)
    assert steps[3].status.state == State.DONE and steps[4].status.state != State.DONE
    assert str(steps[1].status.next_action) == TAKE_IT_TO_THE_MEMBERS


def test_before_the_members_are_invited_step_one_and_step_four_point_to_step_three(world: World) -> None:
    _sharp_purpose(world)
    steps = _steps(world.a)
    assert steps[1].status.state == State.DONE and steps[3].status.state == State.TODO
    for number in (1, 4):
        action = str(steps[number].status.next_action)
        assert action == "Step 3 first. Invite the first organisations, with the purpose in hand.", number
        assert steps[number].status.next_url.endswith("/members/#invite")


def test_inviting_without_a_purpose_points_to_step_one(world: World) -> None:
    steps = _steps(world.a)
    assert steps[1].status.state == State.TODO
    assert str(steps[3].status.next_action) == "Step 1 first. Write the policy purpose."
    assert steps[3].status.next_url == steps[1].status.next_url
    # Step 1's own action is untouched.
    assert str(steps[1].status.next_action) == "Write the policy purpose."
