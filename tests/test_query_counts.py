"""Query counts of the alliance pages stay flat as an alliance grows.

A count that rises with the data is an N+1 in the page. Each page also pins its exact count,
with the queries named, so a new query is a decision rather than an accident.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accord.bench.synthetic import generate_alliance


def _queries(url: str, client: Client) -> list[str]:
    # A first request stamps the new session's login time (a session write); measure the
    # steady state after it.
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _client_for_generated(scale: float, slug: str) -> tuple[Client, str]:
    generated = generate_alliance(scale, slug=slug)
    client = Client()
    client.force_login(generated.co_chair)
    return client, generated.alliance.slug


def _explain(small: list[str], large: list[str]) -> str:
    lines = [f"small alliance: {len(small)} queries, larger alliance: {len(large)} queries"]
    lines += [f"  small: {q[:160]}" for q in small]
    lines += [f"  large: {q[:160]}" for q in large]
    return "\n".join(lines)


def test_roadmap_query_count_does_not_grow_with_the_alliance(db: Any) -> None:
    small_client, small = _client_for_generated(0.1, "small")
    large_client, large = _client_for_generated(0.5, "large")
    small_q = _queries(f"/a/{small}/", small_client)
    large_q = _queries(f"/a/{large}/", large_client)
    assert len(small_q) == len(large_q), _explain(small_q, large_q)


def test_members_query_count_does_not_grow_with_the_alliance(db: Any) -> None:
    small_client, small = _client_for_generated(0.1, "small")
    large_client, large = _client_for_generated(0.5, "large")
    small_q = _queries(f"/a/{small}/members/", small_client)
    large_q = _queries(f"/a/{large}/members/", large_client)
    assert len(small_q) == len(large_q), _explain(small_q, large_q)


def test_roadmap_page_query_count(db: Any) -> None:
    client, slug = _client_for_generated(0.1, "pinned")
    queries = _queries(f"/a/{slug}/", client)
    # Expect 7 queries: the session, the user, the alliance by slug, the person's roles in it,
    # the current purpose for step 1's check, the current purpose again for the page heading
    # (the view and the check each ask; both are one row), and the alliance switcher's list.
    assert len(queries) == 7, "\n".join(queries)


def test_members_page_query_count(db: Any) -> None:
    client, slug = _client_for_generated(0.1, "pinned")
    queries = _queries(f"/a/{slug}/members/", client)
    # Expect 9 queries: the session, the user, the alliance by slug, the person's roles in it,
    # the member organisations for the co-chair's "give a role" form, the alliance switcher's
    # list, the memberships with their stakeholders, the seats with their people and
    # organisations, and the seats' current roles (one prefetch).
    assert len(queries) == 9, "\n".join(queries)
