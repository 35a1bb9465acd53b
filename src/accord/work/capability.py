"""The work capability (working groups, activities, resources) is being built. Today it holds the
working groups that working-group leads name, and the "approve an activity" subject, which does
not yet point at an activity record."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap

capability = cap.register(
    cap.Capability(
        label="work",
        subjects=(cap.DecisionSubject(key="activity", label=_("Approve an activity"), texts_only=False, order=80),),
    )
)
