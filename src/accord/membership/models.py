"""Membership is a status of a Stakeholder, not a second kind of organisation."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance


class Membership(models.Model):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        INVITED = "invited", _("Invited")
        MEMBER = "member", _("Member")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Declined")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    stakeholder = models.OneToOneField("landscape.Stakeholder", on_delete=models.CASCADE, related_name="membership")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    since = models.DateField(_("since"), default=dt.date.today)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stakeholder__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.stakeholder} ({self.get_status_display()})"
