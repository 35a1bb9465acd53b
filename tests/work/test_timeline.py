"""The timeline: SVG drawn on the server, one bar per activity from start to due date, late ones
marked, a line for today, readable at 360 px, and bounded however many activities there are."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from accord.work import drawing, selectors, services
from accord.work.models import Activity
from tests.conftest import World
from tests.work.work_helpers import approved

TIMELINE = "/a/riverside/work/timeline/"


def _svg(html: str, layout: str = "wide") -> str:
    found = re.search(rf'<svg[^>]*class="chart timeline timeline-{layout}".*?</svg>', html, re.S)
    assert found, "no SVG on the page"
    return found.group(0)


def test_bars_today_line_and_overdue_mark(world: World) -> None:
    today = world.a.today()
    approved(world, title="Late briefing", starts_on=today - dt.timedelta(days=20), due_on=today - dt.timedelta(days=2))
    approved(world, title="Conference", starts_on=today, due_on=today + dt.timedelta(days=40))
    services.activity_create(alliance=world.a, by=world.bob, title="No date yet")
    html = world.client_for(world.olga).get(TIMELINE).content.decode()
    chart = _svg(html)
    ET.fromstring(chart)  # noqa: S314 - our own markup: is it well-formed?
    assert chart.count('class="tl-bar') == 2
    assert "Late briefing" in chart and "Conference" in chart and "No date yet" not in chart
    assert 'class="tl-today"' in chart and chart.count('class="tl-late"') == 1
    assert "1 running activity has no due date" in html
    assert 'class="chart-scroll"' in html


def test_text_is_at_least_12_units_in_a_chart_at_least_as_wide_as_its_viewbox(world: World) -> None:
    today = world.a.today()
    approved(world, title="Briefing", due_on=today + dt.timedelta(days=3))
    chart = _svg(world.client_for(world.bob).get(TIMELINE).content.decode())
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', chart)]
    assert sizes and min(sizes) >= 12
    assert 'viewBox="0 0 720 ' in chart
    css = Path("src/accord/work/static/work/work.css").read_text()
    assert ".chart-scroll>.timeline-wide{min-width:720px}" in css


def test_a_phone_gets_the_narrow_layout_with_the_same_bars(world: World) -> None:
    """On a phone the page shows the narrow layout (titles above their bars, 320 units filling a
    360 px screen): the same bars and marks as the wide one, text of at least 12.5 units."""
    today = world.a.today()
    approved(world, title="Late briefing", starts_on=today - dt.timedelta(days=20), due_on=today - dt.timedelta(days=2))
    approved(world, title="Conference", starts_on=today, due_on=today + dt.timedelta(days=40))
    html = world.client_for(world.bob).get(TIMELINE).content.decode()
    wide, narrow = _svg(html, "wide"), _svg(html, "narrow")
    ET.fromstring(narrow)  # noqa: S314 - our own markup
    assert 'viewBox="0 0 320 ' in narrow
    for mark in ('class="tl-bar', 'class="tl-late"', 'class="tl-today"', "Late briefing", "Conference"):
        assert narrow.count(mark) == wide.count(mark) > 0, mark
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', narrow)]
    assert min(sizes) >= 12.5
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "the two layouts repeat an id"
    css = Path("src/accord/work/static/work/work.css").read_text()
    assert "@media (max-width:599px){.chart-scroll>.timeline-wide{display:none}" in css


def test_it_is_bounded_at_many_activities(world: World) -> None:
    today = world.a.today()
    Activity.objects.bulk_create(
        [
            Activity(
                alliance=world.a,
                title=f"A{i}",
                status="approved",
                owner=world.org_a,
                due_on=today + dt.timedelta(days=i - 100),
            )
            for i in range(300)
        ]
    )
    found = selectors.timeline_rows(world.a)
    assert len(found.rows) == selectors.TIMELINE_MAX and found.more == 300 - selectors.TIMELINE_MAX
    # The nearest to today on either side.
    assert max(abs((a.due_on - today).days) for a in found.rows) <= 30  # type: ignore[operator]
    html = world.client_for(world.bob).get(TIMELINE).content.decode()
    assert _svg(html).count('class="tl-bar') == selectors.TIMELINE_MAX
    assert "240 more activities with a due date are not drawn" in html and "See them all on the board" in html


def test_a_group_timeline_shows_only_its_activities(world: World) -> None:
    group = services.working_group_create(alliance=world.a, name="Finance", kind="thematic", by=world.alice)
    today = world.a.today()
    approved(world, title="In the group", working_group=group, due_on=today)
    approved(world, title="Elsewhere", due_on=today)
    chart = _svg(world.client_for(world.bob).get(f"/a/riverside/work/groups/{group.pk}/timeline/").content.decode())
    assert "In the group" in chart and "Elsewhere" not in chart


def test_an_empty_timeline_says_so(world: World) -> None:
    chart = drawing.timeline([], today=world.a.today(), url=str, label="x")
    assert "No activity with a due date yet." in chart
