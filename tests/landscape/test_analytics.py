"""Influence analytics of an alliance: which ties carry influence, reach to targets, ranking,
brokers cached in the background."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from accord.landscape import analytics, graph_cache, services
from accord.landscape.models import GraphCache, Scope, Stakeholder, StakeholderType
from accord.lib import graph
from accord.membership.models import Membership
from tests.conftest import World

T = StakeholderType


@dataclass
class Net:
    world: World
    minister: Stakeholder
    official: Stakeholder
    donor: Stakeholder
    union: Stakeholder  # member (A's convening organisation)
    women: Stakeholder  # member
    radio: Stakeholder
    bishop: Stakeholder
    ally: Stakeholder


def add(world: World, name: str, kind: str, **extra: Any) -> Stakeholder:
    return services.stakeholder_create(alliance=world.a, name=name, kind=kind, **extra)


def tie(world: World, source: Stakeholder, target: Stakeholder, kind: str = "influences", strength: int = 2) -> None:
    services.tie_create(alliance=world.a, source=source, target=target, kind=kind, strength=strength)


@pytest.fixture
def net(world: World) -> Net:
    """The union funds nobody but influences the donor, who funds the official, who reports to
    the minister (the target). The radio influences the minister directly; the bishop influences
    the official; an ally is only allied with the minister."""
    w = world
    minister = add(w, "Minister of Agriculture", T.NATIONAL_GOVERNMENT, is_target=True, target_ask="Sign the decree.")
    official = add(w, "Head of Seeds Unit", T.NATIONAL_GOVERNMENT, is_individual=True)
    donor = add(w, "Green Fund", T.DONOR_FOUNDATION, scope=Scope.INTERNATIONAL)
    radio = add(w, "Radio Valley", T.MEDIA, scope=Scope.LOCAL)
    bishop = add(w, "Bishop of the Valley", T.RELIGIOUS_TRADITIONAL, scope=Scope.GRASSROOTS)
    ally = add(w, "Seed Savers Club", T.LOCAL_NGO)
    women = w.a.stakeholders.get(name="Valley Women's Network")
    tie(w, official, minister, "reports_to", 3)
    tie(w, donor, official, "funds", 3)
    tie(w, w.org_a, donor, "influences", 3)
    tie(w, radio, minister, "influences", 1)
    tie(w, bishop, official, "influences", 2)
    tie(w, ally, minister, "allied_with", 3)
    tie(w, women, radio, "opposes", 3)
    return Net(w, minister, official, donor, w.org_a, women, radio, bishop, ally)


def test_reports_to_carries_influence_both_ways_and_funds_only_forward(net: Net) -> None:
    land = analytics.load_landscape(net.world.a)
    g = land.graph
    to_minister = graph.reach_lengths(g, land.node(net.minister.pk))
    # reports_to: the official reaches the minister; and the minister reaches the official.
    assert land.node(net.official.pk) in to_minister
    assert land.node(net.minister.pk) in graph.reach_lengths(g, land.node(net.official.pk))
    # funds: the donor reaches the official, not the other way round.
    assert land.node(net.donor.pk) in graph.reach_lengths(g, land.node(net.official.pk))
    assert land.node(net.official.pk) not in graph.reach_lengths(g, land.node(net.donor.pk))


def test_allied_with_and_opposes_carry_no_influence(net: Net) -> None:
    land = analytics.load_landscape(net.world.a)
    to_minister = graph.reach_lengths(land.graph, land.node(net.minister.pk))
    assert land.node(net.ally.pk) not in to_minister
    # The women's network only opposes the radio, which reaches the minister: no path for it.
    assert land.node(net.women.pk) not in to_minister


def test_reach_names_the_best_paths_and_the_members_one_and_two_steps_away(net: Net) -> None:
    tie(net.world, net.women, net.official, "influences", 1)  # a member two steps from the minister
    land = analytics.load_landscape(net.world.a)
    (minister,) = analytics.reach(land)
    assert minister.target == net.minister
    # official, donor, union, radio, bishop, women: everyone with an influence path.
    assert minister.reachers == 6
    paths = {p.source.name: [s.name for s in p.path] for p in minister.paths}
    assert paths["Riverside Farmers Union"] == [
        "Riverside Farmers Union",
        "Green Fund",
        "Head of Seeds Unit",
        "Minister of Agriculture",
    ]
    # The strong reports_to tie (cost 1) comes before the weak radio tie (cost 3).
    assert minister.paths[0].source == net.official
    assert [p.cost for p in minister.paths] == sorted(p.cost for p in minister.paths)
    assert minister.members_one_step == []
    assert minister.members_two_steps == [net.women]
    # The union is three steps away: not listed among the close members.
    assert net.union not in minister.members_two_steps


def test_strong_ties_beat_weak_shortcuts(net: Net) -> None:
    # The bishop gets a weak direct tie to the minister; its strong route through the official is
    # two strong steps (cost 1 + 1), the weak direct one costs 3.
    tie(net.world, net.bishop, net.minister, "influences", 1)
    services.tie_update(tie=net.world.a.ties.get(source=net.bishop, target=net.official), strength=3)
    land = analytics.load_landscape(net.world.a)
    paths = graph.reach_paths(land.graph, land.node(net.minister.pk))
    route = [land.stakeholders[i].name for i in paths[land.node(net.bishop.pk)]]
    assert route == ["Bishop of the Valley", "Head of Seeds Unit", "Minister of Agriculture"]


def test_influence_ranking_rewards_influence_over_the_influential(net: Net) -> None:
    land = analytics.load_landscape(net.world.a)
    rows = analytics.ranking(land)
    order = [r.stakeholder.name for r in rows]
    # The donor holds a strong tie over the official, who has the minister's ear; the radio only
    # a weak tie to the minister, who influences no one else.
    assert order.index("Green Fund") < order.index("Radio Valley")
    assert order.index("Riverside Farmers Union") < order.index("Seed Savers Club")
    assert abs(sum(r.score for r in rows) - 1.0) < 1e-6
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))


def test_the_fingerprint_changes_with_ties_and_stakeholders_but_not_with_assessments(net: Net) -> None:
    a = net.world.a
    first = analytics.fingerprint(a)
    services.assessment_record(stakeholder=net.radio, user=net.world.alice, position=1, influence=2, interest=3)
    assert analytics.fingerprint(a) == first
    t = a.ties.get(source=net.radio)
    services.tie_update(tie=t, strength=3)
    second = analytics.fingerprint(a)
    assert second != first
    services.tie_delete(tie=t)
    third = analytics.fingerprint(a)
    assert third not in {first, second}
    add(net.world, "New Actor", T.MEDIA)
    assert analytics.fingerprint(a) != third
    # Another alliance's ties do not touch A's fingerprint.
    before = analytics.fingerprint(a)
    b1 = services.stakeholder_create(alliance=net.world.b, name="B one", kind=T.MEDIA)
    services.tie_create(alliance=net.world.b, source=b1, target=net.world.org_b, kind="influences", strength=2)
    assert analytics.fingerprint(a) == before


def test_brokers_are_computed_once_and_again_only_when_ties_change(net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = analytics.compute_brokers

    def counting(land: analytics.Landscape) -> dict[str, Any]:
        calls.append(1)
        return real(land)

    monkeypatch.setattr(analytics, "compute_brokers", counting)
    a = net.world.a
    by_id = {s.pk: s for s in a.stakeholders.all()}
    rows, cache = graph_cache.brokers_view(a, by_id)
    assert len(calls) == 1 and not cache.stale
    # The official sits on every path into the minister: the top broker.
    assert rows[0].stakeholder == net.official
    graph_cache.brokers_view(a, by_id)
    assert len(calls) == 1  # unchanged ties: the cached result
    tie(net.world, net.radio, net.official, "influences", 3)
    graph_cache.brokers_view(a, by_id)
    assert len(calls) == 2


def test_without_a_worker_the_last_brokers_show_as_stale_and_are_asked_for_once(
    net: Net, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.landscape import tasks

    a = net.world.a
    by_id = {s.pk: s for s in a.stakeholders.all()}
    first_rows, _ = graph_cache.brokers_view(a, by_id)
    queued = []

    class NoWorker:  # a queue nobody reads yet
        def enqueue(self, **kwargs: Any) -> None:
            queued.append(kwargs)

    monkeypatch.setattr(tasks, "refresh_brokers", NoWorker())
    tie(net.world, net.radio, net.official, "influences", 3)
    rows, cache = graph_cache.brokers_view(a, by_id)
    assert cache.stale and cache.computed_at is not None
    assert [r.stakeholder for r in rows] == [r.stakeholder for r in first_rows]  # last known result
    graph_cache.brokers_view(a, by_id)
    assert queued == [{"alliance_id": a.pk}]  # asked once, not on every view


def test_brokers_are_sampled_above_the_size_threshold(net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analytics, "BROKER_EXACT_MAX_NODES", 3)
    monkeypatch.setattr(analytics, "BROKER_PIVOTS", 4)
    graph_cache.brokers_view(net.world.a, {})
    data = net.world.a.graph_caches.get(kind=GraphCache.Kind.BROKERS).data
    assert data["sampled"] is True and data["pivots"] == 4
    assert data["nodes"] == net.world.a.stakeholders.count()


def test_composition_names_each_gap_and_who_could_fill_it(net: Net) -> None:
    a = net.world.a
    a.target_mix = {
        "kinds": ["womens_rights", "academic", "media"],
        "scopes": ["grassroots"],
        "affected_population": True,
    }
    a.save(update_fields=["target_mix"])
    Membership.objects.create(alliance=a, stakeholder=net.radio, status=Membership.Status.CANDIDATE)
    Membership.objects.create(alliance=a, stakeholder=net.bishop, status=Membership.Status.INVITED)
    result = analytics.composition(a, list(a.stakeholders.select_related("membership")))
    gaps = {g.text: g.candidates for g in result.gaps}
    # Valley Women's Network is a member: no women's rights gap.
    assert gaps == {
        "No academic or research institution among members.": [],
        "No media outlet among members.": ["Radio Valley"],
        "No grassroots organisation among members.": ["Bishop of the Valley"],
        "No member-based organisation of the affected population among members.": [],
    }
    assert result.member_count == 2 and result.candidate_count == 2
    kinds = {r.key: (r.members, r.candidates, r.wanted) for r in result.by_kind}
    assert kinds["womens_rights"] == (1, 0, True)
    assert kinds["media"] == (0, 1, True)
    assert kinds["member_based"] == (1, 0, False)
