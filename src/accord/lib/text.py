"""Plain-text helpers for messages."""

from __future__ import annotations

ELLIPSIS = "…"
# Punctuation that reads badly just before an ellipsis.
_DANGLING = " \t\n,;:-–—(«“\"'"


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters at the end of a word, with an
    ellipsis when anything was left out. Never cuts inside a word; a single word longer than
    the limit is kept whole (a shorter line is not worth a broken word or link)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    room = flat[: limit - len(ELLIPSIS) + 1]
    # The cut falls on a space, or we go back to the last one.
    cut = room[:-1] if room[-1] == " " else room.rsplit(" ", 1)[0] if " " in room else ""
    if not cut:
        return flat.split(" ", 1)[0] + ELLIPSIS
    return cut.rstrip(_DANGLING) + ELLIPSIS
