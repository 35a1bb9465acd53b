"""Role predicates shared by every app, and the core's own permissions.

A predicate takes (user, alliance). Roles are those a person holds *today* (the alliance's day,
in its own time zone) through their seat (kept by the membership capability, asked through core.capabilities.roster());
they are read once per request and cached on the user object. Each app's `permissions.py`
names its rules from these predicates; docs/permissions.md is the contract a test walks.
"""

from __future__ import annotations

from typing import Any

import rules

from accord.core import capabilities
from accord.core.models import Alliance, Role

_CACHE_ATTR = "_accord_roles"


def roles_of(user: Any, alliance: Alliance | None) -> frozenset[str]:
    """The roles `user` holds in `alliance` today (cached for the life of the user object)."""
    if alliance is None or user is None or not user.is_authenticated:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if alliance.pk not in cache:
        cache[alliance.pk] = capabilities.roster().roles_of(user, alliance)
    return cache[alliance.pk]


def forget_roles(user: Any) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)


def _has(role: str) -> rules.Predicate:
    @rules.predicate(name=f"is_{role}")
    def check(user: Any, alliance: Alliance | None = None) -> bool:
        return role in roles_of(user, alliance)

    return check


is_co_chair = _has(Role.CO_CHAIR)
is_secretariat = _has(Role.SECRETARIAT)
is_representative = _has(Role.REPRESENTATIVE)
is_wg_lead = _has(Role.WG_LEAD)
is_observer = _has(Role.OBSERVER)
is_evaluator = _has(Role.EVALUATOR)


@rules.predicate
def has_any_role(user: Any, alliance: Alliance | None = None) -> bool:
    return bool(roles_of(user, alliance))


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


# People who take part in running the alliance (everyone but observers and evaluators).
is_participant = is_co_chair | is_secretariat | is_representative | is_wg_lead
# People who read everything inside the alliance (observers see less).
is_insider = is_participant | is_evaluator

rules.add_perm("core.view_alliance", has_any_role)
rules.add_perm("core.view_members", has_any_role)
rules.add_perm("core.view_history", is_insider)
# Personal data (docs/permissions.md, "Who sees whom"; read through accord.core.privacy): names of
# people for those who work in the alliance, observers see organisations; contact details for
# those who run it day to day.
rules.add_perm("core.view_people", is_insider)
rules.add_perm("core.view_contact_details", is_co_chair | is_secretariat)
rules.add_perm("core.change_settings", is_co_chair)
rules.add_perm("core.manage_roles", is_co_chair)
rules.add_perm("core.manage_api_tokens", is_co_chair)
rules.add_perm("core.use_admin_site", is_platform_admin)
rules.add_perm("core.view_notices", has_any_role)
