"""What the framework capability (method step 5) brings: framework documents adopted by decision
and circulated, the formal and informal elements, and the framework part of step 5."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap
from accord.framework.models import FrameworkDocument
from accord.framework.roadmap import terms_of_reference_step
from accord.framework.services import framework_document_adopt


def _url(document: FrameworkDocument) -> str:
    return reverse(
        "framework:document", kwargs={"alliance_slug": document.alliance.slug, "framework_document_id": document.pk}
    )


def _describe(document: FrameworkDocument) -> str:
    return str(_("%(title)s, version %(v)s") % {"title": document.title, "v": document.version})


capability = cap.register(
    cap.Capability(
        label="framework",
        url_prefix="framework/",
        urls="accord.framework.urls",
        api_routers=(cap.ApiRouter("accord.framework.api.router", "principles and framework"),),
        nav=(cap.NavEntry(_("Framework"), "framework:overview", order=60, perm="framework.view_framework"),),
        steps=((5, terms_of_reference_step),),
        subjects=(
            cap.agreement_subject(
                key="framework",
                label=_("Adopt a framework document"),
                model=FrameworkDocument,
                decided_at="adopted_at",
                decide=lambda document, proposal: framework_document_adopt(document=document, proposal=proposal),
                url=_url,
                describe=_describe,
                api_field="framework_document_id",
                order=30,
            ),
        ),
        texts=(
            cap.TextKind(
                key="framework",
                label=_("Framework document"),
                model="framework.FrameworkDocument",
                is_agreed=lambda d: d.adopted_at is not None,
                url=_url,
                describe=_describe,
            ),
        ),
        demo=((61, "accord.framework.demo.build_framework"),),
    )
)
