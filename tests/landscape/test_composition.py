"""The composition page: members and candidates against the target mix, gaps in words."""

from __future__ import annotations

from typing import Any

import pytest

from accord.landscape import services
from accord.membership.models import Membership
from tests.conftest import World
from tests.landscape.test_maps import grow, page

URL = "/a/riverside/landscape/composition/"


def test_the_page_names_each_gap_and_the_candidates_who_could_fill_it(world: World) -> None:
    a = world.a
    a.target_mix = {"kinds": ["womens_rights", "academic"], "scopes": ["grassroots"], "affected_population": True}
    a.save(update_fields=["target_mix"])
    uni = services.stakeholder_create(alliance=a, name="Agrarian University", kind="academic")
    Membership.objects.create(alliance=a, stakeholder=uni, status=Membership.Status.CANDIDATE)
    html = page(world.client_for(world.bob), URL)
    assert "No academic or research institution among members." in html
    assert "Could be filled by: Agrarian University" in html
    assert "No grassroots organisation among members." in html
    assert "No member-based organisation of the affected population among members." in html
    # Valley Women's Network is a member: that part of the mix is covered.
    assert "No women&#x27;s rights" not in html and "No women's rights" not in html
    assert 'class="chart"' in html and "Valley" not in html.split("<h2>")[0]


def test_a_membership_covering_the_mix_has_no_gaps(world: World) -> None:
    a = world.a
    a.target_mix = {"kinds": ["member_based"], "scopes": [], "affected_population": False}
    a.save(update_fields=["target_mix"])
    assert "The membership covers the whole target mix." in page(world.client_for(world.alice), URL)


COMPOSITION_QUERIES = 6


@pytest.mark.parametrize("size", [3, 60])
def test_the_composition_query_count_does_not_grow(world: World, size: int, django_assert_num_queries: Any) -> None:
    grow(world, size)
    client = world.client_for(world.alice)
    client.get(URL)
    # Expect 6 queries: session, user, alliance, roles, the switcher's alliances, stakeholders
    # with their memberships.
    with django_assert_num_queries(COMPOSITION_QUERIES):
        page(client, URL)
