"""The analytics API: ranking, reach, brokers, suggestions and composition gaps."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import bearer, token_for
from tests.landscape.test_analytics import Net, net, tie  # noqa: F401  (fixture)
from tests.landscape.test_maps import grow

BASE = "/api/alliances/riverside/analytics/"


def get(raw: str, path: str) -> Any:
    return Client().get(BASE + path, **bearer(raw))


def test_ranking_reach_brokers_suggestions_and_gaps(net: Net) -> None:  # noqa: F811
    tie(net.world, net.women, net.official, "influences", 1)
    raw = token_for(net.world.a, net.world.eve, "read")
    ranking = get(raw, "ranking?limit=3").json()
    assert [r["rank"] for r in ranking] == [1, 2, 3]
    (reach,) = get(raw, "reach").json()
    assert reach["target"]["name"] == "Minister of Agriculture"
    assert [m["name"] for m in reach["members_two_steps"]] == ["Valley Women's Network"]
    assert reach["paths"][0]["path"][-1]["name"] == "Minister of Agriculture"
    brokers = get(raw, "brokers").json()
    assert brokers["stale"] is False and brokers["computed_at"] and brokers["sampled"] is False
    assert brokers["brokers"][0]["stakeholder"]["name"] == "Head of Seeds Unit"
    suggestions = get(raw, "suggestions").json()
    official = next(s for s in suggestions if s["stakeholder"]["name"] == "Head of Seeds Unit")
    assert "reaches 1 target directly" in official["reasons"]
    composition = get(raw, "composition").json()
    assert composition["members"] == 2
    assert "No academic or research institution among members." in [g["text"] for g in composition["gaps"]]


def test_observers_are_refused_and_bad_input_named(net: Net) -> None:  # noqa: F811
    olga = token_for(net.world.a, net.world.olga, "read")
    assert get(olga, "ranking").status_code == 403
    raw = token_for(net.world.a, net.world.alice, "read")
    response = get(raw, "ranking?limit=0")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "limit"
    lear = token_for(net.world.b, net.world.lear, "read")
    assert get(lear, "ranking").status_code == 404


@pytest.mark.parametrize("size", [3, 40])
def test_the_ranking_query_count_does_not_grow(world: Any, size: int, django_assert_num_queries: Any) -> None:
    grow(world, size)
    raw = token_for(world.a, world.alice, "read")
    get(raw, "ranking")  # the token's last use is written once a minute
    # Expect 6 queries, at any size: the token and its holder's rights, the fingerprint,
    # the stored result, and the stakeholders it names (never the whole landscape).
    with django_assert_num_queries(6):
        assert len(get(raw, "ranking?limit=500").json()) == size + 2
