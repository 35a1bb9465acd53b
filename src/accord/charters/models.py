"""Principles and non-negotiables (method step 4), and the circulation and endorsement of any
agreed text: what a capability registers as circulable (`core.capabilities.TextKind`).

The tables keep the names they had when these models lived in the `alliances` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance


class Charter(models.Model):
    """A version of the alliance's principles or of its non-negotiables ("the policy must
    include …"). Versions are never edited in place; one is agreed by decision."""

    class Kind(models.TextChoices):
        PRINCIPLES = "principles", _("Principles")
        NON_NEGOTIABLES = "non_negotiables", _("Non-negotiables")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="charters")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    # [{"title": "...", "text": "..."}]; non-negotiables usually have only text.
    items = models.JSONField(_("items"), default=list)
    change_note = models.CharField(_("what changed in this version"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        "decisions.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(table_name="alliances_historicalcharter")

    class Meta:
        db_table = "alliances_charter"
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind", "version"], name="charter_unique_version"),
        ]
        verbose_name = _("principles or non-negotiables")
        verbose_name_plural = _("principles and non-negotiables")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Circulation(models.Model):
    """An agreed text sent to every representative; each acknowledgement is tracked."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="circulations")
    purpose = models.ForeignKey(
        "purpose.Purpose", on_delete=models.CASCADE, null=True, blank=True, related_name="circulations"
    )
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, null=True, blank=True, related_name="circulations")
    framework_document = models.ForeignKey(
        "framework.FrameworkDocument", on_delete=models.CASCADE, null=True, blank=True, related_name="circulations"
    )
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    circulated_at = models.DateTimeField(_("circulated"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("people notified"), default=0)

    history = HistoricalRecords(table_name="alliances_historicalcirculation")

    class Meta:
        db_table = "alliances_circulation"
        ordering = ["-circulated_at"]
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")

    def __str__(self) -> str:
        return f"{self.purpose or self.charter or self.framework_document} @ {self.circulated_at:%Y-%m-%d}"


class Acknowledgement(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="acknowledgements")
    circulation = models.ForeignKey(Circulation, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged"), default=timezone.now)

    history = HistoricalRecords(table_name="alliances_historicalacknowledgement")

    class Meta:
        db_table = "alliances_acknowledgement"
        constraints = [models.UniqueConstraint(fields=["circulation", "user"], name="acknowledgement_once")]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.circulation_id}"


class Endorsement(models.Model):
    """A member organisation's endorsement of one specific version of a text."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey("landscape.Stakeholder", on_delete=models.CASCADE, related_name="endorsements")
    purpose = models.ForeignKey(
        "purpose.Purpose", on_delete=models.CASCADE, null=True, blank=True, related_name="endorsements"
    )
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, null=True, blank=True, related_name="endorsements")
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(_("endorsed"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords(table_name="alliances_historicalendorsement")

    class Meta:
        db_table = "alliances_endorsement"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "purpose"],
                condition=models.Q(purpose__isnull=False),
                name="endorse_purpose_once",
            ),
            models.UniqueConstraint(
                fields=["organisation", "charter"],
                condition=models.Q(charter__isnull=False),
                name="endorse_charter_once",
            ),
            models.CheckConstraint(
                condition=models.Q(purpose__isnull=False, charter__isnull=True)
                | models.Q(purpose__isnull=True, charter__isnull=False),
                name="endorse_one_text",
            ),
        ]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.organisation} endorses {self.purpose or self.charter}"
