"""Principles and non-negotiables (method step 4), and the circulation and endorsement of any
agreed text: what a capability registers as circulable (`core.capabilities.TextKind`).

The tables keep the names they had when these models lived in the `alliances` app.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core import capabilities
from accord.core.capabilities import TextKind
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


class _TextRecord:
    """The circulated or endorsed text, read through the capability that declares its kind."""

    subject: str
    record_id: int
    alliance: Alliance

    @property
    def kind(self) -> TextKind | None:
        return capabilities.text_kind(self.subject)

    @cached_property
    def record(self) -> Any:
        kind = self.kind
        return kind.get(self.alliance, self.record_id) if kind else None

    # The two kinds charters' own pages and emails present in full.
    @property
    def purpose(self) -> Any:
        return self.record if self.subject == "purpose" else None

    @property
    def charter(self) -> Charter | None:
        return self.record if self.subject == "charter" else None


class Circulation(_TextRecord, models.Model):
    """An agreed text sent to every representative; each acknowledgement is tracked."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="circulations")
    # A key of accord.core.capabilities.text_kinds() and the id of that text's record.
    subject = models.CharField(_("text"), max_length=40)
    record_id = models.PositiveBigIntegerField()
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    circulated_at = models.DateTimeField(_("circulated"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("people notified"), default=0)

    history = HistoricalRecords(table_name="alliances_historicalcirculation")

    class Meta:
        db_table = "alliances_circulation"
        ordering = ["-circulated_at"]
        indexes = [models.Index(fields=["alliance", "subject", "record_id"], name="circulation_text")]
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")

    def __str__(self) -> str:
        return f"{self.subject} {self.record_id} @ {self.circulated_at:%Y-%m-%d}"


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


class Endorsement(_TextRecord, models.Model):
    """A member organisation's endorsement of one specific version of a text."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey("landscape.Stakeholder", on_delete=models.CASCADE, related_name="endorsements")
    subject = models.CharField(_("text"), max_length=40)
    record_id = models.PositiveBigIntegerField()
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(_("endorsed"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords(table_name="alliances_historicalendorsement")

    class Meta:
        db_table = "alliances_endorsement"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "subject", "record_id"], name="endorse_text_once"),
        ]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.organisation} endorses {self.subject} {self.record_id}"
