"""Writes for alliances and their purpose. Each service is one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.alliances.models import Purpose
from accord.core.models import Alliance, Role, Seat, SeatRole
from accord.landscape.models import Scope, Stakeholder
from accord.membership.models import Membership


class StaleVersion(Exception):
    """Someone saved a newer version of the purpose since this edit began."""

    def __init__(self, current: Purpose) -> None:
        super().__init__(_("Someone saved version %(v)s while you were editing.") % {"v": current.version})
        self.current = current


SETTINGS_FIELDS = (
    "name",
    "country",
    "sector",
    "languages",
    "timezone",
    "status",
    "meeting_cadence_days",
    "survey_anonymity_k",
    "min_accepted_members",
    "recent_window_days",
    "ingo_share_max",
    "grassroots_share_min",
    "participation_min",
    "dormant_after_days",
)


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
    Membership.objects.create(alliance=alliance, stakeholder=organisation, status=Membership.Status.MEMBER)
    seat = Seat.objects.create(alliance=alliance, user=user, organisation=organisation)
    for role in (Role.CO_CHAIR, Role.REPRESENTATIVE):
        SeatRole.objects.create(alliance=alliance, seat=seat, role=role)
    from accord.core.permissions import forget_roles

    forget_roles(user)
    return alliance


@transaction.atomic
def alliance_update_settings(*, alliance: Alliance, **changes: Any) -> Alliance:
    """Change an alliance's settings. Thresholds stay within the ranges the model allows (an
    anonymity threshold below 3 would let a survey answer be traced to one person); on any
    invalid value nothing is written."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a setting: {', '.join(sorted(unknown))}")
    before = {key: getattr(alliance, key) for key in changes}
    for key, value in changes.items():
        setattr(alliance, key, value)
    try:
        alliance.full_clean()
    except ValidationError:
        # Nothing is written, and the caller's object keeps the values the database holds.
        for key, value in before.items():
            setattr(alliance, key, value)
        raise
    alliance.save(update_fields=list(changes))
    return alliance


@transaction.atomic
def purpose_save(*, alliance: Alliance, user: Any, data: dict[str, Any], base_version: int | None) -> Purpose:
    """Write a new version of the purpose. Versions are never edited in place.

    `base_version` is the version the person started from (None for the first). If someone saved
    a newer one meanwhile, StaleVersion is raised and nothing is written, so no edit is lost
    silently.
    """
    # Lock the alliance row so two saves cannot both take the same version number.
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    latest = alliance.purposes.order_by("-version").first()
    current = latest.version if latest else None
    if current != base_version:
        if latest is None:
            raise ValidationError({"base_version": _("There is no earlier version to build on.")})
        raise StaleVersion(latest)
    unknown = set(data) - set(Purpose.CONTENT_FIELDS) - {"change_note"}
    if unknown:
        raise ValueError(f"Not a purpose field: {', '.join(sorted(unknown))}")
    purpose = Purpose(
        alliance=alliance,
        version=(current or 0) + 1,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=timezone.now(),
        **data,
    )
    purpose.full_clean()
    try:
        purpose.save()
    except IntegrityError as exc:  # a concurrent writer won the race on another database
        raise StaleVersion(alliance.purposes.order_by("-version").first()) from exc  # type: ignore[arg-type]
    return purpose


def next_version_number(alliance: Alliance) -> int:
    return int(alliance.purposes.aggregate(m=Max("version"))["m"] or 0) + 1


def today_in(alliance: Alliance) -> dt.date:
    import zoneinfo

    try:
        tz = zoneinfo.ZoneInfo(alliance.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    return timezone.now().astimezone(tz).date()


# --- What a passed proposal decides (called by accord.decisions.services) -------------------


@transaction.atomic
def purpose_agree(*, purpose: Purpose, proposal: Any) -> Purpose:
    """A passed proposal makes this purpose version the agreed purpose (method step 4)."""
    purpose.agreed_at = timezone.now()
    purpose.agreed_by = proposal
    purpose.save(update_fields=["agreed_at", "agreed_by"])
    return purpose


@transaction.atomic
def charter_agree(*, charter: Any, proposal: Any) -> Any:
    """A passed proposal makes this principles or non-negotiables version the agreed one."""
    charter.agreed_at = timezone.now()
    charter.agreed_by = proposal
    charter.save(update_fields=["agreed_at", "agreed_by"])
    return charter


@transaction.atomic
def framework_document_adopt(*, document: Any, proposal: Any) -> Any:
    """A passed proposal adopts this framework document (ways of working, ToR, MoU)."""
    document.adopted_at = timezone.now()
    document.adopted_by = proposal
    document.save(update_fields=["adopted_at", "adopted_by"])
    return document
