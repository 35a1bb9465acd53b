"""The SVG helpers: escaping, numbers, scales and the accessible root element."""

from __future__ import annotations

import math

import pytest
from defusedxml import ElementTree as ET
from hypothesis import given
from hypothesis import strategies as st

from accord.lib import svg

# Characters XML 1.0 can carry (the rest cannot appear in any SVG, escaped or not).
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"))


@given(XML_TEXT)
def test_any_text_stays_text_in_element_and_attribute(value: str) -> None:
    root = ET.fromstring(svg.element("g", svg.text(1, 2, value), data_label=value))
    assert root.get("data-label") == value
    assert (root[0].text or "") == value


def test_quotes_and_angle_brackets_are_escaped() -> None:
    assert svg.esc('<a href="x">\'&') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"


def test_numbers_are_short_and_finite() -> None:
    assert svg.num(12.0) == "12" and svg.num(3.456) == "3.46" and svg.num(-0.001) == "0"
    with pytest.raises(ValueError):
        svg.num(math.nan)


def test_scales_map_and_clamp() -> None:
    s = svg.Scale((0, 5), (400, 0))
    assert s(0) == 400 and s(5) == 0 and s(2.5) == 200
    assert s.clamped(9) == 0
    assert svg.Scale((1, 1), (0, 10))(1) == 5


def test_the_root_is_fluid_and_labelled() -> None:
    markup = svg.svg([], width=100, height=50, label="Chart <1>", description="What it shows", id_prefix="c")
    root = ET.fromstring(markup)
    assert root.get("viewBox") == "0 0 100 50" and root.get("width") is None
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root[0].text == "Chart <1>"


def test_a_chart_whose_parts_are_links_is_a_group_not_an_image() -> None:
    # axe's nested-interactive: links inside role=img are hidden from assistive technology.
    dot = svg.element("a", svg.element("circle", None, cx="1", cy="1", r="1"), href="/x/")
    root = ET.fromstring(svg.svg([dot], width=10, height=10, label="Map", id_prefix="m"))
    assert root.get("role") == "group" and root.get("aria-labelledby") == "m-title"
    plain = ET.fromstring(svg.svg([svg.element("circle", None, r="1")], width=10, height=10, label="Chart"))
    assert plain.get("role") == "img"


def test_jitter_is_stable_and_bounded() -> None:
    assert svg.jitter(42, 10) == svg.jitter(42, 10)
    assert all(math.hypot(*svg.jitter(i, 10)) <= 10 for i in range(500))


def test_bar_chart_draws_one_rect_per_non_zero_part() -> None:
    root = ET.fromstring(svg.bar_chart([("A", [(2, "m"), (0, "c")]), ("B", [(1, "m"), (3, "c")])], label="x"))
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert [r.get("class") for r in rects] == ["m", "m", "c"]


def test_the_grid_of_taken_boxes_answers_as_comparing_with_every_box() -> None:
    """Label placement asks a grid of cells whether a box overlaps one already drawn: the same
    answer as comparing it with every box, for boxes of any size and place (negative too)."""
    import random

    from accord.landscape.drawing import Taken, _overlaps

    rng = random.Random(7)

    def box() -> tuple[float, float, float, float]:
        x, y = rng.uniform(-100, 900), rng.uniform(-100, 700)
        return (x, y, x + rng.uniform(0.5, 300), y + rng.uniform(0.5, 60))

    boxes = [box() for _ in range(300)]
    taken = Taken(boxes[:150])
    taken += boxes[150:200]
    taken.append(boxes[200])
    assert list(taken) == boxes[:201]
    for probe in [box() for _ in range(2000)]:
        assert taken.hits(probe) == any(_overlaps(probe, t) for t in boxes[:201])
