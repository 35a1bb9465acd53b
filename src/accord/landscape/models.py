"""Every organisation or individual an alliance knows is one Stakeholder row of that alliance.

The foundation keeps the minimal form: who it is, the method's category, its scope, optional
political orientation and whether it represents the affected population. The landscape
capability adds assessments, ties and targets to this same model.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance
from accord.core.versions import Versioned


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


class MembershipStatus(models.TextChoices):
    """A stakeholder's standing with the alliance (DESIGN: being a member is a status of the
    stakeholder, not a second kind of organisation). The membership capability moves it along
    candidate -> invited -> member -> left or declined; the landscape reads it to filter and count."""

    CANDIDATE = "candidate", _("Candidate")
    INVITED = "invited", _("Invited")
    MEMBER = "member", _("Member")
    LEFT = "left", _("Left")
    DECLINED = "declined", _("Declined")


class Stakeholder(Versioned):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=200)
    is_individual = models.BooleanField(
        _("individual"),
        default=False,
        help_text=_("A person (an official, a candidate, an expert) rather than an organisation."),
    )
    organisation = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        help_text=_("For an individual: the organisation they work in, such as a ministry."),
    )
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
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    unlikely_suspect = models.BooleanField(
        _("unlikely suspect"),
        default=False,
        help_text=_("Someone outside the usual circle who could bring surprising influence or legitimacy."),
    )
    is_target = models.BooleanField(
        _("target"), default=False, help_text=_("A power holder the alliance wants to move.")
    )
    target_ask = models.TextField(_("what we want from them"), blank=True)
    # An identifier from an imported file (Kumu, GraphML), kept so re-imports match rows.
    external_id = models.CharField(_("external id"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

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


class Assessment(models.Model):
    """A dated, signed judgement of a stakeholder. The latest one is current; older ones stay,
    so positions have a history and the map can be drawn as of any past date."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="assessments")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    # -2 strongly against … +2 strongly for; NULL means unknown.
    position = models.SmallIntegerField(
        _("position on the purpose"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
    )
    influence = models.PositiveSmallIntegerField(_("influence"), validators=[MaxValueValidator(5)])
    interest = models.PositiveSmallIntegerField(_("interest"), validators=[MaxValueValidator(5)])
    evidence = models.TextField(_("evidence or reason"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["alliance", "stakeholder", "-assessed_on"], name="assessment_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(position__gte=-2, position__lte=2),
                name="assessment_position_range",
            ),
            models.CheckConstraint(condition=Q(influence__lte=5), name="assessment_influence_range"),
            models.CheckConstraint(condition=Q(interest__lte=5), name="assessment_interest_range"),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.stakeholder} @ {self.assessed_on}"


class Tie(Versioned):
    """A directed relation between two stakeholders of the same alliance."""

    class Kind(models.TextChoices):
        INFLUENCES = "influences", _("influences")
        FUNDS = "funds", _("funds")
        MEMBER_OF = "member_of", _("is a member of")
        ALLIED_WITH = "allied_with", _("is allied with")
        OPPOSES = "opposes", _("opposes")
        REPORTS_TO = "reports_to", _("reports to")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey(Stakeholder, verbose_name=_("from"), on_delete=models.CASCADE, related_name="ties_out")
    target = models.ForeignKey(Stakeholder, verbose_name=_("to"), on_delete=models.CASCADE, related_name="ties_in")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INFLUENCES)
    strength = models.PositiveSmallIntegerField(
        _("strength"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source__name", "target__name"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="tie_not_self"),
            models.CheckConstraint(condition=Q(strength__gte=1, strength__lte=3), name="tie_strength_range"),
            models.UniqueConstraint(fields=["source", "target", "kind"], name="tie_unique"),
        ]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class GraphCache(models.Model):
    """Results too slow for a request (network layout, brokers, analytics, suggestions), computed
    in the background and kept until what they read changes. `fingerprint` identifies the records
    they were computed from; the refresh columns say whether a refresh is asked for, running, or
    failed (the last good `data` stays in place when one fails)."""

    class Kind(models.TextChoices):
        LAYOUT = "layout", _("network layout")
        BROKERS = "brokers", _("brokers")
        ANALYTICS = "analytics", _("analytics")
        SUGGESTIONS = "suggestions", _("suggestions")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="graph_caches")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    fingerprint = models.CharField(max_length=64)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)
    # The refresh: what it was asked for, since when it runs (one at a time per alliance and
    # kind), how far it is (percent), and when and why the last one failed.
    requested_fingerprint = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(
        excluded_fields=["data", "requested_fingerprint", "requested_at", "started_at", "progress"]
    )  # results, not records: keep history small

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alliance", "kind"], name="graphcache_one_per_kind")]
        verbose_name = _("graph cache")
        verbose_name_plural = _("graph caches")

    def __str__(self) -> str:
        return f"{self.kind} ({self.alliance_id})"


class ImportJob(models.Model):
    """An import: always previewed (dry run) before one atomic commit."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        KUMU = "kumu", "Kumu JSON"
        GRAPHML = "graphml", "GraphML"

    class Status(models.TextChoices):
        PENDING = "pending", _("Reading the file")
        PREVIEWED = "previewed", _("Ready to review")
        COMMITTING = "committing", _("Importing")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Could not be read")
        DISCARDED = "discarded", _("Discarded")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(_("file"), max_length=255)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # The parsed, normalised rows and what was found wrong with them; the commit uses these.
    preview = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    committed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["preview", "processed_rows"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename

    @property
    def blocked(self) -> bool:
        """Read, but with problems that stop the commit: not ready to review."""
        return self.status == self.Status.PREVIEWED and bool(self.errors)

    @property
    def badge_class(self) -> str:
        return "blocked" if self.blocked else str(self.status)

    @property
    def badge_label(self) -> str:
        return str(_("Has problems to fix")) if self.blocked else str(self.get_status_display())


class ExportLog(models.Model):
    """Every export of the map is logged: who took what, when."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="export_logs")
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    exported_at = models.DateTimeField(default=timezone.now)
    format = models.CharField(max_length=8)
    rows = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.format} @ {self.exported_at:%Y-%m-%d}"


class ImportValueMapping(models.Model):
    """What a value from another tool's file (a Kumu element type "Organization", a connection
    type "influence") was read as at this alliance's imports, offered first at the next one."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="import_value_mappings")
    column = models.CharField(max_length=16)  # type, scope, kind or strength
    value_key = models.CharField(max_length=60)  # the file's value, folded (importing.mapping.key)
    value = models.CharField(max_length=32)  # one of Accord's values for that column
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alliance", "column", "value_key"], name="one_mapping_per_value"),
        ]

    def __str__(self) -> str:
        return f"{self.column}: {self.value_key} -> {self.value}"
