"""Step 7, "Build on existing resources": todo, in progress and done, with the counts as
evidence and the threshold from the alliance's settings."""

from __future__ import annotations

import pytest

from accord.core import capabilities as cap
from accord.core.roadmap import State
from accord.work.models import ActivityStatus
from accord.work.roadmap_resources import resources_step
from tests.conftest import World
from tests.work.resources_helpers import activity, commitment, member, need, offer, valley_of

pytestmark = pytest.mark.django_db


def texts(status: object) -> list[str]:
    return [str(e.text) for e in status.evidence]  # type: ignore[attr-defined]


def test_it_is_todo_when_no_member_declared_anything(world: World) -> None:
    status = resources_step(world.a)
    assert status.state == State.TODO
    assert "0 of 2 members declared what they can offer (0 %)" in texts(status)
    assert status.next_url.endswith("/work/gap/")


def test_it_is_in_progress_below_the_share(world: World) -> None:
    offer(world.a, world.org_a, "time", 5)
    member(world.a, "Third")
    member(world.a, "Fourth")
    status = resources_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "1 of 4 members declared what they can offer (25 %)" in texts(status)
    assert "Ask the members" in str(status.next_action)
    assert any("80 %" in str(t) for t in status.thresholds)


def test_a_withdrawn_offer_does_not_count_as_declared(world: World) -> None:
    off = offer(world.a, world.org_a, "time", 5)
    off.withdrawn_on = world.a.today()
    off.save()
    assert "0 of 2 members declared what they can offer (0 %)" in texts(resources_step(world.a))


def test_it_is_done_when_members_declared_and_approved_activities_are_resourced(world: World) -> None:
    valley = valley_of(world)
    off = offer(world.a, world.org_a, "money", 5000)
    offer(world.a, valley, "time", 10)
    act = activity(world.a, status=ActivityStatus.APPROVED, owner=valley)
    need(act, "money", 1000)
    commitment(act, off, 600)
    status = resources_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "0 of 1 approved activities resourced" in texts(status)
    assert "Commit resources" in str(status.next_action)
    commitment(act, off, 400)
    # An approved activity with no extra resources needed counts as resourced, a proposed one
    # without anything does not count at all.
    activity(world.a, status=ActivityStatus.IN_PROGRESS, owner=valley, no_extra_resources=True)
    activity(world.a, status=ActivityStatus.PROPOSED)
    status = resources_step(world.a)
    assert status.state == State.DONE
    assert "2 of 2 approved activities resourced" in texts(status)
    assert "2 of 2 members declared what they can offer (100 %)" in texts(status)


def test_an_approved_activity_with_nothing_committed_is_not_resourced(world: World) -> None:
    offer(world.a, world.org_a, "time", 5)
    offer(world.a, valley_of(world), "time", 5)
    activity(world.a, status=ActivityStatus.APPROVED)
    status = resources_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "0 of 1 approved activities resourced" in texts(status)


def test_the_threshold_is_the_alliances(world: World) -> None:
    offer(world.a, world.org_a, "time", 5)  # 1 of 2 members: 50 %
    assert resources_step(world.a).state == State.IN_PROGRESS
    world.a.thresholds = {**(world.a.thresholds or {}), "declared_share_min": 50}
    world.a.save()
    assert resources_step(world.a).state == State.DONE
    assert cap.threshold("declared_share_min").default == 80


def test_step_7_is_declared_by_the_capability(world: World) -> None:
    assert resources_step in cap.step_checks(7)
