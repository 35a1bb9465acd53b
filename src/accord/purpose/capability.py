"""What the purpose capability (method step 1) brings to the platform."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap
from accord.purpose.models import Purpose
from accord.purpose.roadmap import purpose_step


def _refuse(purpose: Purpose) -> str:
    # Read from the database: the caller's copy may predate another decision.
    if Purpose.objects.filter(pk=purpose.pk, agreed_at__isnull=False).exists():
        return str(_("This version is already agreed."))
    return ""


def _apply(*, record: Purpose, proposal: Any) -> None:
    from accord.purpose.services import purpose_agree

    if record.agreed_at is None:
        purpose_agree(purpose=record, proposal=proposal)


def _version_url(purpose: Purpose) -> str:
    return reverse("purpose:version", kwargs={"alliance_slug": purpose.alliance.slug, "purpose_id": purpose.pk})


def _agreement_url(purpose: Purpose) -> str:
    return reverse("charters:purpose", kwargs={"alliance_slug": purpose.alliance.slug, "purpose_id": purpose.pk})


def _describe(purpose: Purpose) -> str:
    return str(_("Purpose, version %(v)s") % {"v": purpose.version})


capability = cap.register(
    cap.Capability(
        label="purpose",
        url_prefix="purpose/",
        urls="accord.purpose.urls",
        api_routers=(cap.ApiRouter("accord.purpose.api.router", "purpose"),),
        nav=(cap.NavEntry(_("Purpose"), "purpose:current", order=10, perm="purpose.view_purpose"),),
        steps=((1, purpose_step),),
        subjects=(
            cap.DecisionSubject(
                key="purpose",
                label=_("Agree a purpose version"),
                model="purpose.Purpose",
                records=lambda alliance: Purpose.objects.filter(alliance=alliance, agreed_at__isnull=True),
                refuse=_refuse,
                apply=_apply,
                url=_version_url,
                describe=_describe,
                api_field="purpose_id",
                order=10,
            ),
        ),
        texts=(
            cap.TextKind(
                key="purpose",
                label=_("Purpose"),
                model="purpose.Purpose",
                is_agreed=lambda p: p.agreed_at is not None,
                url=_agreement_url,
                describe=_describe,
                endorsable=True,
            ),
        ),
    )
)
