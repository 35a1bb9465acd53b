"""What the charters capability (principles and non-negotiables, method step 4) brings: a
decision subject, two endorsable texts and the circulation of every declared text."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.charters.models import Charter
from accord.charters.roadmap import agreement_step
from accord.charters.services import charter_agree
from accord.core import capabilities as cap


def _url(charter: Charter) -> str:
    return reverse("charters:version", kwargs={"alliance_slug": charter.alliance.slug, "charter_id": charter.pk})


def _describe(charter: Charter) -> str:
    return str(_("%(kind)s, version %(v)s") % {"kind": charter.get_kind_display(), "v": charter.version})


capability = cap.register(
    cap.Capability(
        label="charters",
        url_prefix="charters/",
        urls="accord.charters.urls",
        api_routers=(cap.ApiRouter("accord.charters.api.router", "principles and framework"),),
        nav=(cap.NavEntry(_("Principles"), "charters:overview", order=50, perm="charters.view_charters"),),
        steps=((4, agreement_step),),
        subjects=(
            cap.agreement_subject(
                key="charter",
                label=_("Agree principles or non-negotiables"),
                model=Charter,
                decided_at="agreed_at",
                decide=lambda charter, proposal: charter_agree(charter=charter, proposal=proposal),
                url=_url,
                describe=_describe,
                api_field="charter_id",
                order=20,
            ),
        ),
        texts=(
            cap.TextKind(
                key="charter",
                label=_("Principles or non-negotiables"),
                model="charters.Charter",
                is_agreed=lambda c: c.agreed_at is not None,
                url=_url,
                describe=_describe,
                endorsable=True,
            ),
        ),
        demo=((60, "accord.charters.demo.build_charters"), (80, "accord.charters.demo.build_circulations")),
    )
)
