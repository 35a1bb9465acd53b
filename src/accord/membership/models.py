"""Membership is a status of a Stakeholder, not a second kind of organisation."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance
from accord.landscape.models import MembershipStatus, StakeholderType


class Membership(models.Model):
    Status = MembershipStatus

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    stakeholder = models.OneToOneField("landscape.Stakeholder", on_delete=models.CASCADE, related_name="membership")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    since = models.DateField(_("since"), default=dt.date.today)
    # The representative who casts the organisation's one vote. Changeable; history keeps who
    # it was when.
    voice = models.ForeignKey(
        "core.Seat",
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
