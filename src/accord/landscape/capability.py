"""What the landscape capability (method step 2, and the power holders of step 8) brings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap
from accord.landscape.roadmap import landscape_step, power_holders_step

capability = cap.register(
    cap.Capability(
        label="landscape",
        url_prefix="landscape/",
        urls="accord.landscape.urls",
        api_routers=(
            cap.ApiRouter("accord.landscape.api.router", "landscape"),
            cap.ApiRouter("accord.landscape.api_analytics.router", "landscape analytics"),
            cap.ApiRouter("accord.landscape.api_io.router", "landscape import and export"),
        ),
        nav=(cap.NavEntry(_("Landscape"), "landscape:register", order=30, perm="landscape.view_stakeholders"),),
        steps=((2, landscape_step), (8, power_holders_step)),
        demo=((30, "accord.landscape.demo.build"), (35, "accord.landscape.demo.build_ties_and_assessments")),
    )
)
