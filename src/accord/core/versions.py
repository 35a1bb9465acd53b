"""Comparing two versions of a versioned text (a purpose, principles, non-negotiables): one way
to read which two the person asked for, the same on every compare page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _


@dataclass
class Comparison:
    left: Any
    right: Any
    diff: list[Any]
    error: str

    def context(self) -> dict[str, Any]:
        return {"left": self.left, "right": self.right, "diff": self.diff, "error": self.error}


def compare_versions(
    request: HttpRequest, versions: Sequence[Any], diff: Callable[[Any, Any], list[Any]]
) -> Comparison:
    """Versions `?a=` and `?b=` (by number, in either order, older on the left), or the two
    latest when none are asked for. `versions` is newest first, each with a `version` number."""
    by_number = {v.version: v for v in versions}
    left = right = None
    error = ""
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        if len(versions) >= 2:
            left, right = versions[1], versions[0]
        else:
            error = _("There is only one version so far; nothing to compare.")
    else:
        left, right = by_number.get(min(a, b)), by_number.get(max(a, b))
        if left is None or right is None:
            error = _("Choose two versions that exist.")
    return Comparison(left, right, diff(left, right) if left and right else [], error)
