"""Work: working groups, activities with an owner and the means to do them, and the resources
member organisations declare (method steps 5d–e and 7).

The method's rules that shape these tables:

- no activity is approved without an owner organisation (a member) and either resources
  committed to it or an explicit "no extra resources needed" (`Activity.no_extra_resources`);
- the alliance does not micro-manage whoever took an activity on: only the owner's people change
  its status and progress, everyone else comments (`ActivityComment`);
- the alliance builds first on what members already have: each member declares what it offers
  (`ResourceOffer`), activities say what they need (`ResourceNeed`), and offers are committed to
  activities in a role (`Commitment`), never beyond what was offered.

Every table carries `alliance` itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance
from accord.core.versions import Versioned

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager

    from accord.landscape.models import Stakeholder


class WorkingGroup(Versioned):
    """A group of member organisations that takes on one part of the work: cross-cutting (budget
    tracking, relations with parliament) or thematic (extension policy). Its lead is a
    working-group-lead role term (membership.SeatRole.working_group). Closed when its need has
    passed; a closed group keeps its record and takes no new activities."""

    class Kind(models.TextChoices):
        CROSS_CUTTING = "cross_cutting", _("Cross-cutting")
        THEMATIC = "thematic", _("Thematic")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.THEMATIC)
    description = models.TextField(
        _("purpose"), blank=True, help_text=_("What the group is for and how it serves the alliance's purpose.")
    )
    members: models.ManyToManyField[Stakeholder, GroupMember] = models.ManyToManyField(
        "landscape.Stakeholder", through="GroupMember", related_name="working_groups", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("why it closed"), blank=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        activities: RelatedManager[Activity]

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["alliance", "name"], name="workinggroup_unique_name")]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class GroupMember(models.Model):
    """A member organisation taking part in a working group. An organisation may be in several
    groups or none."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="group_members")
    stakeholder = models.ForeignKey("landscape.Stakeholder", on_delete=models.CASCADE, related_name="+")
    joined_on = models.DateField(_("joined"), default=dt.date.today)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "stakeholder"], name="groupmember_once")]
        ordering = ["stakeholder__name"]
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")

    def __str__(self) -> str:
        return f"{self.stakeholder_id} in {self.group_id}"


class ApprovalRule(models.TextChoices):
    """Who approves an activity: the members by a decision (a proposal), or the co-chairs."""

    DECISION = "decision", _("By a decision of the members")
    CO_CHAIRS = "co_chairs", _("By the co-chairs")


class WorkSettings(models.Model):
    """The alliance's choices for its work (one row per alliance, created on first read)."""

    alliance = models.OneToOneField(Alliance, on_delete=models.CASCADE, related_name="work_settings")
    approval = models.CharField(
        _("activities are approved"), max_length=12, choices=ApprovalRule.choices, default=ApprovalRule.DECISION
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("weekly digest on"),
        default=0,
        validators=[MaxValueValidator(6)],
        help_text=_("0 is Monday, 6 is Sunday, in the alliance's time zone."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work settings")
        verbose_name_plural = _("work settings")

    def __str__(self) -> str:
        return f"work settings of {self.alliance_id}"


class ActivityStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Activity(Versioned):
    """One piece of the alliance's work, taken on by a member organisation.

    Status runs proposed → approved → in progress → done, or to dropped (with a reason) from any
    status before done. Progress (0–100) is the owner's own estimate; done is 100."""

    Status = ActivityStatus

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True, help_text=_("One per line."))
    serves_purpose = models.TextField(
        _("how it serves the purpose"),
        blank=True,
        help_text=_("Which part of the agreed purpose this moves forward, in a sentence."),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    owner = models.ForeignKey(
        "landscape.Stakeholder",
        verbose_name=_("owner organisation"),
        # RESTRICT, not PROTECT: a member organisation that owns activities cannot be deleted on
        # its own, but deleting the whole alliance (the demo's reset) takes both with it.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="owned_activities",
        help_text=_("The member organisation that takes the activity on."),
    )
    responsible = models.ForeignKey(
        "membership.Seat",
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("A representative of the owner organisation."),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    no_extra_resources = models.BooleanField(
        _("no extra resources needed"),
        default=False,
        help_text=_("The owner can do it with what it already has."),
    )
    drop_reason = models.TextField(_("why it was dropped"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Approved by a passed proposal, or by a co-chair (approved_by_user) when the alliance lets
    # its co-chairs approve.
    approved_by = models.ForeignKey(
        "decisions.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Reminders already sent, so each goes once: the due date reminded about (a new due date is
    # reminded again) and the day the overdue reminder went.
    deadline_reminded_for = models.DateField(null=True, blank=True, editable=False)
    overdue_reminded_for = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        needs: RelatedManager[ResourceNeed]
        commitments: RelatedManager[Commitment]
        comments: RelatedManager[ActivityComment]

    class Meta:
        ordering = [F("due_on").asc(nulls_last=True), "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(starts_on__isnull=True) | Q(due_on__gte=F("starts_on")),
                name="activity_due_after_start",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="activity_progress_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["alliance", "status", "due_on"], name="activity_board"),
            models.Index(fields=["alliance", "owner"], name="activity_owner"),
            models.Index(fields=["alliance", "working_group"], name="activity_group"),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS)

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today


class ActivityComment(models.Model):
    """What someone who does not own an activity has to say about it (and the owner's replies)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.activity_id}"


class ResourceKind(models.TextChoices):
    """What a member can bring. Time is counted in person-days, money in a currency; skills,
    in-kind support and relationships are described, with a count when one makes sense."""

    TIME = "time", _("People's time")
    SKILLS = "skills", _("Technical skills")
    MONEY = "money", _("Money")
    IN_KIND = "in_kind", _("In-kind support")
    RELATIONSHIPS = "relationships", _("Relationships and access")


class CommitmentRole(models.TextChoices):
    """The part an organisation plays in an activity (after IATI's organisation roles)."""

    FUNDING = "funding", _("Funding")
    ACCOUNTABLE = "accountable", _("Accountable")
    EXTENDING = "extending", _("Extending")
    IMPLEMENTING = "implementing", _("Implementing")


class ResourceOffer(Versioned):
    """What one member organisation declares it can offer the alliance, and when."""

    Kind = ResourceKind

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="resource_offers")
    stakeholder = models.ForeignKey(
        "landscape.Stakeholder",
        verbose_name=_("member organisation"),
        on_delete=models.CASCADE,
        related_name="resource_offers",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    description = models.CharField(_("what is offered"), max_length=300)
    # Person-days for time, an amount of `currency` for money, an optional count otherwise.
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("For money: ISO code, e.g. GEL."))
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        commitments: RelatedManager[Commitment]

    class Meta:
        ordering = ["stakeholder__name", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="offer_available_in_order",
            ),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0), name="offer_amount_positive"),
        ]
        indexes = [models.Index(fields=["alliance", "stakeholder"], name="offer_member")]
        verbose_name = _("resource offer")
        verbose_name_plural = _("resource offers")

    def __str__(self) -> str:
        return self.description


class ResourceNeed(models.Model):
    """What an activity needs that its owner does not have: covered by commitments of the same
    kind (and, for money, the same currency)."""

    Kind = ResourceKind

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    description = models.CharField(_("what is needed"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0), name="need_amount_positive"),
        ]
        verbose_name = _("resource need")
        verbose_name_plural = _("resource needs")

    def __str__(self) -> str:
        return self.description


class Commitment(models.Model):
    """Part of an offer committed to one activity, in a role. The commitments of an offer never
    add up to more than it offered."""

    Role = CommitmentRole

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="commitments")
    # RESTRICT: an offer with commitments is not deleted alone, but goes with its alliance.
    offer = models.ForeignKey(ResourceOffer, on_delete=models.RESTRICT, related_name="commitments")
    role = models.CharField(_("role"), max_length=16, choices=CommitmentRole.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    committed_at = models.DateTimeField(default=timezone.now)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["committed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="commitment_amount_positive"
            ),
        ]
        indexes = [models.Index(fields=["alliance", "activity"], name="commitment_activity")]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.activity_id}"


class DigestSent(models.Model):
    """The weekly digest that went to one person of one alliance, so each week's goes once."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    seat = models.ForeignKey("membership.Seat", on_delete=models.CASCADE, related_name="+")
    week_of = models.DateField()  # the Monday of the week, in the alliance's zone
    sent_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seat", "week_of"], name="digest_once_a_week")]

    def __str__(self) -> str:
        return f"digest {self.seat_id} {self.week_of}"


ZERO = Decimal("0")
