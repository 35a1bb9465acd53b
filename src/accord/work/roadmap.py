"""Step 5's activities part: the alliance's work is taken on by members, each approved activity
with an owner organisation and the means to do it."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core import capabilities as cap
from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus, Text

RESOURCED_SHARE = "resourced_share_min"


def activities_step(alliance: Alliance) -> StepStatus:
    """Done when at least one activity is approved and at least `resourced_share_min` % of the
    approved ones (approved, in progress or done) still have an owner and the means: resources
    committed to them or "no extra resources needed". One query."""
    from accord.work.models import Activity, ActivityStatus, Commitment

    board = reverse("work:board", kwargs={"alliance_slug": alliance.slug})
    means = Q(no_extra_resources=True) | Q(has_commitment=True)
    approved = Q(status__in=(ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS, ActivityStatus.DONE))
    got = (
        Activity.objects.filter(alliance=alliance)
        .annotate(has_commitment=Exists(Commitment.objects.filter(activity=OuterRef("pk"))))
        .aggregate(
            approved=Count("pk", filter=approved),
            resourced=Count("pk", filter=approved & Q(owner__isnull=False) & means),
            proposed=Count("pk", filter=Q(status=ActivityStatus.PROPOSED)),
        )
    )
    share_min = cap.threshold(RESOURCED_SHARE).value(alliance)
    thresholds: list[Text] = [
        _("At least %(n)s %% of approved activities with an owner and the means") % {"n": share_min}
    ]
    n_approved, n_resourced, n_proposed = got["approved"], got["resourced"], got["proposed"]
    share = round(100 * n_resourced / n_approved) if n_approved else 0
    evidence = [
        Evidence(
            ngettext(
                "%(n)s activity approved; %(r)s with an owner and the means (%(share)s %%)",
                "%(n)s activities approved; %(r)s with an owner and the means (%(share)s %%)",
                n_approved,
            )
            % {"n": n_approved, "r": n_resourced, "share": share}
            if n_approved
            else _("No activity approved yet."),
            ok=bool(n_approved) and share >= share_min,
            url=board + "?status=approved",
        )
    ]
    if n_proposed:
        evidence.append(
            Evidence(
                ngettext(
                    "%(n)s proposed activity waits for approval",
                    "%(n)s proposed activities wait for approval",
                    n_proposed,
                )
                % {"n": n_proposed},
                ok=True,
                url=board + "?status=proposed",
            )
        )
    if n_approved and share >= share_min:
        return StepStatus(
            state=State.DONE,
            evidence=evidence,
            next_action=_("Keep the board up to date: the owners report progress."),
            next_url=board,
            thresholds=thresholds,
        )
    if n_approved:
        action = _("Give the approved activities that lack them an owner and the means (committed resources).")
    elif n_proposed:
        action = _("Give a proposed activity an owner and the means, then approve it.")
    else:
        action = _("Propose the first activity: who does what, by when, with what.")
    return StepStatus(
        state=State.IN_PROGRESS if (n_approved or n_proposed) else State.TODO,
        evidence=evidence,
        next_action=action,
        next_url=board,
        thresholds=thresholds,
    )
