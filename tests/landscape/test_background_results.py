"""The analytics and suggestions pages read results computed in the background: a page never
runs a graph computation; a change asks for a refresh; a failed refresh keeps the last result and
says when it failed; one refresh at a time per alliance and kind."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from accord.landscape import analytics, graph_cache, services, tasks
from accord.landscape.models import GraphCache, Stakeholder
from tests.conftest import World

ANALYTICS = "/a/riverside/landscape/analytics/"
SUGGESTIONS = "/a/riverside/landscape/suggestions/"
STATUS = "/a/riverside/landscape/results/status/?kind={kind}"


def add(world: World, name: str, **extra: Any) -> Stakeholder:
    return services.stakeholder_create(alliance=world.a, name=name, kind="media", **extra)


def boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("graph computation in the request")


def row(world: World, kind: str) -> GraphCache:
    return world.a.graph_caches.get(kind=kind)


@pytest.fixture
def landscape(world: World, django_capture_on_commit_callbacks: Any) -> World:
    # The test runs in one transaction that never commits: run what the world's setup left
    # waiting for its commit, then let each step below commit as it would for real.
    for _sids, func, _robust in list(transaction.get_connection().run_on_commit):
        func()
    with django_capture_on_commit_callbacks(execute=True):
        minister = add(world, "Minister Ndlovu", is_target=True)
        radio = add(world, "Radio Kopje")
        services.tie_create(alliance=world.a, source=radio, target=minister, kind="influences", strength=3)
        services.tie_create(alliance=world.a, source=world.org_a, target=radio, kind="influences", strength=2)
    return world


def test_pages_render_from_stored_results_without_computing(landscape: World, monkeypatch: Any) -> None:
    client = landscape.client_for(landscape.alice)
    # Computed once (in the background; inline in tests).
    assert client.get(ANALYTICS).status_code == 200
    assert client.get(SUGGESTIONS).status_code == 200
    for name in ("ranking", "reach", "suggestions", "load_landscape", "compute_analytics", "compute_suggestions"):
        monkeypatch.setattr(analytics, name, boom)
    html = client.get(ANALYTICS).content.decode()
    assert "Minister Ndlovu" in html and "Radio Kopje" in html
    assert "Computed" in html
    html = client.get(SUGGESTIONS).content.decode()
    assert "Radio Kopje" in html


def test_before_the_first_result_the_page_says_it_is_being_computed(world: World, monkeypatch: Any) -> None:
    class NoWorker:
        def enqueue(self, **kwargs: Any) -> None:
            pass

    monkeypatch.setattr(tasks, "refresh_analytics", NoWorker())
    monkeypatch.setattr(tasks, "refresh_brokers", NoWorker())
    add(world, "Minister Ndlovu", is_target=True)
    html = world.client_for(world.alice).get(ANALYTICS).content.decode()
    assert "being computed for the first time" in html
    assert "No stakeholders yet." not in html  # no empty table pretending to be a result
    assert "every 3s" in html  # polls the status partial


def test_a_change_triggers_a_refresh(landscape: World, django_capture_on_commit_callbacks: Any) -> None:
    graph_cache.cached(landscape.a, GraphCache.Kind.ANALYTICS)
    before = row(landscape, GraphCache.Kind.ANALYTICS).fingerprint
    with django_capture_on_commit_callbacks(execute=True):
        add(landscape, "Chief Mbeki", is_target=True)
    after = row(landscape, GraphCache.Kind.ANALYTICS)
    assert after.fingerprint != before
    assert after.fingerprint == analytics.fingerprint_for(landscape.a, GraphCache.Kind.ANALYTICS)
    assert row(landscape, GraphCache.Kind.SUGGESTIONS).fingerprint  # the others are refreshed too


def test_a_failed_refresh_keeps_the_last_result_and_the_next_change_retries(
    landscape: World, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = landscape.client_for(landscape.alice)
    client.get(ANALYTICS)
    good = row(landscape, GraphCache.Kind.ANALYTICS).data
    assert good["ranking"]
    monkeypatch.setattr(analytics, "compute_analytics", boom)
    with django_capture_on_commit_callbacks(execute=True):
        add(landscape, "Newcomer One")
    failed = row(landscape, GraphCache.Kind.ANALYTICS)
    assert failed.failed_at is not None and "RuntimeError" in failed.failure
    assert failed.data == good and failed.started_at is None  # last good result, claim released
    html = client.get(ANALYTICS).content.decode()
    assert "The last refresh failed" in html
    assert "Minister Ndlovu" in html
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        add(landscape, "Newcomer Two")
    retried = row(landscape, GraphCache.Kind.ANALYTICS)
    assert retried.failed_at is None and retried.failure == ""
    assert retried.fingerprint == analytics.fingerprint_for(landscape.a, GraphCache.Kind.ANALYTICS)
    assert "The last refresh failed" not in client.get(ANALYTICS).content.decode()


def test_a_claimed_refresh_is_not_run_twice_and_a_dead_claim_is_taken_over(landscape: World, monkeypatch: Any) -> None:
    graph_cache.cached(landscape.a, GraphCache.Kind.ANALYTICS)
    cache = row(landscape, GraphCache.Kind.ANALYTICS)
    GraphCache.objects.filter(pk=cache.pk).update(started_at=timezone.now(), progress=40)
    calls = []
    real = analytics.compute_analytics

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analytics, "compute_analytics", counting)
    assert tasks.run_refresh(landscape.a.pk, GraphCache.Kind.ANALYTICS) == "busy"
    assert calls == []
    GraphCache.objects.filter(pk=cache.pk).update(started_at=timezone.now() - tasks.CLAIM_TIMEOUT - dt.timedelta(1))
    assert tasks.run_refresh(landscape.a.pk, GraphCache.Kind.ANALYTICS) not in ("busy", "failed")
    assert calls == [1]
    assert row(landscape, GraphCache.Kind.ANALYTICS).started_at is None


def test_the_status_partial_shows_progress_and_stops_polling_when_done(landscape: World) -> None:
    client = landscape.client_for(landscape.alice)
    client.get(ANALYTICS)
    cache = row(landscape, GraphCache.Kind.ANALYTICS)
    GraphCache.objects.filter(pk=cache.pk).update(started_at=timezone.now(), progress=42, fingerprint="old")
    html = client.get(STATUS.format(kind="analytics")).content.decode()
    assert "42 %" in html and "every 3s" in html
    GraphCache.objects.filter(pk=cache.pk).update(
        started_at=None, fingerprint=analytics.fingerprint_for(landscape.a, GraphCache.Kind.ANALYTICS)
    )
    html = client.get(STATUS.format(kind="analytics")).content.decode()
    assert "every 3s" not in html and "New results are ready" in html


def test_the_status_partial_of_a_foreign_alliance_or_unknown_kind_is_404(landscape: World) -> None:
    lear = landscape.client_for(landscape.lear)
    assert lear.get(STATUS.format(kind="analytics")).status_code == 404
    alice = landscape.client_for(landscape.alice)
    assert alice.get(STATUS.format(kind="nonsense")).status_code == 404
    assert alice.get(STATUS.format(kind="suggestions")).status_code == 200


@pytest.mark.parametrize("url", [ANALYTICS, SUGGESTIONS])
def test_the_pages_query_count_does_not_grow_with_the_landscape(world: World, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for(world.alice)
    counts = []
    for size in (3, 40):
        hub = add(world, f"Hub {size}", is_target=True)
        for i in range(size):
            s = add(world, f"Node {size}-{i}")
            services.tie_create(alliance=world.a, source=s, target=hub, kind="influences", strength=2)
        client.get(url)  # computes (inline) the fresh results
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_targets_reach_comes_fifteen_targets_a_page(landscape: World) -> None:
    from accord.landscape import views_analytics

    with transaction.atomic():
        for i in range(views_analytics.TARGETS_PER_PAGE + 3):
            add(landscape, f"Target {i:02d}", is_target=True)
    client = landscape.client_for(landscape.alice)
    first = client.get(ANALYTICS).content.decode()
    total = landscape.a.stakeholders.filter(is_target=True).count()  # the minister too
    assert first.count('<section class="card" aria-labelledby="t-') == views_analytics.TARGETS_PER_PAGE
    assert f"Page 1 of 2 ({total} targets)." in first and "?targets_page=2#targets" in first
    second = client.get(ANALYTICS + "?targets_page=2").content.decode()
    assert second.count('<section class="card" aria-labelledby="t-') == total - views_analytics.TARGETS_PER_PAGE
    # Every target once over the two pages; a page past the end or not a number shows a real page.
    shown = set(re.findall(r'aria-labelledby="t-(\d+)"', first + second))
    assert shown == {str(pk) for pk in landscape.a.stakeholders.filter(is_target=True).values_list("pk", flat=True)}
    assert client.get(ANALYTICS + "?targets_page=9").content.decode().count('aria-labelledby="t-') == len(
        re.findall(r'aria-labelledby="t-', second)
    )
    assert client.get(ANALYTICS + "?targets_page=x").status_code == 200
