"""Numbers a machine reads are never localized: every chart, in English, Spanish and French, is
strict XML whose coordinates are dot-decimal numbers, and so are the numbers in data attributes,
inline styles, number inputs and the JSON in the page. With Spanish active, Django writes the
float 36.0 as "36,0"; in a `cx` that drops the dot from the chart."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree as ET
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accord.landscape import services
from accord.lib import svg
from tests.landscape.test_maps import grow

NUMBER = r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
ONE = re.compile(rf"^{NUMBER}(?:px|%|em)?$")
# viewBox and dash arrays: numbers apart by spaces (a comma there would hide "36,5"); points:
# "x,y" pairs apart by spaces, as accord.lib.svg writes them.
LIST = re.compile(rf"^\s*{NUMBER}(?:\s+{NUMBER})*\s*$")
PAIRS = re.compile(rf"^\s*{NUMBER},{NUMBER}(?:\s+{NUMBER},{NUMBER})*\s*$")
PATH = re.compile(rf"^(?:\s*[MmLlHhVvCcSsQqTtAaZz]?\s*(?:{NUMBER}(?:\s*,\s*|\s+)?)*)+\s*$")
TRANSFORM = re.compile(rf"^(?:\s*[a-zA-Z]+\(\s*{NUMBER}(?:(?:\s*,\s*|\s+){NUMBER})*\s*\)\s*)+$")

SINGLE = {
    "x", "y", "cx", "cy", "r", "rx", "ry", "x1", "x2", "y1", "y2", "dx", "dy", "width", "height",
    "stroke-width", "font-size", "opacity", "fill-opacity", "stroke-opacity", "refX", "refY",
    "markerWidth", "markerHeight", "offset", "stroke-dashoffset",
}  # fmt: skip
LISTS = {"viewBox", "stroke-dasharray"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
SVG_NS = "{http://www.w3.org/2000/svg}"


def bad_svg_numbers(markup: str) -> list[str]:
    """Each <svg> parsed as strict XML; every numeric attribute in the number grammar."""
    problems = []
    for source in re.findall(r"<svg\b.*?</svg>", markup, flags=re.S):
        root = ET.fromstring(source)  # raises on anything that is not well-formed XML
        for el in root.iter():
            for name, value in el.attrib.items():
                tag = el.tag.removeprefix(SVG_NS)
                ok = True
                if name in SINGLE:
                    ok = bool(ONE.match(value))
                elif name in LISTS:
                    ok = bool(LIST.match(value))
                elif name == "points":
                    ok = bool(PAIRS.match(value))
                elif name == "d":
                    ok = bool(PATH.match(value)) and "," not in re.sub(rf"{NUMBER},{NUMBER}", "", value)
                elif name == "transform":
                    ok = bool(TRANSFORM.match(value))
                if not ok:
                    problems.append(f"<{tag} {name}={value!r}>")
    return problems


class _Attributes(HTMLParser):
    """Every tag's attributes, and the text of <script type="application/json"> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.json: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        self._in_json = tag == "script" and values.get("type") == "application/json"

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json.append(data)


def bad_page_numbers(markup: str) -> list[str]:
    """Data attributes, inline styles, number inputs and progress bars, and JSON in the page."""
    parser = _Attributes()
    parser.feed(markup)
    problems = []
    limits = {"value", "min", "max", "step", "low", "high", "optimum"}
    for tag, attrs in parser.tags:
        numeric_tag = (tag == "input" and attrs.get("type") in {"number", "range"}) or tag in {"progress", "meter"}
        for name, value in attrs.items():
            looks_numeric = re.fullmatch(r"[-+\d.,\s]+", value) and re.search(r"\d", value)
            if name.startswith("data-") and looks_numeric and (not LIST.match(value) or re.search(r"\d,\d", value)):
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                problems += [f"<{tag} style has {number!r}>" for number in re.findall(r"\d+,\d+", value)]
            if numeric_tag and name in limits and value not in {"", "any"} and not ONE.match(value):
                problems.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and attrs.get("name") == "htmx-config":
            json.loads(attrs["content"])
    for text in parser.json:
        json.loads(text)  # a localized number inside would not parse, or would change meaning
    return problems


@pytest.fixture
def charted(landscape: Any) -> Any:
    """A landscape whose charts have fractional coordinates: uneven dates, unknown positions,
    members and candidates, ties."""
    world = landscape.world
    grow(world, 23)
    services.assessment_record(
        stakeholder=landscape.official,
        user=world.alice,
        position=None,
        influence=3,
        interest=2,
        assessed_on=dt.date(2024, 3, 3),
    )
    services.assessment_record(
        stakeholder=landscape.official,
        user=world.alice,
        position=2,
        influence=5,
        interest=5,
        assessed_on=dt.date(2024, 9, 17),
    )
    return landscape


def chart_pages(landscape: Any) -> list[tuple[str, dict[str, str]]]:
    """(url, extra headers) for every page and partial that draws a chart."""
    slug = landscape.world.a.slug
    official = landscape.official.pk

    def url(name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"alliance_slug": slug, **kwargs})

    htmx = {"HTTP_HX_REQUEST": "true"}
    return [
        (url("alliances:home"), {}),
        (url("landscape:map"), {}),
        (url("landscape:map") + "?as_of=2024-03-31", {}),
        (url("landscape:map_panel", stakeholder_id=official), {}),
        (url("landscape:map_panel", stakeholder_id=official), htmx),
        (url("landscape:network"), {}),
        (url("landscape:network") + f"?colour=position&zoom=3&focus={official}", {}),
        (url("landscape:composition"), {}),
        (url("landscape:analytics"), {}),
        (url("landscape:suggestions"), {}),
        (url("landscape:register"), {}),
        (url("landscape:stakeholder", stakeholder_id=official), {}),
    ]


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_is_strict_xml_with_dot_decimal_numbers(charted: Any, language: str) -> None:
    world = charted.world
    client = in_language(world.client_for(world.alice), language)
    drawn = 0
    for url, headers in chart_pages(charted):
        response = client.get(url, **headers)  # type: ignore[arg-type]
        assert response.status_code == 200, url
        assert response["Content-Language"] == language, url
        html = response.content.decode()
        drawn += html.count("<svg")
        assert bad_svg_numbers(html) == [], url
        assert bad_page_numbers(html) == [], url
    # The map, the panel's map, the two networks, three composition bars and the history chart.
    assert drawn >= 8


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_history_chart_keeps_its_dots_and_axes_after_an_assessment(charted: Any, language: str) -> None:
    """The htmx partial that answers a new assessment redraws the chart, in the same grammar."""
    world = charted.world
    client = in_language(world.client_for(world.alice), language)
    url = reverse(
        "landscape:assessment_create",
        kwargs={"alliance_slug": world.a.slug, "stakeholder_id": charted.official.pk},
    )
    response = client.post(
        url,
        {"position": "1", "influence": "2", "interest": "3", "assessed_on": "2024-11-29", "evidence": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    root = ET.fromstring(re.search(r"<svg\b.*?</svg>", html, flags=re.S).group(0))  # type: ignore[union-attr]
    dots = [el for el in root.iter(f"{SVG_NS}circle")]
    # Five assessments: five influence dots, four known positions and one unknown.
    assert len(dots) == 10
    assert all(ONE.match(d.get("cx", "")) and ONE.match(d.get("cy", "")) for d in dots)
    assert any("." in d.get("cx", "") for d in dots)  # the uneven dates give fractional places
    assert bad_svg_numbers(html) == [] and bad_page_numbers(html) == []


def test_the_checker_catches_a_decimal_comma() -> None:
    """The checks above would fail for the broken charts."""
    broken = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200"><circle cx="36,0" cy="16" r="3,5"/></svg>'
    assert bad_svg_numbers(broken) == ["<circle cx='36,0'>", "<circle r='3,5'>"]
    assert bad_svg_numbers('<svg xmlns="http://www.w3.org/2000/svg"><polyline points="36,0,16 137,5,56"/></svg>')
    assert bad_page_numbers('<div data-x="36,5"></div><progress value="1,5" max="2"></progress>') == [
        "<div data-x='36,5'>",
        "<progress value='1,5'>",
    ]
    with pytest.raises(ET.ParseError):
        bad_svg_numbers('<svg xmlns="http://www.w3.org/2000/svg"><circle cx="1"></svg>')


@pytest.mark.parametrize("language", LANGUAGES)
@given(value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), whole=st.integers(-(10**6), 10**6))
def test_svg_attributes_never_localize_whatever_the_language(language: str, value: float, whole: int) -> None:
    with translation.override(language):
        markup = svg.element("circle", None, cx=value, cy=whole, r=abs(value))
    assert bad_svg_numbers(f'<svg xmlns="http://www.w3.org/2000/svg">{markup}</svg>') == []


def test_no_template_writes_svg_itself() -> None:
    """Charts are drawn in Python by accord.lib.svg, whose numbers never localize; a template
    that wrote `<svg>` with `{{ x }}` coordinates would localize them."""
    src = Path(__file__).resolve().parents[1] / "src" / "accord"
    offenders = [
        str(p.relative_to(src))
        for p in src.rglob("templates/**/*")
        if p.is_file() and p.suffix in {".html", ".txt", ".xml"} and "<svg" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
