"""What the work capability brings: working groups, activities that are approved only with an
owner and the means to do them, the board and timeline, the members' resource inventory and the
gap between what activities need and what members committed (method steps 5d–e and 7)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap

capability = cap.register(
    cap.Capability(
        label="work",
        url_prefix="work/",
        urls="accord.work.urls",
        subjects=(cap.DecisionSubject(key="activity", label=_("Approve an activity"), texts_only=False, order=80),),
    )
)
