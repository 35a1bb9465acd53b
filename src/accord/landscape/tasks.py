"""Background work for the maps and analytics: the network layout, the brokers, the ranking and
reach, and the suggestions are too slow for a request on a large landscape, so they are computed
here when the landscape changes (`refresh`) or a page finds them stale (`graph_cache`), and pages
show the last result meanwhile. Runs inline in development and tests, in the database worker in
production.

One refresh at a time per alliance and kind: a task claims the row with a conditional update of
`started_at` (a claim older than CLAIM_TIMEOUT is taken over: its worker died). A refresh that
fails keeps the last good result and records when and why; the next change retries.

The tasks compute with `analytics` and store with `services`; neither of those imports this
module, so there is no import cycle."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from accord.core.models import Alliance
from accord.landscape import analytics, services
from accord.landscape.models import GraphCache

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = dt.timedelta(minutes=10)

Progress = Callable[[int], None]


def _layout(alliance: Alliance, progress: Progress) -> dict[str, Any]:
    return analytics.compute_layout(alliance)


def _brokers(alliance: Alliance, progress: Progress) -> dict[str, Any]:
    land = analytics.load_landscape(alliance)
    progress(30)
    return analytics.compute_brokers(land)


def _analytics(alliance: Alliance, progress: Progress) -> dict[str, Any]:
    land = analytics.load_landscape(alliance)
    progress(30)
    return analytics.compute_analytics(land, progress=lambda p: progress(30 + p * 6 // 10))


def _suggestions(alliance: Alliance, progress: Progress) -> dict[str, Any]:
    land = analytics.load_landscape(alliance)
    progress(30)
    return analytics.compute_suggestions(land, progress=lambda p: progress(30 + p * 6 // 10))


COMPUTE: dict[str, Callable[[Alliance, Progress], dict[str, Any]]] = {
    GraphCache.Kind.LAYOUT: _layout,
    GraphCache.Kind.BROKERS: _brokers,
    GraphCache.Kind.ANALYTICS: _analytics,
    GraphCache.Kind.SUGGESTIONS: _suggestions,
}


def run_refresh(alliance_id: int, kind: str) -> str:
    """Claim, compute and keep `kind` for the alliance. Returns the fingerprint computed for,
    "busy" when another refresh holds the claim, "failed" when the computation raised, "" when
    the alliance is gone."""
    alliance = Alliance.objects.filter(pk=alliance_id).first()
    if alliance is None:  # deleted since the request
        return ""
    row, _ = GraphCache.objects.get_or_create(alliance=alliance, kind=kind, defaults={"fingerprint": ""})
    now = timezone.now()
    claimed = (
        GraphCache.objects.filter(pk=row.pk)
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=now - CLAIM_TIMEOUT))
        .update(started_at=now, progress=0)
    )
    if not claimed:
        return "busy"
    mine = GraphCache.objects.filter(pk=row.pk, started_at=now)

    def progress(percent: int) -> None:
        mine.update(progress=max(0, min(100, percent)))

    fp = analytics.fingerprint_for(alliance, kind)
    try:
        data = COMPUTE[kind](alliance, progress)
        progress(90)
        services.graph_cache_store(alliance=alliance, kind=kind, fingerprint=fp, data=data)
    except Exception as exc:  # the last good result stays; the next change retries
        log.exception("refresh of %s failed for alliance %s", kind, alliance_id)
        GraphCache.objects.filter(pk=row.pk).update(
            started_at=None, progress=0, failed_at=timezone.now(), failure=f"{type(exc).__name__}: {exc}"[:300]
        )
        return "failed"
    # Changed while it ran: the request made meanwhile found the claim taken; ask again.
    if analytics.fingerprint_for(alliance, kind) != fp:
        task_for(kind).enqueue(alliance_id=alliance_id)
    return fp


@task()
def refresh_layout(*, alliance_id: int) -> str:
    """Recompute the network layout for the alliance's current ties and keep it."""
    return run_refresh(alliance_id, GraphCache.Kind.LAYOUT)


@task()
def refresh_brokers(*, alliance_id: int) -> str:
    """Recompute who brokers between parts of the network (betweenness) and keep it."""
    return run_refresh(alliance_id, GraphCache.Kind.BROKERS)


@task()
def refresh_analytics(*, alliance_id: int) -> str:
    """Recompute the influence ranking and each target's reach and keep them."""
    return run_refresh(alliance_id, GraphCache.Kind.ANALYTICS)


@task()
def refresh_suggestions(*, alliance_id: int) -> str:
    """Recompute whom to invite, with the reasons in each language, and keep it."""
    return run_refresh(alliance_id, GraphCache.Kind.SUGGESTIONS)


def task_for(kind: str) -> Any:
    """The task that refreshes `kind`, looked up when called (tests replace them)."""
    name = {
        GraphCache.Kind.LAYOUT: "refresh_layout",
        GraphCache.Kind.BROKERS: "refresh_brokers",
        GraphCache.Kind.ANALYTICS: "refresh_analytics",
        GraphCache.Kind.SUGGESTIONS: "refresh_suggestions",
    }[GraphCache.Kind(kind)]
    return globals()[name]
