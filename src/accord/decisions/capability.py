"""What the decisions capability brings: proposals on any declared subject, and two subjects of
its own that decide nothing recorded elsewhere (a general proposal, a public stance)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap

capability = cap.register(
    cap.Capability(
        label="decisions",
        url_prefix="decisions/",
        urls="accord.decisions.urls",
        api_routers=(cap.ApiRouter("accord.decisions.api.router", "decisions"),),
        nav=(cap.NavEntry(_("Decisions"), "decisions:list", order=40, perm="decisions.view_proposals"),),
        subjects=(
            cap.DecisionSubject(key="general", label=_("General"), texts_only=False, order=0),
            cap.DecisionSubject(key="stance", label=_("Take a public stance"), texts_only=False, order=90),
        ),
        reminders=("accord.decisions.reminders.run",),
        catch_up=("accord.decisions.services.catch_up",),
    )
)
