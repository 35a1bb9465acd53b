"""The network page: a cached server-side layout, colours, targets, zoom, arrowheads."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.core.cache import cache

from accord.landscape import analytics, services
from accord.landscape.models import GraphCache
from tests.conftest import World
from tests.landscape.test_maps import grow, page

URL = "/a/riverside/landscape/network/"


def test_the_network_draws_every_tie_with_an_arrowhead_and_rings_the_targets(landscape: Any) -> None:
    world = landscape.world
    html = page(world.client_for(world.alice), URL)
    assert '<marker id="arrow"' in html
    assert len(re.findall(r'<line [^>]*marker-end="url\(#arrow\)"', html)) == 2
    assert html.count('class="target-ring"') == 2  # the official and the committee
    assert 'class="node fam-state' in html and 'class="node fam-donor' in html
    assert "The most connected stakeholders" in html


def test_colour_by_position_uses_the_current_assessment(landscape: Any) -> None:
    world = landscape.world
    html = page(world.client_for(world.alice), URL + "?colour=position")
    assert 'class="node pos-p1"' in html  # the official, +1 now
    assert 'class="node pos-unknown"' in html  # the unassessed
    assert "Strongly against (−2)" in html


def view_of(html: str) -> tuple[float, float, float, float]:
    view = re.search(r'<svg[^>]*viewBox="([^"]+)"[^>]*class="chart network"', html)
    assert view is not None
    x, y, w, h = (float(v) for v in view.group(1).split())
    return x, y, w, h


def node_at(html: str, name: str) -> tuple[float, float]:
    """Where the picture draws `name`'s dot (its <title>, then its circle)."""
    found = re.search(
        rf"<title>{re.escape(name)}</title>.*?<circle cx=\"([\d.]+)\" cy=\"([\d.]+)\"[^>]*class=\"node", html, re.S
    )
    assert found is not None, name
    return float(found.group(1)), float(found.group(2))


def test_zoom_narrows_the_view_around_the_stakeholder_chosen_by_name(landscape: Any) -> None:
    world = landscape.world
    client = world.client_for(world.alice)
    whole = page(client, URL)
    assert view_of(whole) == (0, 0, 1000, 700)
    # Centred by name, in any letter case, at the zoom chosen.
    html = page(client, URL + "?zoom=4&centre=nino+BERIDZE")
    x, y, w, h = view_of(html)
    assert (w, h) == (250, 175)
    cx, cy = node_at(whole, "Nino Beridze")
    # The window is around the official's dot (or against the edge it sits near).
    assert x <= cx <= x + w and y <= cy <= y + h
    assert abs(x + w / 2 - cx) < 1 or x in (0, 750)
    # Centring without a zoom zooms in, and the one zoom control says how far.
    html = page(client, URL + "?centre=Seed+Fund&zoom=1")
    assert view_of(html)[2:] == (333.33, 233.33)
    assert re.search(r'<option value="3" selected>3×</option>', html)
    # Part of a name finds the one stakeholder whose name holds it; several are a question.
    assert view_of(page(client, URL + "?centre=agrarian"))[2:] == (333.33, 233.33)
    html = page(client, URL + "?centre=SEED")
    assert "Several stakeholders have “SEED” in their name: choose one from the list." in html
    assert view_of(html) == (0, 0, 1000, 700)
    # Bad zoom, or a name that is not this alliance's (B's own organisation): an error at the
    # field and the whole network.
    html = page(client, URL + f"?zoom=9&centre={world.org_b.name.replace(' ', '+')}")
    assert "Select a valid choice" in html
    assert "No stakeholder called “Lear Health Workers” in this alliance." in html
    assert view_of(html) == (0, 0, 1000, 700)


def test_centre_on_offers_the_names_and_there_is_one_zoom_control(landscape: Any) -> None:
    world = landscape.world
    html = page(world.client_for(world.alice), URL)
    field = re.search(r'<input type="text" name="centre"[^>]*>', html)
    assert field is not None and 'list="network-names"' in field.group(0)
    names = re.search(r'<datalist id="network-names">(.*?)</datalist>', html, re.S)
    assert names is not None
    offered = [html_lib.unescape(v) for v in re.findall(r'<option value="([^"]*)">', names.group(1))]
    assert offered == sorted(world.a.stakeholders.values_list("name", flat=True))
    # One way to zoom: the select in the form (no row of zoom links, no separate "zoom out").
    assert html.count('name="zoom"') == 1
    assert "zoom=" not in re.sub(r"<table.*?</table>", "", html, flags=re.S)
    assert "Zoom out" not in html
    # The table's "centre here" links centre by name too.
    assert "&amp;centre=Nino%20Beridze" in html


def test_the_layout_is_cached_and_recomputed_only_when_ties_change(
    landscape: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = landscape.world
    calls = []
    real = analytics.compute_layout
    monkeypatch.setattr(analytics, "compute_layout", lambda a: calls.append(1) or real(a))
    client = world.client_for(world.alice)
    page(client, URL)
    page(client, URL + "?colour=position")
    assert len(calls) == 1
    cache = world.a.graph_caches.get(kind=GraphCache.Kind.LAYOUT)
    assert set(cache.data["positions"]) == {str(pk) for pk in world.a.stakeholders.values_list("pk", flat=True)}
    # Same seed, same picture.
    assert real(world.a) == cache.data
    services.tie_create(
        alliance=world.a, source=landscape.committee, target=landscape.ministry, kind="opposes", strength=1
    )
    html = page(client, URL)
    assert len(calls) == 2
    assert 'marker-end="url(#arrow-opposes)"' in html


def test_while_the_layout_is_being_recomputed_the_last_one_shows_with_a_notice(
    landscape: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.landscape import tasks

    world = landscape.world
    client = world.client_for(world.alice)
    page(client, URL)

    class NoWorker:
        def enqueue(self, **kwargs: Any) -> None:
            pass

    monkeypatch.setattr(tasks, "refresh_layout", NoWorker())
    services.stakeholder_create(alliance=world.a, name="Late Arrival", kind="media")
    html = page(client, URL)
    assert "Computing…" in html
    assert "1 new stakeholder waits at the bottom" in html
    assert "Late Arrival" in html


NETWORK_QUERIES = 9
NETWORK_QUERIES_DRAWN = 24


@pytest.mark.parametrize("size", [3, 60])
def test_the_network_query_count_does_not_grow_with_the_landscape(
    world: World, size: int, django_assert_num_queries: Any
) -> None:
    grow(world, size)
    client = world.client_for(world.alice)
    client.get(URL + "?colour=position")  # warm up: session, and the layout is computed and cached
    # The view drawn for an unchanged landscape is read from the cache. Expect 9 queries:
    # session, user, alliance, roles, the ties' fingerprint, the cached layout (without its
    # positions), the rest of the analytics fingerprint, the drawn view, the switcher's alliances.
    with django_assert_num_queries(NETWORK_QUERIES):
        html = page(client, URL + "?colour=position")
    assert html.count('class="node-link"') == size + 2
    # Drawn afresh (the cache emptied): 24 queries whatever the size: those 9, the layout's
    # positions, how many stakeholders and ties, targets and members, the ties touching the
    # targets and those touching the members (one query each, none for an empty list: this
    # landscape has one of them empty), the stakeholders between them, the drawn stakeholders,
    # their ties, their assessments, the most connected, and the cache's write (five: its count
    # of entries, a savepoint, the key, the row, the savepoint released).
    cache.clear()
    with django_assert_num_queries(NETWORK_QUERIES_DRAWN):
        html = page(client, URL + "?colour=position")
    assert html.count('class="node-link"') == size + 2


def test_a_change_to_the_landscape_draws_the_network_afresh(landscape: Any) -> None:
    """The drawn view is kept for an unchanged landscape only: a renamed stakeholder or a new tie
    shows on the very next request."""
    world = landscape.world
    client = world.client_for(world.alice)
    first = page(client, URL + "?colour=position")
    official = world.a.stakeholders.get(name=landscape.official.name)
    assert official.name in first
    official.name = "Deputy Minister Renamed"
    official.save()
    assert "Deputy Minister Renamed" in page(client, URL + "?colour=position")
    ties_before = len(re.findall(r'marker-end="url\(#arrow\)"', page(client, URL)))
    services.tie_create(
        alliance=world.a,
        source=landscape.donor,
        target=landscape.official,
        kind="funds",
        strength=2,
    )
    assert len(re.findall(r'marker-end="url\(#arrow\)"', page(client, URL))) == ties_before + 1


def test_the_main_group_fills_the_picture_even_with_small_groups_and_loners() -> None:
    """One force layout of everything flings small groups to the edges and shrinks the main
    group to a dot; each group is laid out on its own and packed instead."""
    import rustworkx as rx

    from accord.lib.graph import packed_layout

    g = rx.PyGraph()
    g.add_nodes_from(list(range(100, 160)))
    for i in range(40):  # one group of 40 in a ring with chords
        g.add_edge(i, (i + 1) % 40, None)
        g.add_edge(i, (i + 7) % 40, None)
    g.add_edge(40, 41, None)  # a pair
    g.add_edge(42, 43, None)  # another pair; 44..59 are alone
    pos = packed_layout(g)
    assert set(pos) == set(range(100, 160))  # keyed by payload (stakeholder id), not index
    main_x = [pos[100 + i][0] for i in range(40)]
    main_y = [pos[100 + i][1] for i in range(40)]
    assert max(main_x) - min(main_x) > 0.4
    assert max(main_y) - min(main_y) > 0.4
    # Loners sit below the groups.
    assert min(pos[100 + i][1] for i in range(44, 60)) > max(main_y)
