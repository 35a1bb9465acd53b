"""The alliance's policy purpose (method step 1), kept as numbered versions.

Every edit writes a new version; older versions are never changed, so the alliance can see
how its purpose moved and compare any two versions.
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

    history = HistoricalRecords()

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
            "alliances:purpose_version",
            kwargs={"alliance_slug": self.alliance.slug, "purpose_id": self.pk},
        )

    @property
    def headline(self) -> str:
        """A one-line summary for lists."""
        return (self.change_sought or self.policy or self.problem or "").strip().split("\n")[0][:160]


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind", "version"], name="charter_unique_version"),
        ]
        verbose_name = _("principles or non-negotiables")
        verbose_name_plural = _("principles and non-negotiables")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind", "version"], name="frameworkdoc_unique_version"),
        ]
        verbose_name = _("framework document")
        verbose_name_plural = _("framework documents")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class FrameworkElement(models.Model):
    """One element of how the alliance is organised, and whether it is kept formal (written,
    signed) or informal (flexible)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="framework_elements")
    name = models.CharField(_("element"), max_length=200)
    formal = models.BooleanField(_("formal"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["alliance", "name"], name="frameworkelement_unique_name")]
        verbose_name = _("framework element")
        verbose_name_plural = _("framework elements")

    def __str__(self) -> str:
        return self.name


class Circulation(models.Model):
    """An agreed text sent to every representative; each acknowledgement is tracked."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="circulations")
    purpose = models.ForeignKey(Purpose, on_delete=models.CASCADE, null=True, blank=True, related_name="circulations")
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, null=True, blank=True, related_name="circulations")
    framework_document = models.ForeignKey(
        FrameworkDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="circulations"
    )
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    circulated_at = models.DateTimeField(_("circulated"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("people notified"), default=0)

    history = HistoricalRecords()

    class Meta:
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

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circulation", "user"], name="acknowledgement_once")]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.circulation_id}"


class Endorsement(models.Model):
    """A member organisation's endorsement of one specific version of a text."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey("landscape.Stakeholder", on_delete=models.CASCADE, related_name="endorsements")
    purpose = models.ForeignKey(Purpose, on_delete=models.CASCADE, null=True, blank=True, related_name="endorsements")
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, null=True, blank=True, related_name="endorsements")
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(_("endorsed"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
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
