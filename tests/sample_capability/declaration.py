"""The test-only capability's declaration: everything the platform shows of it comes from here."""

from typing import Any

from django.utils import timezone

from accord.core import capabilities as cap
from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus
from tests.sample_capability.models import Motion


def _apply(*, record: Motion, proposal: Any) -> None:
    record.agreed_at = timezone.now()
    record.agreed_by = proposal
    record.save(update_fields=["agreed_at", "agreed_by"])


def _refuse(motion: Motion) -> str:
    return (
        "This motion is already agreed."
        if Motion.objects.filter(pk=motion.pk, agreed_at__isnull=False).exists()
        else ""
    )


def motions_step(alliance: Alliance) -> StepStatus:
    agreed = Motion.objects.filter(alliance=alliance, agreed_at__isnull=False).count()
    wanted = cap.threshold("motions_needed").value(alliance)
    return StepStatus(
        state=State.DONE if agreed >= wanted else State.IN_PROGRESS,
        evidence=[Evidence(f"{agreed} of {wanted} motions agreed", agreed >= wanted)],
    )


capability = cap.register(
    cap.Capability(
        label="sample_capability",
        url_prefix="motions/",
        urls="tests.sample_capability.urls",
        api_routers=(cap.ApiRouter("tests.sample_capability.api.router", "motions (tests only)"),),
        nav=(cap.NavEntry("Motions", "sample_capability:list", order=99, perm="sample_capability.view_motions"),),
        thresholds=(cap.Threshold("motions_needed", "motions to agree", default=2, minimum=1, maximum=9, order=99),),
        steps=((9, motions_step),),
        subjects=(
            cap.DecisionSubject(
                key="motion",
                label="Agree a motion",
                model="sample_capability.Motion",
                records=lambda alliance: Motion.objects.filter(alliance=alliance, agreed_at__isnull=True),
                refuse=_refuse,
                apply=_apply,
                url=lambda m: f"/a/{m.alliance.slug}/motions/{m.pk}/",
                describe=lambda m: f"Motion: {m.title}",
                api_field="motion_id",
            ),
        ),
    )
)
