"""The alliance's policy purpose (method step 1), kept as numbered versions.

Every edit writes a new version; older versions are never changed, so the alliance can see
how its purpose moved and compare any two versions.

The tables keep the names they had when these models lived in the `alliances` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance


class Purpose(models.Model):
    class ProblemKind(models.TextChoices):
        NO_POLICY = "no_policy", _("There is no policy")
        HARMFUL = "harmful", _("The policy is harmful or inadequate")
        ENFORCEMENT = "enforcement", _("The policy is poorly enforced or under-funded")

    class Controversy(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="purposes")
    version = models.PositiveIntegerField(_("version"))
    problem = models.TextField(_("policy problem"), blank=True)
    problem_kind = models.CharField(_("kind of problem"), max_length=16, choices=ProblemKind.choices, blank=True)
    policy = models.CharField(
        _("policy, law or budget line"),
        max_length=300,
        blank=True,
        help_text=_("For example: the law on agricultural cooperatives."),
    )
    decision_maker = models.CharField(
        _("who decides"),
        max_length=300,
        blank=True,
        help_text=_("The body or official who can make the change, such as the parliament's agriculture committee."),
    )
    change_sought = models.TextField(_("change sought"), blank=True)
    measure = models.CharField(_("measure of success"), max_length=300, blank=True)
    target = models.CharField(_("target value"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    resources_needed = models.TextField(_("resources needed"), blank=True)
    controversy = models.CharField(_("controversy"), max_length=8, choices=Controversy.choices, blank=True)
    risk_of_acting = models.TextField(_("risk of acting"), blank=True)
    risk_of_silence = models.TextField(_("risk of staying silent"), blank=True)
    added_value = models.TextField(
        _("what allying adds"),
        blank=True,
        help_text=_("Why work together rather than alone: whose voice, access or resources does the alliance bring?"),
    )
    change_note = models.CharField(_("what changed in this version"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    # Set when a proposal to agree this version passes (method step 4).
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        "decisions.Proposal",
        verbose_name=_("agreed by decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(table_name="alliances_historicalpurpose")

    # The fields a person writes; versions are compared on these.
    CONTENT_FIELDS = (
        "problem",
        "problem_kind",
        "policy",
        "decision_maker",
        "change_sought",
        "measure",
        "target",
        "deadline",
        "resources_needed",
        "controversy",
        "risk_of_acting",
        "risk_of_silence",
        "added_value",
    )

    class Meta:
        db_table = "alliances_purpose"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "version"], name="purpose_unique_version"),
        ]
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")

    def __str__(self) -> str:
        return f"{self.alliance} — v{self.version}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "purpose:version",
            kwargs={"alliance_slug": self.alliance.slug, "purpose_id": self.pk},
        )

    @property
    def headline(self) -> str:
        """A one-line summary for lists."""
        return (self.change_sought or self.policy or self.problem or "").strip().split("\n")[0][:160]
