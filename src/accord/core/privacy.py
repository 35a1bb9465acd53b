"""Who sees whom (docs/permissions.md): the names of the people behind each organisation are for
those who work in the alliance, their email addresses for those who run it day to day. Pages,
API schemas and exports read these two questions here rather than deciding for themselves."""

from __future__ import annotations

from typing import Any

from accord.core.tenancy import can

PEOPLE = "core.view_people"
CONTACTS = "core.view_contact_details"


def _may(request: Any, perm: str) -> bool:
    return request is not None and can(request, perm)


def sees_people(request: Any) -> bool:
    return _may(request, PEOPLE)


def sees_contacts(request: Any) -> bool:
    return _may(request, CONTACTS)


def from_context(context: Any, perm: str) -> bool:
    """For a ninja resolver: whether the request behind this response may see `perm`'s data."""
    return _may((context or {}).get("request"), perm)


def name_for(user: Any, context: Any) -> str | None:
    """A person's name in an API response, or None for a reader who sees organisations only."""
    if user is None or not from_context(context, PEOPLE):
        return None
    return str(user)
