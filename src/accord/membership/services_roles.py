"""Writes on seats and roles: dated terms for co-chairs, the secretariat's rotation and
working-group leads. (Moved from core: core is the ground floor and knows no member organisation.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.core.models import Alliance, Role
from accord.core.notify import absolute, notify
from accord.core.permissions import forget_roles
from accord.membership.models import Membership, Seat, SeatRole
from accord.membership.selectors import co_chair_users, voice_of


def _overlapping(alliance: Alliance, role: str, start: dt.date, end: dt.date | None) -> Any:
    """Terms of `role` in `alliance` that share at least one day with [start, end]."""
    qs = SeatRole.objects.filter(alliance=alliance, role=role).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    if end is not None:
        qs = qs.filter(starts_on__lte=end)
    return qs.filter(Q(seat__left_on__isnull=True) | Q(seat__left_on__gte=start))


def _refuse_same_organisation_co_chair(
    alliance: Alliance, organisation: Any, start: dt.date, end: dt.date | None, exclude_seat: int | None = None
) -> None:
    """Co-chairs come from different member organisations: one organisation never holds two
    co-chair seats over the same days."""
    if organisation is None:
        return
    clash = (
        _overlapping(alliance, Role.CO_CHAIR, start, end)
        .filter(seat__organisation=organisation)
        .exclude(seat_id=exclude_seat)
        .select_related("seat__user")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "role": _(
                    "%(org)s already has a co-chair (%(person)s). Co-chairs come from different member "
                    "organisations: choose someone from another organisation."
                )
                % {"org": organisation.name, "person": clash.seat.user}
            }
        )


@transaction.atomic
def seat_grant_role(
    *,
    alliance: Alliance,
    email: str,
    role: str,
    organisation_id: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    working_group_id: int | None = None,
) -> SeatRole:
    """Give a person with an Accord account a role in the alliance, creating their seat if
    needed. Representatives must speak for a member organisation of this alliance; a co-chair
    may not come from an organisation that already has a co-chair for the same days; a
    working-group lead may name the group they lead."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("No Accord account uses this email address.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    organisation = None
    if organisation_id is not None:
        organisation = alliance.stakeholders.filter(pk=organisation_id).first()
        if organisation is None:
            raise ValidationError({"organisation": _("Choose an organisation of this alliance.")})
    if role == Role.REPRESENTATIVE and organisation is None:
        raise ValidationError({"organisation": _("A representative speaks for an organisation: choose one.")})
    working_group = None
    if working_group_id is not None:
        if role != Role.WG_LEAD:
            raise ValidationError({"working_group": _("Only a working-group lead role names a working group.")})
        working_group = alliance.working_groups.filter(pk=working_group_id).first()
        if working_group is None:
            raise ValidationError({"working_group": _("Choose a working group of this alliance.")})
    start = starts_on or alliance.today()
    if ends_on is not None and ends_on < start:
        raise ValidationError({"ends_on": _("A role cannot end before it starts.")})
    seat = Seat.objects.filter(alliance=alliance, user=user).first()
    if role == Role.CO_CHAIR:
        org = organisation if organisation is not None else (seat.organisation if seat else None)
        _refuse_same_organisation_co_chair(alliance, org, start, ends_on, exclude_seat=seat.pk if seat else None)
    if seat is None:
        seat = Seat.objects.create(alliance=alliance, user=user, organisation=organisation, joined_on=alliance.today())
    else:
        if seat.left_on is not None:
            seat.left_on = None
            seat.save(update_fields=["left_on"])
        if organisation is not None and seat.organisation_id != organisation.pk:
            seat.organisation = organisation
            seat.save(update_fields=["organisation"])
    if _overlapping(alliance, role, start, ends_on).filter(seat=seat, working_group=working_group).exists():
        raise ValidationError({"role": _("This person already holds this role.")})
    seat_role = SeatRole.objects.create(
        alliance=alliance, seat=seat, role=role, starts_on=start, ends_on=ends_on, working_group=working_group
    )
    forget_roles(user)
    return seat_role


@transaction.atomic
def seat_role_end(*, seat_role: SeatRole, on: dt.date | None = None, by: Any = None) -> SeatRole:
    """End a role's term (kept in the record). The last co-chair cannot step down: an alliance
    always has someone who can manage it. When a representative who is their organisation's
    voice steps down, the voice is cleared and the co-chairs are told. `on` defaults to the
    alliance's today."""
    day = on or seat_role.alliance.today()
    if seat_role.role == Role.CO_CHAIR:
        others = (
            SeatRole.objects.current(day)
            .filter(alliance_id=seat_role.alliance_id, role=Role.CO_CHAIR)
            .exclude(pk=seat_role.pk)
        )
        if not others.exists():
            raise ValidationError(_("The last co-chair cannot step down: name another co-chair first."))
    if seat_role.starts_on > day:
        # A term that has not begun yet (a planned secretariat turn) is cancelled, not ended.
        seat_role.delete()
        forget_roles(seat_role.seat.user)
        return seat_role
    seat_role.ends_on = max(day - dt.timedelta(days=1), seat_role.starts_on)
    seat_role.save(update_fields=["ends_on"])
    forget_roles(seat_role.seat.user)
    if seat_role.role == Role.REPRESENTATIVE:
        voice_clear_if_gone(seat=seat_role.seat, by=by)
    return seat_role


@transaction.atomic
def co_chairs_set(
    *, alliance: Alliance, seats: Sequence[Seat], starts_on: dt.date | None = None, by: Any = None
) -> list[SeatRole]:
    """Replace the alliance's co-chairs from `starts_on` (default today), all at once.

    The method asks for at least `alliance.co_chair_min` co-chairs (two by default), each from a
    different member organisation, so no one organisation runs the alliance. Co-chairs who stay
    keep their term; those leaving end the day before; newcomers start on `starts_on`."""
    from accord.membership.models import Membership

    start = starts_on or alliance.today()
    unique = {s.pk: s for s in seats}
    chosen = list(unique.values())
    if len(chosen) < alliance.co_chair_min:
        raise ValidationError(
            {
                "seats": _("Name at least %(n)d co-chairs, from different member organisations.")
                % {"n": alliance.co_chair_min}
            }
        )
    fresh = {
        s.pk: s
        for s in Seat.objects.filter(alliance=alliance, pk__in=list(unique)).select_related("user", "organisation")
    }
    if len(fresh) != len(chosen):
        raise ValidationError({"seats": _("Choose people who hold a seat in this alliance.")})
    members = set(
        Membership.objects.filter(alliance=alliance, status=Membership.Status.MEMBER).values_list(
            "stakeholder_id", flat=True
        )
    )
    by_org: dict[int, Seat] = {}
    for seat in fresh.values():
        if seat.left_on is not None and seat.left_on < start:
            raise ValidationError({"seats": _("%(person)s has left the alliance.") % {"person": seat.user}})
        if seat.organisation_id is None or seat.organisation_id not in members:
            raise ValidationError(
                {"seats": _("%(person)s does not speak for a member organisation.") % {"person": seat.user}}
            )
        if seat.organisation_id in by_org:
            raise ValidationError(
                {
                    "seats": _(
                        "%(a)s and %(b)s both come from %(org)s. Co-chairs come from different member organisations."
                    )
                    % {"a": by_org[seat.organisation_id].user, "b": seat.user, "org": seat.organisation}
                }
            )
        by_org[seat.organisation_id] = seat
    current = list(
        SeatRole.objects.current(start).filter(alliance=alliance, role=Role.CO_CHAIR).select_related("seat__user")
    )
    kept = set()
    for role in current:
        if role.seat_id in fresh:
            kept.add(role.seat_id)
            continue
        if role.starts_on >= start:
            role.delete()
        else:
            role.ends_on = start - dt.timedelta(days=1)
            role.save(update_fields=["ends_on"])
        forget_roles(role.seat.user)
    # Terms planned to begin later would overlap the new set: the new set replaces them.
    for role in SeatRole.objects.filter(alliance=alliance, role=Role.CO_CHAIR, starts_on__gt=start):
        role.delete()
    out = [r for r in current if r.seat_id in kept]
    for seat in fresh.values():
        if seat.pk in kept:
            continue
        out.append(SeatRole.objects.create(alliance=alliance, seat=seat, role=Role.CO_CHAIR, starts_on=start))
        forget_roles(seat.user)
    return out


@transaction.atomic
def secretariat_term_add(*, alliance: Alliance, seat: Seat, starts_on: dt.date, by: Any = None) -> SeatRole:
    """Plan the secretariat's next turn: `seat` takes over on `starts_on`.

    The secretariat rotates (someone must do the work, and not always the same organisation):
    the term running on that day ends the day before the hand-over, and the new term runs until
    the next planned hand-over, if any. Two hand-overs on one day are refused. "After today"
    is after the alliance's today."""
    if starts_on <= alliance.today():
        raise ValidationError({"starts_on": _("Plan a hand-over for a day after today.")})
    if seat.alliance_id != alliance.pk:
        raise ValidationError({"seat": _("Choose a person of this alliance.")})
    if seat.left_on is not None:
        raise ValidationError({"seat": _("%(person)s has left the alliance.") % {"person": seat.user}})
    terms = SeatRole.objects.filter(alliance=alliance, role=Role.SECRETARIAT)
    if terms.filter(starts_on=starts_on).exists():
        raise ValidationError({"starts_on": _("A hand-over is already planned on that day.")})
    later = terms.filter(starts_on__gt=starts_on).order_by("starts_on").first()
    ends_on = later.starts_on - dt.timedelta(days=1) if later else None
    for running in terms.filter(starts_on__lt=starts_on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)):
        running.ends_on = starts_on - dt.timedelta(days=1)
        running.save(update_fields=["ends_on"])
    role = SeatRole.objects.create(
        alliance=alliance, seat=seat, role=Role.SECRETARIAT, starts_on=starts_on, ends_on=ends_on
    )
    forget_roles(seat.user)
    return role


def voice_clear_if_gone(*, seat: Seat, by: Any = None) -> None:
    """Called when a representative steps down: if they were their organisation's voice, the
    voice is cleared and the co-chairs are told to name another."""
    for membership in Membership.objects.filter(voice=seat).select_related("stakeholder", "alliance"):
        if (
            voice_of(membership) is not None
            and SeatRole.objects.current(membership.alliance.today())
            .filter(seat=seat, role=Role.REPRESENTATIVE)
            .exists()
        ):
            continue
        membership.voice = None
        membership.save(update_fields=["voice"])
        notify(
            alliance=membership.alliance,
            kind="voice_cleared",
            template="membership/email/voice_cleared",
            context={"organisation": membership.stakeholder, "person": seat.user},
            recipients=co_chair_users(membership.alliance),
            url=absolute(reverse("membership:members", kwargs={"alliance_slug": membership.alliance.slug})),
        )
