"""The power map at any size: a few dots, everyone else counted in cells; labels never overlap."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from typing import Any

import pytest
from defusedxml import ElementTree as ET

from accord.landscape import drawing, selectors
from accord.landscape.analytics import MEMBER, membership_status
from tests.conftest import World
from tests.landscape.test_maps import grow, page

URL = "/a/riverside/landscape/map/"
NS = "{http://www.w3.org/2000/svg}"


def chart(html: str) -> Any:
    source = re.search(r'<svg\b[^>]*class="chart power-map".*?</svg>', html, re.S)
    assert source is not None
    return ET.fromstring(source.group(0))


def expected(world: World) -> tuple[set[int], Counter[tuple[int | None, int]]]:
    """Dots and cells worked out here from every current assessment, in Python."""
    current = selectors.current_assessments(world.a)
    people = {s.pk: s for s in selectors.stakeholders(world.a)}

    def best(keep: Any) -> list[int]:
        rows = [(-current[pk].influence, s.name, pk) for pk, s in people.items() if pk in current and keep(s, pk)]
        return [pk for *_rest, pk in sorted(rows)]

    def member(s: Any) -> bool:
        return membership_status(s) == MEMBER

    lists = [
        best(lambda s, pk: s.is_target),
        best(lambda s, pk: not s.is_target and member(s)),
        best(lambda s, pk: not s.is_target and not member(s) and current[pk].influence == 5),
    ]
    # Shares of 30 targets, 15 members, 15 influential; what is unused goes to targets first.
    picked = [rows[:share] for rows, share in zip(lists, (30, 15, 15), strict=True)]
    room = drawing.MAX_DOTS - sum(map(len, picked))
    for i, rows in enumerate(lists):
        more = rows[len(picked[i]) : len(picked[i]) + room]
        picked[i] += more
        room -= len(more)
    dots = {pk for rows in picked for pk in rows}
    cells = Counter((a.position, a.influence) for pk, a in current.items() if pk not in dots)
    return dots, cells


def test_targets_members_and_the_most_influential_are_dots_and_the_rest_counted(world: World) -> None:
    grow(world, 300)
    html = page(world.client_for(world.alice), URL)
    root = chart(html)
    dots, cells = expected(world)
    links = [a for a in root.iter(f"{NS}a") if a.get("class") == "dot-link"]
    drawn = {int(re.search(r"/panel/(\d+)/", a.get("href")).group(1)) for a in links}  # type: ignore[union-attr]
    assert drawn == dots and len(drawn) == drawing.MAX_DOTS
    counted = {}
    for a in root.iter(f"{NS}a"):
        if a.get("class") == "cell-link":
            position, influence = re.search(r"/cell/\?position=([^&]+)&influence=(\d+)", a.get("href")).groups()  # type: ignore[union-attr]
            count = int(next(t for t in a.iter(f"{NS}text")).text or "")
            counted[(None if position == "unknown" else int(position), int(influence))] = count
    assert counted == dict(cells)
    # The table lists the dots and the cells, not every stakeholder.
    assert html.count("<tr>") < 2 + drawing.MAX_DOTS + len(cells) + 2
    assert f"{sum(cells.values())} more stakeholders, counted by position and influence" in html


def label_boxes(root: Any) -> list[tuple[float, float, float, float]]:
    boxes = []
    for t in root.iter(f"{NS}text"):
        if t.get("class") != "dot-label":
            continue
        x, y, w = float(t.get("x")), float(t.get("y")), drawing.text_width(t.text or "", drawing.LABEL_FONT)
        anchor = t.get("text-anchor")
        x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        boxes.append((x0, y - drawing.LABEL_FONT * 0.9, x0 + w, y - drawing.LABEL_FONT * 0.9 + drawing.LABEL_FONT))
    return boxes


def test_no_two_labels_overlap(world: World) -> None:
    grow(world, 300)
    boxes = label_boxes(chart(page(world.client_for(world.alice), URL)))
    assert len(boxes) >= 10
    for a, b in combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_a_long_name_is_cut_at_a_word_with_an_ellipsis_and_kept_whole_in_its_title(landscape: Any) -> None:
    world = landscape.world
    official = landscape.official
    official.name = "Deputy Minister for Agricultural Extension Services"
    official.save(update_fields=["name"])
    assert drawing.short_label(official.name) == "Deputy Minister for…"
    assert drawing.short_label("Short name") == "Short name"
    assert drawing.short_label("Supercalifragilisticexpialidocious Ltd") == "Supercalifragilistice…"  # one word: cut
    root = chart(page(world.client_for(world.alice), URL))
    link = next(
        a for a in root.iter(f"{NS}a") if a.get("class") == "dot-link" and f"/panel/{official.pk}/" in a.get("href")
    )
    assert link.find(f"{NS}title").text.startswith(official.name + ": position")  # type: ignore[union-attr]
    assert link.get("aria-label").startswith(official.name)  # type: ignore[union-attr]
    label = link.find(f"{NS}text")
    assert label is None or label.text == "Deputy Minister for…"


def test_a_cell_lists_its_stakeholders_a_page_at_a_time(world: World) -> None:
    grow(world, 300)
    client = world.client_for(world.alice)
    _dots, cells = expected(world)
    (position, influence), _n = max(cells.items(), key=lambda kv: kv[1])
    key = "unknown" if position is None else str(position)
    url = f"{URL}cell/?position={key}&influence={influence}"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    current = selectors.current_assessments(world.a)
    # Everyone at that point, the dots drawn there too (stacked dots are reachable this way).
    names = sorted(
        s.name
        for s in world.a.stakeholders.all()
        if s.pk in current and (current[s.pk].position, current[s.pk].influence) == (position, influence)
    )
    n = len(names)
    assert "<html" not in fragment and f"{n} stakeholders here." in fragment
    listed = re.findall(r'<li><a [^>]*hx-target="#map-panel">([^<]+)</a>', fragment)
    assert listed == names[:25]
    if n > 25:
        second = client.get(url + "&page=2", headers={"HX-Request": "true"}).content.decode()
        assert re.findall(r'<li><a [^>]*hx-target="#map-panel">([^<]+)</a>', second) == names[25:50]
    assert "<html" in page(client, url)  # without JavaScript: the whole map with the panel
    assert world.client_for(world.lear).get(url).status_code == 404
    assert client.get(f"{URL}cell/?position=7&influence={influence}").status_code == 404
    assert client.get(f"{URL}cell/?position=0&influence=9").status_code == 404
    assert client.get(f"{URL}cell/?position=0&influence=x").status_code == 404
    assert client.get(f"{URL}cell/").status_code == 404


@pytest.mark.parametrize("size", [300])
def test_the_map_stays_small_at_any_size(world: World, size: int) -> None:
    grow(world, size)
    html = page(world.client_for(world.alice), URL)
    assert len(html.encode()) < 90_000
