"""The light organisational framework (method step 5): framework documents generated from the
records, and which elements of the framework are kept formal or informal.

The tables keep the names they had when these models lived in the `alliances` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance
from accord.core.versions import Versioned


class FrameworkDocument(models.Model):
    """A ways-of-working note, terms of reference or memorandum of understanding, generated from
    the alliance's own records. `snapshot` holds the records it was generated from."""

    class Kind(models.TextChoices):
        WAYS_OF_WORKING = "ways_of_working", _("Ways of working")
        TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
        MOU = "mou", _("Memorandum of understanding")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="framework_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    preamble = models.TextField(_("introduction"), blank=True)
    snapshot = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("generated"), default=timezone.now)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        "decisions.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(table_name="alliances_historicalframeworkdocument")

    class Meta:
        db_table = "alliances_frameworkdocument"
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind", "version"], name="frameworkdoc_unique_version"),
        ]
        verbose_name = _("framework document")
        verbose_name_plural = _("framework documents")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class FrameworkElement(Versioned):
    """One element of how the alliance is organised, and whether it is kept formal (written,
    signed) or informal (flexible)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="framework_elements")
    name = models.CharField(_("element"), max_length=200)
    formal = models.BooleanField(_("formal"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(table_name="alliances_historicalframeworkelement")

    class Meta:
        db_table = "alliances_frameworkelement"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["alliance", "name"], name="frameworkelement_unique_name")]
        verbose_name = _("framework element")
        verbose_name_plural = _("framework elements")

    def __str__(self) -> str:
        return self.name
