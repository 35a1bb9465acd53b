"""Writes on seats and roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.models import Alliance, Role, Seat, SeatRole
from accord.core.permissions import forget_roles


@transaction.atomic
def seat_grant_role(
    *,
    alliance: Alliance,
    email: str,
    role: str,
    organisation_id: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> SeatRole:
    """Give a person with an Accord account a role in the alliance, creating their seat if
    needed. Representatives must speak for a member organisation of this alliance."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("No Accord account uses this email address.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    organisation = None
    if organisation_id is not None:
        organisation = alliance.stakeholders.filter(pk=organisation_id).first()  # type: ignore[attr-defined]
        if organisation is None:
            raise ValidationError({"organisation": _("Choose an organisation of this alliance.")})
    if role == Role.REPRESENTATIVE and organisation is None:
        raise ValidationError({"organisation": _("A representative speaks for an organisation: choose one.")})
    seat, created = Seat.objects.get_or_create(alliance=alliance, user=user, defaults={"organisation": organisation})
    if not created and seat.left_on is not None:
        seat.left_on = None
        seat.save(update_fields=["left_on"])
    if organisation is not None and seat.organisation_id != organisation.pk:
        seat.organisation = organisation
        seat.save(update_fields=["organisation"])
    start = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < start:
        raise ValidationError({"ends_on": _("A role cannot end before it starts.")})
    if SeatRole.objects.current(start).filter(seat=seat, role=role).exists():
        raise ValidationError({"role": _("This person already holds this role.")})
    seat_role = SeatRole.objects.create(alliance=alliance, seat=seat, role=role, starts_on=start, ends_on=ends_on)
    forget_roles(user)
    return seat_role


@transaction.atomic
def seat_role_end(*, seat_role: SeatRole, on: dt.date | None = None, by: Any = None) -> SeatRole:
    """End a role's term (kept in the record). The last co-chair cannot step down: an alliance
    always has someone who can manage it."""
    day = on or timezone.localdate()
    if seat_role.role == Role.CO_CHAIR:
        others = (
            SeatRole.objects.current(day)
            .filter(alliance_id=seat_role.alliance_id, role=Role.CO_CHAIR)
            .exclude(pk=seat_role.pk)
        )
        if not others.exists():
            raise ValidationError(_("The last co-chair cannot step down: name another co-chair first."))
    seat_role.ends_on = max(day - dt.timedelta(days=1), seat_role.starts_on)
    seat_role.save(update_fields=["ends_on"])
    forget_roles(seat_role.seat.user)
    return seat_role
