"""The board's filters return exactly the right activities, and progress rolls up by one rule,
shown on the page, never above 100 %."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.work import selectors, services
from accord.work.models import Activity
from tests.conftest import World
from tests.work.work_helpers import BOARD, approved, seat, valley


def _titles(world: World, user: Any, **filters: str) -> set[str]:
    result = selectors.board(world.a, user=user, seat=seat(world, user), filters=selectors.board_filters(filters))
    return {a.title for a in result.page.object_list}


def _setup(world: World) -> None:
    group = services.working_group_create(alliance=world.a, name="Finance", kind="thematic", by=world.alice)
    today = world.a.today()
    services.activity_create(
        alliance=world.a, by=world.bob, title="Bob's own", owner=valley(world), responsible=seat(world, world.bob)
    )
    services.activity_create(alliance=world.a, by=world.alice, title="Valley's, Alice made", owner=valley(world))
    services.activity_create(alliance=world.a, by=world.bob, title="Bob made, no owner", working_group=group)
    late = approved(
        world, title="Late briefing", starts_on=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=1)
    )
    assert late.is_overdue(today)
    approved(world, title="Due today", due_on=today)
    done = approved(world, title="Done long ago", due_on=today - dt.timedelta(days=90))
    services.activity_set_status(activity=done, status="in_progress", by=world.alice, version=done.version)
    services.activity_set_status(activity=done, status="done", by=world.alice, version=done.version)


def test_the_filters_select_exactly_the_right_rows(world: World) -> None:
    _setup(world)
    group = world.a.working_groups.get()  # type: ignore[attr-defined]
    assert _titles(world, world.bob, mine="1") == {"Bob's own"}
    assert _titles(world, world.bob, organisation="1") == {"Bob's own", "Valley's, Alice made"}
    assert _titles(world, world.bob, created="1") == {"Bob's own", "Bob made, no owner"}
    assert _titles(world, world.bob, group=str(group.pk)) == {"Bob made, no owner"}
    assert _titles(world, world.bob, overdue="1") == {"Late briefing"}
    assert _titles(world, world.bob, status="done") == {"Done long ago"}
    assert _titles(world, world.bob, mine="1", created="1") == {"Bob's own"}
    # Someone without an organisation has no "my organisation's" rows, not everyone's.
    assert _titles(world, world.sam, organisation="1") == set()
    assert len(_titles(world, world.bob)) == 6


def test_unknown_filter_values_are_left_out_and_said(world: World) -> None:
    _setup(world)
    html = world.client_for(world.bob).get(BOARD, {"status": "nonsense", "group": "x", "page": "-3"}).content.decode()
    assert "is not a status" in html and "is not a working group" in html and "is not a page number" in html
    assert "6 activities" in html


def test_the_board_page_shows_the_rule_and_the_filters_work_over_http(world: World) -> None:
    _setup(world)
    html = world.client_for(world.bob).get(BOARD, {"mine": "1"}).content.decode()
    assert "Bob&#x27;s own" in html and "Late briefing" not in html
    assert str(selectors.ROLLUP_RULE)[:40] in html
    overdue = world.client_for(world.olga).get(BOARD, {"overdue": "1"}).content.decode()
    assert "Late briefing" in overdue and "Due today" not in overdue


def test_the_rollup_is_the_plain_average_of_counted_activities(world: World) -> None:
    _setup(world)
    # Counted: late (0), due today (0), done (100); proposed ones are left out.
    r = selectors.alliance_progress(world.a)
    assert (r.percent, r.counted, r.done) == (33, 3, 1)
    group = world.a.working_groups.get()  # type: ignore[attr-defined]
    assert selectors.group_progress(group).percent is None  # only a proposed activity


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(["proposed", "approved", "in_progress", "done", "dropped"]), st.integers(0, 100)),
        max_size=12,
    )
)
def test_the_rollup_is_never_above_100_and_follows_its_rule(world: World, rows: list[tuple[str, int]]) -> None:
    Activity.objects.filter(alliance=world.a).delete()
    Activity.objects.bulk_create(
        [Activity(alliance=world.a, title=f"a{i}", status=s, progress=p) for i, (s, p) in enumerate(rows)]
    )
    r = selectors.alliance_progress(world.a)
    counted = [100 if s == "done" else p for s, p in rows if s in ("approved", "in_progress", "done")]
    assert r.counted == len(counted)
    assert r.done == sum(1 for s, _p in rows if s == "done")
    if counted:
        assert r.percent is not None and 0 <= r.percent <= 100
        assert abs(r.percent - sum(counted) / len(counted)) <= 0.5
    else:
        assert r.percent is None


def test_the_board_pages_fifty_at_a_time(world: World) -> None:
    Activity.objects.bulk_create([Activity(alliance=world.a, title=f"Activity {i:03}") for i in range(120)])
    client = world.client_for(world.bob)
    first = client.get(BOARD).content.decode()
    assert (
        "120 activities" in first and "page 1 of 3" in first and "Activity 000" in first and "Activity 050" not in first
    )
    last = client.get(BOARD, {"page": "9"}).content.decode()
    assert "There is no page 9" in last and "Activity 119" in last
