"""What the work capability brings: working groups, activities that are approved only with an
owner and the means to do them, the board and timeline, the members' resource inventory and the
gap between what activities need and what members committed (method steps 5d–e and 7)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap
from accord.work.roadmap import activities_step
from accord.work.roadmap_resources import DECLARED_SHARE, resources_step

RECORDS_OFFERED = 200


def _proposed(alliance: Any) -> Any:
    """The proposed activities the members may be asked to approve now: those with an owner and
    the means (the newest few hundred, so the proposal form stays light however many there are)."""
    from django.db.models import Exists, OuterRef, Q

    from accord.work.models import Activity, Commitment

    means = Q(no_extra_resources=True) | Exists(Commitment.objects.filter(activity=OuterRef("pk")))
    return (
        Activity.objects.filter(alliance=alliance, status=Activity.Status.PROPOSED, owner__isnull=False)
        .filter(means)
        .order_by("-created_at", "-pk")[:RECORDS_OFFERED]
    )


def _refuse(activity: Any) -> str:
    """Why this activity cannot be put to the members: not proposed any more, or missing what
    the method asks before approval. Read from the database, since the caller's copy may be old."""
    from accord.work.models import Activity
    from accord.work.services import approval_refusal

    fresh = Activity.objects.filter(pk=activity.pk).first()
    return approval_refusal(fresh) if fresh is not None else str(_("This activity no longer exists."))


def _apply(*, record: Any, proposal: Any) -> None:
    """A passed proposal approves the activity, if the method's rule still holds when it closes
    (an owner and the means). If the activity lost its owner or its resources meanwhile, or was
    approved by another proposal, it stays as it is: the proposal's outcome is kept, and the
    activity's page says what is missing."""
    from accord.work.services import activity_approve, approval_refusal

    if not approval_refusal(record):
        activity_approve(activity=record, proposal=proposal)


def _url(activity: Any) -> str:
    return reverse("work:activity", kwargs={"alliance_slug": activity.alliance.slug, "activity_id": activity.pk})


capability = cap.register(
    cap.Capability(
        label="work",
        url_prefix="work/",
        urls="accord.work.urls",
        nav=(cap.NavEntry(_("Work"), "work:board", order=45, perm="work.view"),),
        thresholds=(
            cap.Threshold(
                "resourced_share_min",
                _("activities with an owner and the means (%)"),
                default=80,
                minimum=0,
                maximum=100,
                help_text=_(
                    "Step 5: the share of approved activities that must have an owner and committed resources."
                ),
            ),
            # Step 7's threshold (the resource inventory and the gap).
            DECLARED_SHARE,
        ),
        # Step 5's activities part; step 7 (the resource inventory and the gap).
        steps=((5, activities_step), (7, resources_step)),
        subjects=(
            cap.DecisionSubject(
                key="activity",
                label=_("Approve an activity"),
                model="work.Activity",
                texts_only=False,
                records=_proposed,
                refuse=_refuse,
                apply=_apply,
                url=_url,
                describe=str,
                api_field="activity_id",
                order=80,
            ),
        ),
        demo=((75, "accord.work.demo.build"),),
        reminders=("accord.work.reminders.run",),
        api_routers=(cap.ApiRouter("accord.work.api.router", "work"),),
    )
)
