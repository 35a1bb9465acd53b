"""Reads on the purpose: its versions, the agreed one, and word-by-word comparison of two."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from accord.core.models import Alliance
from accord.purpose.models import Purpose


def current_purpose(alliance: Alliance) -> Purpose | None:
    return alliance.purposes.select_related("created_by").order_by("-version").first()


def purpose_versions(alliance: Alliance) -> list[Purpose]:
    return list(alliance.purposes.select_related("created_by").order_by("-version"))


@dataclass
class FieldDiff:
    label: str
    left: list[tuple[str, str]]  # (op, text): op is "", "del"
    right: list[tuple[str, str]]  # op is "", "ins"
    changed: bool


_WORDS = re.compile(r"\s+|[^\s]+")


def _display(purpose: Purpose, name: str) -> str:
    value: Any = getattr(purpose, name)
    if value in (None, ""):
        return ""
    display = getattr(purpose, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    return str(value)


def word_diff(a: str, b: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Word-level comparison of two texts: (left, right) runs of (op, text), where the left side
    marks removed words "del" and the right side added words "ins"."""
    a_words, b_words = _WORDS.findall(a), _WORDS.findall(b)
    lhs: list[tuple[str, str]] = []
    rhs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lhs.append(("", "".join(a_words[i1:i2])))
            rhs.append(("", "".join(b_words[j1:j2])))
        else:
            if i2 > i1:
                lhs.append(("del", "".join(a_words[i1:i2])))
            if j2 > j1:
                rhs.append(("ins", "".join(b_words[j1:j2])))
    return lhs, rhs


def purpose_diff(left: Purpose, right: Purpose) -> list[FieldDiff]:
    """Field-by-field, word-level comparison of two versions, for a side-by-side view."""
    out = []
    for name in Purpose.CONTENT_FIELDS:
        a, b = _display(left, name), _display(right, name)
        lhs, rhs = word_diff(a, b)
        label = str(Purpose._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        out.append(FieldDiff(label=label, left=lhs, right=rhs, changed=a != b))
    return out


def agreed_purpose(alliance: Alliance) -> Purpose | None:
    """The latest purpose version the members agreed by decision."""
    return alliance.purposes.filter(agreed_at__isnull=False).order_by("-version").first()


# --- Principles and non-negotiables (method step 4) ------------------------------------------
