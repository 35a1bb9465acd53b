"""Links to many records of one kind on one page, reversed once rather than once per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

_SENTINEL = 987654321


def record_url(name: str, record_kwarg: str, **kwargs: Any) -> Callable[[int], str]:
    """`pk -> reverse(name, kwargs={**kwargs, record_kwarg: pk})`, for the rows of a list: the
    route is reversed once with a stand-in id, and each row's id put in its place."""
    pattern = reverse(name, kwargs={**kwargs, record_kwarg: _SENTINEL})
    head, found, tail = pattern.partition(str(_SENTINEL))
    if not found or str(_SENTINEL) in tail:
        raise ValueError(f"{name}: the record's id does not appear once in {pattern}")
    return lambda pk: f"{head}{int(pk)}{tail}"
