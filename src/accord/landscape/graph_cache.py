"""The slow results of the landscape's analysis (network layout, brokers, ranking and reach,
suggestions) as pages show them.

Computing them takes too long for a request on a large landscape, so they are computed in the
background (`accord.landscape.tasks`) when the landscape changes (`accord.landscape.refresh`) and
kept in a GraphCache row, page-ready. A page reads the last result; when what it was computed
from has changed since (the fingerprint differs) it asks for a fresh one once. This module
enqueues the tasks; the tasks compute (`analytics`) and store (`services.graph_cache_store`), and
import neither this module nor anything that imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from accord.core.models import Alliance
from accord.landscape import analytics, tasks
from accord.landscape.models import GraphCache, Stakeholder

# A refresh asked for but not finished after this long is asked for again (a worker died).
PENDING_TIMEOUT = tasks.CLAIM_TIMEOUT


def graph_cache_request(*, alliance: Alliance, kind: str, fingerprint: str, current: GraphCache | None) -> bool:
    """Ask the background worker to recompute `kind` for `fingerprint`, once: a request already
    pending for the same fingerprint is not repeated (nor one that failed for it: the next
    change retries). Returns whether a task was queued.

    The request is marked with a conditional queryset update (no history row): of two requests
    at once only one queues the task.
    """
    now = timezone.now()
    if current is None:
        current, _ = GraphCache.objects.get_or_create(alliance=alliance, kind=kind, defaults={"fingerprint": ""})
    if current.fingerprint == fingerprint:
        return False
    asked = (
        GraphCache.objects.filter(pk=current.pk)
        .exclude(requested_fingerprint=fingerprint, requested_at__gte=now - PENDING_TIMEOUT)
        .update(requested_fingerprint=fingerprint, requested_at=now)
    )
    if not asked:
        return False
    tasks.task_for(kind).enqueue(alliance_id=alliance.pk)
    return True


def request_refresh(alliance: Alliance, kind: str) -> bool:
    """Ask for a fresh `kind` if what it reads has changed (called when the landscape changes)."""
    row = alliance.graph_caches.filter(kind=kind).first()
    return graph_cache_request(
        alliance=alliance, kind=kind, fingerprint=analytics.fingerprint_for(alliance, kind), current=row
    )


@dataclass
class Cached:
    """A cached result as a page shows it: the data, when it was computed, and whether the
    landscape has changed since (then a fresh one is being computed); whether a refresh runs and
    how far it is; when and why the last one failed."""

    data: dict[str, Any]
    computed_at: dt.datetime | None
    stale: bool
    running: bool = False
    progress: int = 0
    failed_at: dt.datetime | None = None
    failure: str = ""
    kind: str = ""
    # Set when the row was read without its data: reads the stored data on first use.
    loader: Callable[[], dict[str, Any]] | None = None
    fingerprint: str = ""  # of the landscape as it is now (what a fresh result would carry)

    def full_data(self) -> dict[str, Any]:
        """The stored data, read now if the row was read without it (`cached(with_data=False)`)."""
        if self.loader is not None:
            self.data, self.loader = self.loader(), None
        return self.data

    @property
    def ready(self) -> bool:
        """A result exists (perhaps an older one)."""
        return self.computed_at is not None

    @property
    def waiting(self) -> bool:
        """Worth polling: a refresh runs, or one is asked for and has not failed."""
        return self.running or (self.stale and self.failed_at is None)


def _of(row: GraphCache | None, fp: str, kind: str, *, with_data: bool = True) -> Cached:
    if row is None:
        return Cached(data={}, computed_at=None, stale=True, kind=kind, fingerprint=fp)
    failed = row.failed_at if row.failed_at and (not row.fingerprint or row.failed_at >= row.computed_at) else None
    has_result = bool(row.fingerprint)
    pk = row.pk
    return Cached(
        data=row.data if has_result and with_data else {},
        loader=None
        if with_data or not has_result
        else lambda: GraphCache.objects.filter(pk=pk).values_list("data", flat=True).first() or {},
        computed_at=row.computed_at if has_result else None,
        stale=row.fingerprint != fp,
        running=row.started_at is not None,
        progress=row.progress,
        failed_at=failed,
        failure=row.failure if failed else "",
        kind=kind,
        fingerprint=fp,
    )


def cached(alliance: Alliance, kind: str, *, with_data: bool = True, base: str | None = None) -> Cached:
    """The cached `kind` result, asking for a fresh one when what it reads changed. Two queries
    when fresh (fingerprint, cache row); more only when a refresh must be queued. Without
    `with_data` the row is read without its data (a large JSON document for the layout), which
    `Cached.full_data()` reads when it is needed. `base` is `analytics.fingerprint(alliance)`
    when the caller has just read it (a page that shows two results)."""
    fp = analytics.fingerprint_for(alliance, kind, base=base)
    rows = alliance.graph_caches.filter(kind=kind)
    if not with_data:
        rows = rows.defer("data")
    row = rows.first()
    stale = row is None or row.fingerprint != fp
    if stale and graph_cache_request(alliance=alliance, kind=kind, fingerprint=fp, current=row):
        # Without a worker (development, tests) the task has already run: read its result.
        row = rows.first()
    return _of(row, fp, kind, with_data=with_data)


def status(alliance: Alliance, kind: str) -> Cached:
    """How the `kind` result stands, without asking for anything (the polled status partial).
    Two queries."""
    fp = analytics.fingerprint_for(alliance, kind)
    return _of(alliance.graph_caches.filter(kind=kind).first(), fp, kind)


def _named(alliance: Alliance, ids: Iterable[int]) -> dict[int, Stakeholder]:
    """The few stakeholders a stored result names, in one query (those deleted since are absent)."""
    wanted = set(ids)
    if not wanted:
        return {}
    people = Stakeholder.objects.filter(alliance=alliance, pk__in=wanted).select_related("membership")
    return {s.pk: s for s in people}


@dataclass(frozen=True)
class ReachView:
    target: Stakeholder
    reachers: int
    paths: list[analytics.PathRow]
    members_one_step: list[Stakeholder]
    members_two_steps: list[Stakeholder]
    one_step_more: int = 0
    two_steps_more: int = 0


@dataclass(frozen=True)
class AnalyticsView:
    ranking: list[analytics.RankRow]
    reach: list[ReachView]
    result: Cached
    targets_total: int = 0  # targets in the stored result, all pages together
    targets_page: int = 1  # the page of targets shown


def analytics_view(
    alliance: Alliance,
    *,
    ranking: int = 20,
    paths: int = analytics.KEEP_PATHS,
    page: int | None = None,
    per_page: int = 15,
    base: str | None = None,
) -> AnalyticsView:
    """The stored ranking (the best `ranking`) and reach (`paths` paths a target; the targets
    on `page` when given, `per_page` a page), with the stakeholders they name read in one query.
    A constant number of queries at any size."""
    result = cached(alliance, GraphCache.Kind.ANALYTICS, base=base)
    ranked = result.data.get("ranking", [])[:ranking]
    reach_all = result.data.get("reach", [])
    if page is None:
        reach = reach_all
    else:  # a page of targets; one past the end shows the last
        page = min(max(page, 1), max(1, -(-len(reach_all) // per_page)))
        reach = reach_all[(page - 1) * per_page : page * per_page]
    ids: list[int] = [pk for pk, _score in ranked]
    for r in reach:
        ids.append(r["target"])
        for p in r["paths"][:paths]:
            ids.extend(p["path"])
        ids.extend(r["one"])
        ids.extend(r["two"])
    by_id = _named(alliance, ids)
    rank_rows = [
        analytics.RankRow(stakeholder=by_id[pk], score=score, rank=n, status=analytics.membership_status(by_id[pk]))
        for n, (pk, score) in enumerate(ranked, start=1)
        if pk in by_id
    ]
    reach_rows = []
    for r in reach:
        target = by_id.get(r["target"])
        if target is None:
            continue
        path_rows = [
            analytics.PathRow(source=by_id[p["path"][0]], path=[by_id[pk] for pk in p["path"]], cost=p["cost"])
            for p in r["paths"][:paths]
            if p["path"] and all(pk in by_id for pk in p["path"])
        ]
        one = [by_id[pk] for pk in r["one"] if pk in by_id]
        two = [by_id[pk] for pk in r["two"] if pk in by_id]
        reach_rows.append(
            ReachView(
                target=target,
                reachers=r["reachers"],
                paths=path_rows,
                members_one_step=one,
                members_two_steps=two,
                one_step_more=max(0, r.get("one_n", len(one)) - len(one)),
                two_steps_more=max(0, r.get("two_n", len(two)) - len(two)),
            )
        )
    return AnalyticsView(
        ranking=rank_rows, reach=reach_rows, result=result, targets_total=len(reach_all), targets_page=page or 1
    )


@dataclass(frozen=True)
class SuggestionRow:
    stakeholder: Stakeholder
    score: float
    targets_reached: int
    reasons: list[str]
    unlikely: list[str]
    position: int | None
    influence: int | None
    status: str

    @property
    def is_unlikely_suspect(self) -> bool:
        return bool(self.unlikely)


def suggestions_view(alliance: Alliance, *, limit: int = 30) -> tuple[list[SuggestionRow], Cached]:
    """The stored suggestions (the best `limit`), their reasons in the reader's language, with
    the stakeholders they name read in one query."""
    result = cached(alliance, GraphCache.Kind.SUGGESTIONS)
    rows = result.data.get("rows", [])[:limit]
    texts_by_lang = result.data.get("texts", {})
    lang = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    texts = texts_by_lang.get(lang) or texts_by_lang.get(settings.LANGUAGE_CODE.split("-")[0]) or []
    by_id = _named(alliance, [row["id"] for row in rows])
    out = []
    for n, row in enumerate(rows):
        s = by_id.get(row["id"])
        if s is None:
            continue
        reasons, unlikely = texts[n] if n < len(texts) else ([], [])
        out.append(
            SuggestionRow(
                stakeholder=s,
                score=row["score"],
                targets_reached=row["targets_reached"],
                reasons=list(reasons),
                unlikely=list(unlikely),
                position=row.get("position"),
                influence=row.get("influence"),
                status=analytics.membership_status(s),
            )
        )
    return out, result


@dataclass(frozen=True)
class BrokerRow:
    stakeholder: Stakeholder
    score: float
    status: str


def brokers_view(
    alliance: Alliance,
    by_id: dict[int, Stakeholder] | None = None,
    *,
    limit: int | None = None,
    base: str | None = None,
) -> tuple[list[BrokerRow], Cached]:
    """The stored brokers, best first. Without `by_id`, the few named are read in one query."""
    result = cached(alliance, GraphCache.Kind.BROKERS, base=base)
    scores = result.data.get("scores", [])[:limit] if limit else result.data.get("scores", [])
    if by_id is None:
        ids = [pk for pk, _score in scores]
        by_id = {
            s.pk: s for s in Stakeholder.objects.filter(alliance=alliance, pk__in=ids).select_related("membership")
        }
    rows = [
        BrokerRow(stakeholder=by_id[pk], score=score, status=analytics.membership_status(by_id[pk]))
        for pk, score in scores
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
