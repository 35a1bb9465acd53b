"""Writes on the purpose (method step 1): each save is a new version; a passed proposal agrees one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.core.versions import StaleVersion
from accord.purpose.models import Purpose

__all__ = ["StaleVersion", "purpose_agree", "purpose_save"]


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
        raise StaleVersion(alliance.purposes.order_by("-version").first()) from exc
    return purpose


@transaction.atomic
def purpose_agree(*, purpose: Purpose, proposal: Any) -> Purpose:
    """A passed proposal makes this purpose version the agreed purpose (method step 4)."""
    purpose.agreed_at = timezone.now()
    purpose.agreed_by = proposal
    purpose.save(update_fields=["agreed_at", "agreed_by"])
    return purpose
