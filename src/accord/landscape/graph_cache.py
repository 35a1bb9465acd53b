"""The slow results of the landscape's analysis (network layout, brokers) as pages show them.

Computing them takes too long for a request on a large landscape, so a page reads the last
result kept in a GraphCache row and, when the ties have changed since (the fingerprint differs),
asks the background worker (`accord.landscape.tasks`) for a fresh one. This module enqueues the
tasks; the tasks compute (`analytics`) and store (`services.graph_cache_store`), and import
neither this module nor anything that imports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accord.core.models import Alliance
from accord.landscape import analytics, tasks
from accord.landscape.models import GraphCache, Stakeholder

# A refresh asked for but not finished after this long is asked for again (a worker died).
PENDING_TIMEOUT = dt.timedelta(minutes=10)


def graph_cache_request(*, alliance: Alliance, kind: str, fingerprint: str, current: GraphCache | None) -> bool:
    """Ask the background worker to recompute `kind` for `fingerprint`, once: a request already
    pending for the same fingerprint is not repeated. Returns whether a task was queued.

    The pending mark is written with a queryset update (no history row): it is bookkeeping, not
    a result anyone needs to audit.
    """
    now = timezone.now()
    if current is not None:
        pending = current.data.get("pending")
        pending_at = current.data.get("pending_at")
        if pending == fingerprint and pending_at and now - dt.datetime.fromisoformat(pending_at) < PENDING_TIMEOUT:
            return False
        GraphCache.objects.filter(pk=current.pk).update(
            data={**current.data, "pending": fingerprint, "pending_at": now.isoformat()}
        )
    task = tasks.refresh_layout if kind == GraphCache.Kind.LAYOUT else tasks.refresh_brokers
    task.enqueue(alliance_id=alliance.pk)
    return True


@dataclass
class Cached:
    """A cached result as a page shows it: the data, when it was computed, and whether the
    network has changed since (then a fresh one is being computed)."""

    data: dict[str, Any]
    computed_at: dt.datetime | None
    stale: bool


def cached(alliance: Alliance, kind: str) -> Cached:
    """The cached `kind` result, asking for a fresh one when the ties changed. Three queries
    when fresh (fingerprint, cache row); more only when a refresh must be queued."""
    fp = analytics.fingerprint(alliance)
    row = alliance.graph_caches.filter(kind=kind).first()
    stale = row is None or row.fingerprint != fp
    if stale and graph_cache_request(alliance=alliance, kind=kind, fingerprint=fp, current=row):
        # Without a worker (development, tests) the task has already run: read its result.
        row = alliance.graph_caches.filter(kind=kind).first()
    if row is None or not row.fingerprint:
        return Cached(data={}, computed_at=None, stale=True)
    return Cached(data=row.data, computed_at=row.computed_at, stale=row.fingerprint != fp)


@dataclass(frozen=True)
class BrokerRow:
    stakeholder: Stakeholder
    score: float
    status: str


def brokers_view(alliance: Alliance, by_id: dict[int, Stakeholder]) -> tuple[list[BrokerRow], Cached]:
    result = cached(alliance, GraphCache.Kind.BROKERS)
    rows = [
        BrokerRow(stakeholder=by_id[pk], score=score, status=analytics.membership_status(by_id[pk]))
        for pk, score in result.data.get("scores", [])
        if pk in by_id
    ]
    return rows, result


def influential_ids(alliance: Alliance, *, limit: int) -> list[int]:
    """The ids of the `limit` most influential stakeholders by the last computed ranking
    (the ANALYTICS result's "ranking": [[stakeholder id, score], …], best first), without asking
    for a refresh; empty until one has been computed. One query."""
    row = alliance.graph_caches.filter(kind=GraphCache.Kind.ANALYTICS).only("data").first()
    if row is None:
        return []
    return [int(pk) for pk, _score in row.data.get("ranking", [])[:limit]]
