"""Step 5's activities part: done when activities are approved, enough of them with an owner and
the means, against the alliance's threshold."""

from __future__ import annotations

from accord.core import capabilities as cap
from accord.core.roadmap import State
from accord.work.models import Activity
from accord.work.roadmap import activities_step
from tests.conftest import World
from tests.work.work_helpers import approvable, approved


def _texts(status: object) -> str:
    return " | ".join(str(e.text) for e in status.evidence)  # type: ignore[attr-defined]


def test_it_is_todo_without_activities_and_in_progress_with_proposed_ones(world: World) -> None:
    status = activities_step(world.a)
    assert status.state == State.TODO and "No activity approved yet." in _texts(status)
    assert status.next_url.endswith("/work/")
    approvable(world)
    status = activities_step(world.a)
    assert status.state == State.IN_PROGRESS and "1 proposed activity waits for approval" in _texts(status)


def test_it_is_done_when_approved_activities_have_owner_and_means(world: World) -> None:
    approved(world)
    status = activities_step(world.a)
    assert status.state == State.DONE
    assert "1 activity approved; 1 with an owner and the means (100 %)" in _texts(status)
    assert any("80 %" in str(t) for t in status.thresholds)


def test_an_approved_activity_that_lost_its_means_counts_against_the_threshold(world: World) -> None:
    approved(world, title="One")
    lost = approved(world, title="Two")
    Activity.objects.filter(pk=lost.pk).update(no_extra_resources=False)
    status = activities_step(world.a)
    assert status.state == State.IN_PROGRESS and "(50 %)" in _texts(status)
    world.a.thresholds = {**(world.a.thresholds or {}), "resourced_share_min": 50}
    world.a.save()
    assert activities_step(world.a).state == State.DONE


def test_step_5_merges_the_activities_part(world: World) -> None:
    assert activities_step in cap.step_checks(5)
    assert cap.threshold("resourced_share_min").default == 80
