"""Writes on seats and roles: dated terms for co-chairs, the secretariat's rotation and
working-group leads, and marking notices read."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.models import Notice


@transaction.atomic
def notice_mark_read(*, notice: Notice, user: Any) -> Notice:
    """Mark one of the person's own notices read (once; the first reading time is kept)."""
    if notice.recipient_id != user.pk:
        raise ValidationError(_("This message is not yours."))
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
