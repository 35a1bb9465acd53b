"""Formula injection escaping and CSV encoding."""

from __future__ import annotations

import pytest

from accord.lib.spreadsheet import csv_bytes, escape_formula, unescape_formula


@pytest.mark.parametrize("text", ["=1+1", "+995 32 2 00 00", "-2 degrees", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_text_that_starts_a_formula_is_escaped_and_comes_back_unchanged(text: str) -> None:
    assert escape_formula(text) == "'" + text
    assert unescape_formula(escape_formula(text)) == text


@pytest.mark.parametrize("value", ["Ministry", "it's fine", "'quoted", -2, 3, None, True])
def test_plain_values_and_numbers_are_left_alone(value: object) -> None:
    assert escape_formula(value) == value
    assert unescape_formula(value) == value


def test_csv_is_utf8_with_a_byte_order_mark_and_escaped() -> None:
    data = csv_bytes(["name", "position"], [["Mujeres Rurales del Altiplano — Puno", -2], ['=HYPERLINK("x")', 1]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Mujeres Rurales del Altiplano — Puno,-2" in text
    assert '"\'=HYPERLINK(""x"")",1' in text
