"""Reads the base layout needs on every page."""

from __future__ import annotations

from typing import Any

from django.utils.functional import SimpleLazyObject

from accord.core import capabilities


def lazy_alliances_for(user: Any) -> SimpleLazyObject:
    """The alliance switcher: the alliances where the person holds a role today, read only if the
    page shows it."""
    return SimpleLazyObject(lambda: capabilities.roster().alliances_of(user))
