"""Composition labels are never cut: each is written whole, wrapped between words, inside the chart."""

from __future__ import annotations

from defusedxml import ElementTree as ET

from accord.landscape import drawing
from accord.lib import svg

NS = "{http://www.w3.org/2000/svg}"


def test_a_long_label_is_wrapped_between_words_and_kept_whole() -> None:
    long = "Other-sector organisation (think-tank, environmental, cultural and sports associations)"
    chart = drawing.composition_bars([(long, 3, 2), ("Media", 0, 1)], label="By type", id_prefix="t")
    root = ET.fromstring(str(chart))
    width = float(root.get("viewBox").split()[2])
    lines = [t for t in root.iter(f"{NS}text") if t.get("class") == "bar-label"]
    assert " ".join(t.text or "" for t in lines[:-1]) == long  # every word, in order, no ellipsis
    assert lines[-1].text == "Media"
    for t in lines:
        assert float(t.get("x")) >= 0
        assert float(t.get("x")) + drawing.text_width(t.text or "", float(t.get("font-size"))) <= width


def test_wrap_never_cuts_a_word() -> None:
    assert svg.wrap("a bb ccc dddd", 6) == ["a bb", "ccc", "dddd"]
    assert svg.wrap("Supercalifragilistic", 5) == ["Supercalifragilistic"]
