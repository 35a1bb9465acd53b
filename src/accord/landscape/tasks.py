"""Background work for the maps: the network layout and the brokers are too slow for a request
on a large landscape, so pages ask for them here (through `graph_cache`) and show the last result
meanwhile. Runs inline in development and tests, in the database worker in production.

The tasks compute with `analytics` and store with `services`; neither of those imports this
module, so there is no import cycle."""

from __future__ import annotations

from django_tasks import task

from accord.core.models import Alliance
from accord.landscape import analytics, services
from accord.landscape.models import GraphCache


@task()
def refresh_layout(*, alliance_id: int) -> str:
    """Recompute the network layout for the alliance's current ties and keep it."""
    alliance = Alliance.objects.filter(pk=alliance_id).first()
    if alliance is None:  # deleted since the request
        return ""
    fp = analytics.fingerprint(alliance)
    services.graph_cache_store(
        alliance=alliance, kind=GraphCache.Kind.LAYOUT, fingerprint=fp, data=analytics.compute_layout(alliance)
    )
    return fp


@task()
def refresh_brokers(*, alliance_id: int) -> str:
    """Recompute who brokers between parts of the network (betweenness) and keep it."""
    alliance = Alliance.objects.filter(pk=alliance_id).first()
    if alliance is None:
        return ""
    fp = analytics.fingerprint(alliance)
    land = analytics.load_landscape(alliance)
    services.graph_cache_store(
        alliance=alliance, kind=GraphCache.Kind.BROKERS, fingerprint=fp, data=analytics.compute_brokers(land)
    )
    return fp
