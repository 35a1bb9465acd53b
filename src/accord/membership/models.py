"""Membership is a status of a Stakeholder, not a second kind of organisation; a person who logs
in holds a Seat in the alliance, speaks for a member organisation and holds dated roles.

Seat and SeatRole moved here from core (their tables keep the names core_seat, core_seatrole):
core knows the vocabulary of roles (core.models.Role) and asks this capability who holds which
role through the contract (core.capabilities.Roster)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager

from accord.core.models import Alliance, Role
from accord.core.versions import Versioned
from accord.landscape.models import MembershipStatus, StakeholderType

# --- People: a seat in the alliance and roles held for a term (moved from core; the tables keep
# their names) -------------------------------------------------------------------------------


class Seat(models.Model):
    """A person's place in one alliance: who they are, which member organisation they speak for,
    when they joined and left. What they may do comes from their dated roles."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(
        "landscape.Stakeholder",
        verbose_name=_("organisation represented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
    )
    joined_on = models.DateField(_("joined"), default=dt.date.today)
    left_on = models.DateField(_("left"), null=True, blank=True)

    history = HistoricalRecords(table_name="core_historicalseat")

    if TYPE_CHECKING:
        roles: RelatedManager[SeatRole]

    class Meta:
        db_table = "core_seat"
        constraints = [
            models.UniqueConstraint(fields=["alliance", "user"], name="seat_one_per_person"),
        ]
        ordering = ["alliance", "user__email"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return f"{self.user} @ {self.alliance}"


class SeatRoleQuerySet(models.QuerySet["SeatRole"]):
    def current(self, on: dt.date) -> SeatRoleQuerySet:
        """Terms running on the day `on`. There is no default: a day is some alliance's day
        (`alliance.today()`), and the server's date is not every alliance's."""
        return self.filter(
            Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            Q(seat__left_on__isnull=True) | Q(seat__left_on__gte=on),
        )

    def current_in(self, alliance: Alliance) -> SeatRoleQuerySet:
        """The alliance's terms running on its own today."""
        return self.filter(alliance=alliance).current(alliance.today())


class SeatRole(models.Model):
    """One role held for a term. Past terms stay, so the alliance keeps its history of who
    chaired, who did the secretariat's work and who led which group."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="seat_roles")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("from"), default=dt.date.today)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    # For working-group leads: the group they lead.
    working_group = models.ForeignKey(
        "work.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lead_roles",
    )
    # For a secretariat turn that starts later: when the hand-over reminder went out.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SeatRoleQuerySet.as_manager()
    history = HistoricalRecords(table_name="core_historicalseatrole")

    class Meta:
        db_table = "core_seatrole"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="seatrole_ends_after_start",
            )
        ]
        ordering = ["starts_on"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.seat})"

    def runs_on(self, day: dt.date) -> bool:
        """Whether this term runs on `day` (what `SeatRole.objects.current(day)` selects)."""
        left_on = self.seat.left_on
        return (
            self.starts_on <= day
            and (self.ends_on is None or self.ends_on >= day)
            and (left_on is None or left_on >= day)
        )


class Membership(Versioned):
    Status = MembershipStatus

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    stakeholder = models.OneToOneField("landscape.Stakeholder", on_delete=models.CASCADE, related_name="membership")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    since = models.DateField(_("since"), default=dt.date.today)
    # The representative who casts the organisation's one vote. Changeable; history keeps who
    # it was when.
    voice = models.ForeignKey(
        Seat,
        verbose_name=_("voice in decisions"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stakeholder__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.stakeholder} ({self.get_status_display()})"


class Invitation(models.Model):
    """An email inviting one organisation, carrying the purpose version it was sent with and a
    personal link. Only a digest of the link's token is stored."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    message = models.TextField(_("personal message"), blank=True)
    purpose = models.ForeignKey(
        "purpose.Purpose",
        verbose_name=_("purpose sent"),
        # A version that was sent cannot be deleted on its own, but goes with its alliance.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token_digest"])

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.membership.stakeholder} <{self.email}>"


class JoinRequest(models.Model):
    """The door stays open: an organisation asks to join and the co-chairs decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the co-chairs")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="join_requests")
    organisation_name = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=StakeholderType.choices)
    contact_name = models.CharField(_("contact name"), max_length=200)
    email = models.EmailField(_("email"))
    message = models.TextField(_("why they want to join"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reply"), blank=True)
    stakeholder = models.ForeignKey(
        "landscape.Stakeholder", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")

    def __str__(self) -> str:
        return self.organisation_name
