"""Step 7, "Build on existing resources": most members declared what they can bring, and the
approved activities are resourced (every need covered, and something committed or "no extra
resources needed")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import capabilities as cap
from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus, Text

DECLARED_SHARE = cap.Threshold(
    key="declared_share_min",
    label=gettext_lazy("members who declared resources (%)"),
    default=80,
    minimum=0,
    maximum=100,
    help_text=gettext_lazy("Step 7 is done when at least this share of the members declared what they can offer."),
    order=70,
)


def resources_step(alliance: Alliance) -> StepStatus:
    """Done when at least `declared_share_min` % of the current members have an open offer and
    every approved or running activity is resourced; in progress once anything was declared.
    Four counting queries, however large the alliance."""
    from accord.work.models import Activity, ActivityStatus
    from accord.work.selectors_resources import member_organisations, resourced_activities, silent_members

    gap_url = reverse("work:gap", kwargs={"alliance_slug": alliance.slug})
    resources_url = reverse("work:resources", kwargs={"alliance_slug": alliance.slug})
    minimum = DECLARED_SHARE.value(alliance)
    members = member_organisations(alliance).count()
    declared = members - silent_members(alliance).count() if members else 0
    running = (ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS)
    approved = Activity.objects.filter(alliance=alliance, status__in=running).count()
    resourced = resourced_activities(alliance, running).count() if approved else 0

    share = round(100 * declared / members) if members else 0
    members_ok = members > 0 and share >= minimum
    activities_ok = resourced == approved
    evidence = [
        Evidence(
            _("%(declared)s of %(members)s members declared what they can offer (%(share)s %%)")
            % {"declared": declared, "members": members, "share": share},
            ok=members_ok,
            url=resources_url,
        ),
        Evidence(
            _("%(resourced)s of %(approved)s approved activities resourced")
            % {"resourced": resourced, "approved": approved}
            if approved
            else _("No approved activity yet, so none waits for resources."),
            ok=activities_ok,
            url=gap_url,
        ),
    ]
    thresholds: list[Text] = [
        _("At least %(n)s %% of the members declare what they can offer") % {"n": minimum},
        _("Every approved activity has its needs covered, and a commitment or no extra resources needed"),
    ]
    if members_ok and activities_ok:
        return StepStatus(state=State.DONE, evidence=evidence, thresholds=thresholds)
    if not members_ok:
        action = (
            _("Ask the members that declared nothing yet what they can bring.")
            if members
            else _("Invite members first: each then declares what it can bring.")
        )
    else:
        action = _("Commit resources to the approved activities that lack them.")
    return StepStatus(
        state=State.IN_PROGRESS if declared else State.TODO,
        evidence=evidence,
        thresholds=thresholds,
        next_action=action,
        next_url=gap_url,
        needs=() if members else (3,),
    )
