"""Working groups (minimal for now: the roles model already points at them). Activities and
resources come with the work capability."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance


class WorkingGroup(models.Model):
    class Kind(models.TextChoices):
        CROSS_CUTTING = "cross_cutting", _("Cross-cutting")
        THEMATIC = "thematic", _("Thematic")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.THEMATIC)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["alliance", "name"], name="workinggroup_unique_name")]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name
