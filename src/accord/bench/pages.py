"""The pages the bench measures (shared by the page section and the load test)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.core.models import Alliance


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    path: str  # below /a/<slug>/


PAGES = (
    Page("roadmap", "Roadmap", ""),
    Page("members", "Members", "members/"),
    Page("register", "Landscape register", "landscape/"),
    Page("stakeholder", "A busy stakeholder", "landscape/stakeholders/{busy}/"),
    Page("map", "Power map", "landscape/map/"),
    Page("network", "Network", "landscape/network/"),
    Page("composition", "Composition", "landscape/composition/"),
    Page("analytics", "Analytics", "landscape/analytics/"),
    Page("suggestions", "Suggestions", "landscape/suggestions/"),
    Page("settings", "Alliance settings", "settings/"),
    Page("decisions", "Decisions", "decisions/"),
    Page("charters", "Charters", "charters/"),
    Page("board", "Work board", "work/"),
    Page("timeline", "Work timeline", "work/timeline/"),
)
BARE_PATH = "bench-bare/"  # served by accord.bench.urls only


def busy_stakeholder(alliance: Alliance) -> int:
    """The target with the most ties either way: the heaviest stakeholder page."""
    from django.db.models import Count

    from accord.landscape.models import Stakeholder

    busiest = (
        Stakeholder.objects.filter(alliance=alliance, is_target=True)
        .annotate(n=Count("ties_out", distinct=True) + Count("ties_in", distinct=True))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if busiest is None:
        raise SystemExit("the synthetic alliance has no target")
    return int(busiest)
