"""What the purpose capability (method step 1) brings to the platform."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap
from accord.purpose.models import Purpose
from accord.purpose.roadmap import purpose_step
from accord.purpose.services import purpose_agree


def _version_url(purpose: Purpose) -> str:
    return reverse("purpose:version", kwargs={"alliance_slug": purpose.alliance.slug, "purpose_id": purpose.pk})


def _agreement_url(purpose: Purpose) -> str:
    # Agreement, circulation and endorsements of a version are shown by the charters capability.
    return reverse("charters:purpose", kwargs={"alliance_slug": purpose.alliance.slug, "purpose_id": purpose.pk})


def _warn(purpose: Purpose) -> list[str]:
    """Agreeing a purpose that fails its SMART check is allowed, but the members should know."""
    from accord.lib import smart

    failing = smart.check(purpose, today=purpose.alliance.today()).failing
    if not failing:
        return []
    letters = ", ".join(str(letter.name) for letter in failing)
    return [
        str(
            _(
                "This version fails the SMART check (%(letters)s). The members can still agree it, but a "
                "purpose that is not specific, measurable and time-bound is hard to work towards: "
                "consider fixing it first."
            )
            % {"letters": letters}
        )
    ]


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
            cap.agreement_subject(
                key="purpose",
                label=_("Agree a purpose version"),
                model=Purpose,
                decided_at="agreed_at",
                decide=lambda purpose, proposal: purpose_agree(purpose=purpose, proposal=proposal),
                url=_version_url,
                describe=_describe,
                api_field="purpose_id",
                order=10,
                warn=_warn,
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
