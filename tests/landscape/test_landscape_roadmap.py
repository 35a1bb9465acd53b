"""Step 2 (map the landscape) and the power-holders part of step 8, computed from the register."""

from __future__ import annotations

from accord.core.roadmap import State, roadmap_for
from accord.landscape import roadmap, services
from accord.landscape.models import Scope, StakeholderType
from accord.membership.models import Membership
from tests.conftest import World


def _assess(world: World, stakeholder: object, position: int | None = 1, influence: int = 3) -> None:
    services.assessment_record(
        stakeholder=stakeholder,
        user=world.alice,
        position=position,
        influence=influence,
        interest=2,  # type: ignore[arg-type]
    )


def _fill(world: World, n: int) -> list[object]:
    rows = [
        services.stakeholder_create(alliance=world.a, name=f"Actor {i}", kind=StakeholderType.LOCAL_NGO)
        for i in range(n)
    ]
    for s in rows:
        _assess(world, s)
    return rows


def test_step_two_is_not_started_for_a_new_alliance(world: World) -> None:
    # Alliance B has only its convener's organisation.
    status = roadmap.landscape_step(world.b)
    assert status.state == State.TODO
    assert "targets" in str(status.next_action)
    assert status.thresholds


def test_step_two_asks_for_targets_first(world: World) -> None:
    _fill(world, roadmap.MIN_ASSESSED)
    status = roadmap.landscape_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "target" in str(status.next_action)
    assert status.next_url == "/a/riverside/landscape/"


def test_step_two_asks_to_assess_each_target(world: World) -> None:
    _fill(world, roadmap.MIN_ASSESSED)
    donor = services.stakeholder_create(alliance=world.a, name="Donor", kind=StakeholderType.DONOR_FOUNDATION)
    Membership.objects.create(alliance=world.a, stakeholder=donor, status=Membership.Status.INVITED)
    target = services.stakeholder_create(
        alliance=world.a, name="Minister", kind=StakeholderType.NATIONAL_GOVERNMENT, is_target=True
    )
    status = roadmap.landscape_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "Assess every target" in str(status.next_action)
    # An unknown position does not count as assessed for the map.
    _assess(world, target, position=None)
    assert roadmap.landscape_step(world.a).state == State.IN_PROGRESS
    _assess(world, target, position=-1)
    assert roadmap.landscape_step(world.a).state == State.DONE


def test_step_two_counts_assessed_stakeholders_against_the_threshold(world: World) -> None:
    target = services.stakeholder_create(
        alliance=world.a, name="Minister", kind=StakeholderType.NATIONAL_GOVERNMENT, is_target=True
    )
    _assess(world, target)
    _fill(world, roadmap.MIN_ASSESSED - 2)
    status = roadmap.landscape_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "(1 more)" in str(status.next_action)
    evidence = [e for e in status.evidence if "current assessment" in str(e.text)]
    assert evidence[0].ok is False and str(roadmap.MIN_ASSESSED - 1) in str(evidence[0].text)


def test_step_two_needs_three_types_and_a_grassroots_organisation(world: World) -> None:
    target = services.stakeholder_create(
        alliance=world.a, name="Minister", kind=StakeholderType.NATIONAL_GOVERNMENT, is_target=True
    )
    _assess(world, target)
    _fill(world, roadmap.MIN_ASSESSED)
    # A's members: a member-based union and a women's network: two types, one grassroots-like.
    status = roadmap.landscape_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "other types" in str(status.next_action)
    donor = services.stakeholder_create(alliance=world.a, name="Donor", kind=StakeholderType.DONOR_FOUNDATION)
    Membership.objects.create(alliance=world.a, stakeholder=donor, status=Membership.Status.CANDIDATE)
    assert roadmap.landscape_step(world.a).state == State.DONE
    # Without the member-based organisation (it declined), no grassroots voice is left.
    union = world.a.stakeholders.get(name="Riverside Farmers Union")  # type: ignore[attr-defined]
    Membership.objects.filter(stakeholder=union).update(status=Membership.Status.DECLINED)
    ngo = services.stakeholder_create(
        alliance=world.a, name="NGO", kind=StakeholderType.LOCAL_NGO, scope=Scope.NATIONAL
    )
    Membership.objects.create(alliance=world.a, stakeholder=ngo, status=Membership.Status.MEMBER)
    status = roadmap.landscape_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "grassroots" in str(status.next_action)


def test_step_eight_part_names_and_assesses_power_holders_but_is_never_done(world: World) -> None:
    part = roadmap.power_holders_step(world.a)
    assert part.state == State.TODO
    assert any("engagement" in str(n) for n in part.not_covered)
    target = services.stakeholder_create(
        alliance=world.a, name="Budget director", kind=StakeholderType.NATIONAL_GOVERNMENT, is_target=True
    )
    part = roadmap.power_holders_step(world.a)
    assert part.state == State.IN_PROGRESS and "Budget director" in str(part.next_action)
    _assess(world, target, position=None, influence=5)
    part = roadmap.power_holders_step(world.a)
    assert part.state == State.DONE
    step8 = roadmap_for(world.a)[7]
    assert step8.step.number == 8
    assert step8.status.state != State.DONE
    assert any("engagement" in str(n) for n in step8.status.not_covered)
