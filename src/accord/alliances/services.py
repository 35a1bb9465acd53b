"""Writes for alliances and their purpose. Each service is one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.core import capabilities
from accord.core.models import Alliance, Role
from accord.core.versions import StaleVersion, check_version, save_versioned
from accord.landscape.models import Scope, Stakeholder
from accord.membership.models import Membership, Seat, SeatRole

# The settings every alliance has; the thresholds come from the capabilities' declarations.
GENERAL_SETTINGS = ("name", "country", "sector", "languages", "timezone", "status")


def settings_fields() -> tuple[str, ...]:
    """Every setting of an alliance, in the order the settings page shows them."""
    return GENERAL_SETTINGS + tuple(t.key for t in capabilities.thresholds())


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "alliance"
    slug, n = base, 2
    while Alliance.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def alliance_create(
    *,
    user: Any,
    name: str,
    organisation_name: str,
    organisation_kind: str,
    country: str = "",
    sector: str = "",
    languages: list[str] | None = None,
    timezone_name: str = "UTC",
    slug: str | None = None,
) -> Alliance:
    """A convener creates an alliance. Their organisation becomes its first member and they
    become its first co-chair and that organisation's representative (the method's convener)."""
    alliance = Alliance.objects.create(
        slug=slug or unique_slug(name),
        name=name,
        country=country,
        sector=sector,
        languages=languages or ["en"],
        timezone=timezone_name,
    )
    organisation = Stakeholder.objects.create(
        alliance=alliance, name=organisation_name, kind=organisation_kind, scope=Scope.NATIONAL
    )
    # The founding day is the alliance's own (it may already be tomorrow there).
    today = alliance.today()
    seat = Seat.objects.create(alliance=alliance, user=user, organisation=organisation, joined_on=today)
    # The convener speaks for their organisation in decisions from the start.
    Membership.objects.create(
        alliance=alliance, stakeholder=organisation, status=Membership.Status.MEMBER, voice=seat, since=today
    )
    for role in (Role.CO_CHAIR, Role.REPRESENTATIVE):
        SeatRole.objects.create(alliance=alliance, seat=seat, role=role, starts_on=today)
    from accord.core.permissions import forget_roles

    forget_roles(user)
    return alliance


def _setting(alliance: Any, key: str) -> Any:
    """A setting's value, of the alliance or of one of its history rows."""
    declared = capabilities.threshold(key) if key not in GENERAL_SETTINGS else None
    return declared.value(alliance) if declared is not None else getattr(alliance, key)


@transaction.atomic
def alliance_update_settings(*, alliance: Alliance, version: int | None = None, **changes: Any) -> Alliance:
    """Change an alliance's settings. Thresholds stay within the ranges the model allows (an
    anonymity threshold below 3 would let a survey answer be traced to one person); on any
    invalid value nothing is written. With the `version` the edit began from, a save over a
    newer one (another co-chair's) is refused with what they changed (StaleVersion)."""
    unknown = set(changes) - set(settings_fields())
    if unknown:
        raise ValueError(f"Not a setting: {', '.join(sorted(unknown))}")
    declared = {t.key: t for t in capabilities.thresholds()}
    how: dict[str, Any] = {"read": _setting, "labels": {k: t.label for k, t in declared.items()}}
    if version is not None:
        check_version(alliance, version=version, yours=changes, fields=settings_fields(), **how)
    stored = {k: v for k, v in changes.items() if k in declared and not declared[k].column}
    columns = {k: v for k, v in changes.items() if k not in stored}
    errors: dict[str, list[str]] = {}
    for key, value in stored.items():
        t = declared[key]
        if not isinstance(value, int) or isinstance(value, bool) or not t.minimum <= value <= t.maximum:
            errors[key] = [_("Give a whole number from %(low)d to %(high)d.") % {"low": t.minimum, "high": t.maximum}]
    before = {key: getattr(alliance, key) for key in [*columns, "thresholds"]}
    for key, value in columns.items():
        setattr(alliance, key, value)
    try:
        alliance.full_clean()
        if errors:
            raise ValidationError(errors)
        fields = list(columns)
        if stored:
            alliance.thresholds = {**(alliance.thresholds or {}), **stored}
            fields.append("thresholds")
        if version is None:
            alliance.save(update_fields=fields)
        else:
            yours = dict(changes)
            save_versioned(
                alliance, version=version, yours=yours, fields=settings_fields(), update_fields=fields, **how
            )
    except (ValidationError, StaleVersion):
        # Nothing is written, and the caller's object keeps the values the database holds.
        for key, value in before.items():
            setattr(alliance, key, value)
        raise
    return alliance
