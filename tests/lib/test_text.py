"""Cutting a text for an email: at a word, with an ellipsis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.lib.text import ELLIPSIS, shorten

SEED_LAW = "Parliament amends the seed law so that farmers may save, swap and sell their own seed."


def test_a_short_text_is_kept_whole_without_an_ellipsis() -> None:
    assert shorten(SEED_LAW, 200) == SEED_LAW
    assert shorten("  two\n\nlines  ", 200) == "two lines"


@pytest.mark.parametrize("limit", range(12, len(SEED_LAW)))
def test_it_cuts_at_the_end_of_a_word(limit: int) -> None:
    cut = shorten(SEED_LAW, limit)
    assert cut.endswith(ELLIPSIS) and len(cut) <= limit
    kept = cut.removesuffix(ELLIPSIS)
    words = SEED_LAW.split()
    # Every word kept is a whole word of the text, in order, and the next one is left out whole.
    assert [w.rstrip(",") for w in kept.split()] == [w.rstrip(",") for w in words[: len(kept.split())]]
    assert not kept.endswith((",", " "))


def test_it_does_not_cut_mid_word_where_a_naive_cut_would() -> None:
    # A cut at 20 characters would give "Parliament amends th".
    assert shorten(SEED_LAW, 21) == "Parliament amends…"


def test_one_long_word_is_kept_whole() -> None:
    assert shorten("Supercalifragilistic expialidocious", 10) == "Supercalifragilistic…"


@given(st.text(alphabet=st.sampled_from("ab cdé,\n"), max_size=80), st.integers(min_value=2, max_value=60))
def test_it_never_breaks_a_word(text: str, limit: int) -> None:
    cut = shorten(text, limit)
    flat = " ".join(text.split())
    if cut == flat:
        return
    assert cut.endswith(ELLIPSIS)
    kept = cut.removesuffix(ELLIPSIS)
    words = flat.split(" ")
    # What is kept is the text's first words (the last one perhaps without its comma).
    n = len(kept.split(" "))
    assert " ".join(words[:n]).startswith(kept)
    assert kept.split(" ")[-1].rstrip(",") == words[n - 1].rstrip(",") or n == 1
