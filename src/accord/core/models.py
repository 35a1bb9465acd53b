"""The tenant (Alliance), the vocabulary of roles, and the messages Accord sent (Notice).

A person's place in an alliance (Seat and its dated roles) belongs to membership.

Every table holding an alliance's records carries `alliance` itself, so each query filters on it
and the tables can later be distributed by alliance.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone as djtz
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.versions import Versioned

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager

    from accord.membership.models import Seat, SeatRole


def default_languages() -> list[str]:
    return ["en"]


def default_target_mix() -> dict[str, object]:
    """The membership mix an alliance aims for (landscape composition view): at least one
    member of each listed type and scope, and one representing the affected population."""
    return {
        "kinds": ["local_ngo", "member_based", "womens_rights", "academic"],
        "scopes": ["grassroots", "national"],
        "affected_population": True,
    }


class Alliance(Versioned):
    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country or region"), max_length=120, blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    languages = models.JSONField(_("working languages"), default=default_languages)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.FORMING)
    created_at = models.DateTimeField(_("created"), default=djtz.now)

    # Settings: the thresholds the roadmap and the health check use. Shown where they are used.
    meeting_cadence_days = models.PositiveSmallIntegerField(
        _("meet about every (days)"),
        default=60,
        validators=[MinValueValidator(7), MaxValueValidator(366)],
        help_text=_("Two months is a good start; meet more often in intense moments."),
    )
    survey_anonymity_k = models.PositiveSmallIntegerField(
        _("survey anonymity threshold"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text=_("Survey results appear only when at least this many members answered."),
    )
    min_accepted_members = models.PositiveSmallIntegerField(
        _("members needed to form the alliance"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
    )
    recent_window_days = models.PositiveSmallIntegerField(
        _("'recent' means within (days)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(1000)],
        help_text=_("Used for 'a survey in the last year', 'engagement logged recently' and the like."),
    )
    ingo_share_max = models.PositiveSmallIntegerField(
        _("highest healthy INGO share of leadership (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    grassroots_share_min = models.PositiveSmallIntegerField(
        _("lowest healthy share of grassroots or affected-population members (%)"),
        default=20,
        validators=[MaxValueValidator(100)],
    )
    participation_min = models.PositiveSmallIntegerField(
        _("lowest healthy attendance per member (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    dormant_after_days = models.PositiveSmallIntegerField(
        _("a member is dormant after (days without taking part)"),
        default=180,
        validators=[MinValueValidator(30), MaxValueValidator(1000)],
    )

    target_mix = models.JSONField(_("membership mix to aim for"), default=default_target_mix)
    # Thresholds declared by capabilities that have no column here: {key: value}. Read them with
    # accord.core.capabilities.threshold(key).value(alliance), which falls back to the default.
    thresholds = models.JSONField(_("other thresholds"), default=dict, blank=True)
    co_chair_min = models.PositiveSmallIntegerField(
        _("co-chairs needed"), default=2, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    secretariat_reminder_days = models.PositiveSmallIntegerField(
        _("remind the next secretariat (days before hand-over)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    invitation_valid_days = models.PositiveSmallIntegerField(
        _("invitations expire after (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    history = HistoricalRecords()

    if TYPE_CHECKING:
        seats: RelatedManager[Seat]
        seat_roles: RelatedManager[SeatRole]

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("alliances:home", kwargs={"alliance_slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The alliance's time zone (UTC if the stored name is unknown to this machine)."""
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def today(self, at: dt.datetime | None = None) -> dt.date:
        """Today's date where the alliance works (at the instant `at`, default now). Every
        alliance date (role terms, invitations, assessments, closing days, "as of" views) is read
        against this, never the server's day: around midnight the two differ."""
        return (at or djtz.now()).astimezone(self.zone).date()

    def local(self, moment: dt.datetime) -> dt.datetime:
        """`moment` as a wall-clock time in the alliance's zone."""
        return moment.astimezone(self.zone)

    def aware(self, naive: dt.datetime) -> dt.datetime:
        """A time typed without a zone means the alliance's local time."""
        if djtz.is_aware(naive):
            return naive
        return naive.replace(tzinfo=self.zone)


class Role(models.TextChoices):
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    REPRESENTATIVE = "representative", _("Member representative")
    WG_LEAD = "wg_lead", _("Working-group lead")
    OBSERVER = "observer", _("Observer")
    EVALUATOR = "evaluator", _("Evaluator")


class Notice(models.Model):
    """A message Accord sent to a person, kept so every email can also be read in the product.

    Rendered in the recipient's language when it is created."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", null=True, blank=True
    )
    # An address without an account yet (an invitation).
    email = models.EmailField(_("email"))
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    url = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(_("sent"), default=djtz.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["alliance", "recipient", "-created_at"], name="notice_inbox")]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.subject
