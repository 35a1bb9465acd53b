"""Every organisation or individual an alliance knows is one Stakeholder row of that alliance.

The foundation keeps the minimal form: who it is, the method's category, its scope, optional
political orientation and whether it represents the affected population. The landscape
capability adds assessments, ties and targets to this same model.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance


class StakeholderType(models.TextChoices):
    LOCAL_NGO = "local_ngo", _("Local NGO")
    INGO = "ingo", _("International NGO")
    MEMBER_BASED = "member_based", _("Member-based organisation")
    WOMENS_RIGHTS = "womens_rights", _("Women's rights or feminist organisation")
    DONOR_MULTILATERAL = "donor_multilateral", _("Donor: multilateral")
    DONOR_BILATERAL = "donor_bilateral", _("Donor: bilateral")
    DONOR_FOUNDATION = "donor_foundation", _("Donor: foundation")
    ACADEMIC = "academic", _("Academic or research institution")
    OTHER_SECTOR = "other_sector", _("Other-sector organisation (think-tank, environmental…)")
    PRIVATE = "private", _("Private sector")
    NATIONAL_GOVERNMENT = "national_government", _("National government")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    PARLIAMENT = "parliament", _("Parliament")
    RELIGIOUS_TRADITIONAL = "religious_traditional", _("Religious or traditional leader")
    MEDIA = "media", _("Media")
    UN_AGENCY = "un_agency", _("UN agency")
    EXPERT = "expert", _("Individual expert")


class Scope(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    LOCAL = "local", _("Local")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class Stakeholder(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=StakeholderType.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.NATIONAL)
    political_orientation = models.CharField(
        _("political orientation"),
        max_length=80,
        blank=True,
        help_text=_("Optional. Record it only where civil society is organised along party lines."),
    )
    represents_affected_population = models.BooleanField(_("represents the affected population"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="stakeholder_unique_name"),
        ]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name
