"""The network at any size: the first view is the neighbourhood that matters (targets, members
and the stakeholders who link them), capped; the rest is counted and offered as downloads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from accord.core.history import bulk_create
from accord.landscape import views_maps
from accord.landscape.models import Stakeholder, StakeholderType, Tie
from accord.membership.models import Membership
from tests.conftest import World
from tests.landscape.test_maps import page

URL = "/a/riverside/landscape/network/"


def build(world: World, *, targets: int, members: int, others: int) -> dict[str, list[int]]:
    """Members tied to a broker each, each broker tied to a target; others in a chain of their own."""
    a = world.a

    def make(prefix: str, n: int, **extra: Any) -> list[int]:
        bulk_create(
            Stakeholder,
            [
                Stakeholder(alliance=a, name=f"{prefix} {i:04d}", kind=StakeholderType.LOCAL_NGO, **extra)
                for i in range(n)
            ],
        )
        return list(a.stakeholders.filter(name__startswith=f"{prefix} ").order_by("id").values_list("id", flat=True))

    t = make("Target", targets, is_target=True)
    m = make("Member", members)
    Membership.objects.bulk_create(
        [Membership(alliance=a, stakeholder_id=pk, status=Membership.Status.MEMBER) for pk in m]
    )
    b = make("Broker", members)
    o = make("Other", others)
    ties = [Tie(alliance=a, source_id=m[i], target_id=b[i], kind="influences", strength=2) for i in range(members)]
    ties += [
        Tie(alliance=a, source_id=b[i], target_id=t[i % targets], kind="influences", strength=2) for i in range(members)
    ]
    ties += [
        Tie(alliance=a, source_id=o[i], target_id=o[i + 1], kind="allied_with", strength=1) for i in range(others - 1)
    ]
    bulk_create(Tie, ties)
    return {"targets": t, "members": m, "brokers": b, "others": o}


def drawn_ids(html: str) -> set[int]:
    chart = html.split('class="chart network"', 1)[1].split("</svg>", 1)[0]
    return {int(pk) for pk in re.findall(r'<a href="/a/riverside/landscape/map/panel/(\d+)/" class="node-link"', chart)}


def test_the_first_view_draws_targets_members_and_who_links_them_and_counts_the_rest(world: World) -> None:
    made = build(world, targets=8, members=20, others=180)
    html = page(world.client_for(world.alice), URL)
    drawn = drawn_ids(html)
    assert set(made["targets"]) <= drawn and set(made["members"]) <= drawn and set(made["brokers"]) <= drawn
    assert not drawn & set(made["others"])  # on no path from a member to a target
    assert len(drawn) <= views_maps.NODE_CAP
    people, ties = world.a.stakeholders.count(), world.a.ties.count()
    drawn_ties = len(re.findall(r'<line [^>]*class="tie ', html))
    assert drawn_ties == 40  # member→broker and broker→target
    assert (
        f"{people - len(drawn)} other stakeholders and {ties - drawn_ties} ties are not drawn: download the whole network."
        in html
    )
    # The names offered to centre on are the drawn ones, not the whole register.
    names = re.search(r'<datalist id="network-names">(.*?)</datalist>', html, re.S)
    assert names is not None and names.group(1).count("<option") == len(drawn)
    assert 'href="/a/riverside/landscape/network/whole.svg"' in html
    assert 'name="format" value="graphml"' in html  # the existing export, linked, not duplicated


def test_the_cap_keeps_every_target_then_members(world: World) -> None:
    made = build(world, targets=70, members=120, others=5)
    drawn = drawn_ids(page(world.client_for(world.alice), URL))
    assert len(drawn) == views_maps.NODE_CAP
    assert set(made["targets"][: views_maps.TARGET_CAP]) <= drawn
    assert len(drawn & set(made["members"])) >= views_maps.NODE_CAP - views_maps.TARGET_CAP - views_maps.BROKER_CAP


def test_centring_on_someone_outside_the_neighbourhood_shows_their_own(world: World) -> None:
    made = build(world, targets=5, members=10, others=170)
    html = page(world.client_for(world.alice), URL + "?centre=Other+0050")
    drawn = drawn_ids(html)
    assert drawn == set(made["others"][49:52])  # the stakeholder and its two neighbours in the chain
    assert re.search(r'<option value="3" selected>3×</option>', html)


def test_the_svg_download_draws_every_stakeholder_and_tie(world: World) -> None:
    build(world, targets=5, members=10, others=170)
    response = world.client_for(world.alice).get(URL + "whole.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert body.count('class="node-link"') == world.a.stakeholders.count()
    assert len(re.findall(r"<line ", body)) == world.a.ties.count()
    assert world.client_for(world.lear).get(URL + "whole.svg").status_code == 404


NETWORK_QUERIES = 25


@pytest.mark.parametrize("others", [170, 400])
def test_the_neighbourhood_query_count_and_size_do_not_grow(
    world: World, others: int, django_assert_num_queries: Any
) -> None:
    build(world, targets=10, members=30, others=others)
    client: Client = world.client_for(world.alice)
    client.get(URL + "?colour=position")  # warm up: session, and the layout is computed and cached
    # Drawn afresh (an unchanged landscape's view is read from the cache, test_network.py), 25
    # queries: session, user, alliance, roles, the switcher's alliances, the ties' fingerprint,
    # the cached layout, the rest of the analytics fingerprint, the cached view (missing), how
    # many stakeholders and ties, targets and members, the ties touching the targets and those
    # touching the members, the stakeholders between them, the drawn stakeholders, their ties,
    # the layout's positions, their assessments, the most connected, and the cache's write (5).
    cache.clear()
    with django_assert_num_queries(NETWORK_QUERIES):
        html = page(client, URL + "?colour=position")
    assert len(html.encode()) < 120_000
