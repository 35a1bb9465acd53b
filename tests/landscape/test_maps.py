"""The power-vs-position map: the picture, its table, the side panel, past dates, who may see it,
and a query count that does not grow with the landscape."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from accord.core.history import bulk_create
from accord.landscape import services
from accord.landscape.models import Assessment, Stakeholder, StakeholderType, Tie
from tests.conftest import World


def grow(world: World, n: int) -> None:
    """n more assessed stakeholders of A with a tie each (bulk, to keep the test fast)."""
    a = world.a
    start = a.stakeholders.count()
    people = bulk_create(
        Stakeholder,
        [
            Stakeholder(alliance=a, name=f"Actor {start + i}", kind=StakeholderType.LOCAL_NGO, is_target=i % 7 == 0)
            for i in range(n)
        ],
    )
    people = list(a.stakeholders.filter(name__startswith="Actor ").order_by("id"))
    bulk_create(
        Assessment,
        [
            Assessment(
                alliance=a,
                stakeholder=s,
                position=(i % 6) - 2 if i % 6 < 5 else None,
                influence=i % 6,
                interest=(i * 3) % 6,
                assessed_on=dt.date(2024, 1, 1),
            )
            for i, s in enumerate(people)
        ],
    )
    bulk_create(
        Tie,
        [
            Tie(alliance=a, source=s, target=people[(i + 1) % len(people)], kind="influences", strength=1 + i % 3)
            for i, s in enumerate(people)
            if len(people) > 1
        ],
    )


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_map_draws_each_assessed_stakeholder_where_its_assessment_puts_it(landscape: Any) -> None:
    world = landscape.world
    html = page(world.client_for(world.alice), "/a/riverside/landscape/map/")
    # The official (current assessment +1, influence 4, interest 4) is a target dot with its name.
    assert 'class="dot target"' in html
    assert "Nino Beridze: position +1, influence 4, interest 4" in html
    # Quadrants name the strategy; the chart is accessible and fluid.
    assert "Involve them closely" in html and "Win them over, or limit their sway" in html
    # Its dots are links, so it is a group (an image would hide them from a screen reader).
    assert 'role="group"' in html and "<desc" in html and 'viewBox="0 0 640 470"' in html
    root = re.search(r'<svg[^>]*class="chart power-map"[^>]*>', html)
    assert root is not None and " width=" not in root.group(0)
    # The same data as a table; the unassessed are counted, not drawn.
    assert "<td>+1</td><td>4</td><td>4</td>" in html
    assert "5 stakeholders are not on the map" in html  # ministry, committee, donor, A's two members
    # Each dot opens the side panel with htmx and links to a full page without JavaScript.
    link = f"/a/riverside/landscape/map/panel/{landscape.official.pk}/"
    assert f'href="{link}"' in html and f'hx-get="{link}"' in html and 'hx-target="#map-panel"' in html


def test_a_dot_opens_the_stakeholder_in_the_panel_with_htmx_or_as_a_full_page(landscape: Any) -> None:
    world = landscape.world
    client = world.client_for(world.bob)
    url = f"/a/riverside/landscape/map/panel/{landscape.official.pk}/"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "Nino Beridze" in fragment and "Draft the seed regulation" in fragment
    assert "+1" in fragment and "4 / 5" in fragment
    full = page(client, url)
    assert "<html" in full and "<svg" in full and "Draft the seed regulation" in full


def test_the_map_as_of_a_past_date_uses_the_assessments_of_that_day(landscape: Any) -> None:
    world = landscape.world
    client = world.client_for(world.alice)
    html = page(client, "/a/riverside/landscape/map/?as_of=2024-03-01")
    assert "Nino Beridze: position -1, influence 4, interest 3" in html
    assert "as of 2024-03-01" in html
    before = page(client, "/a/riverside/landscape/map/?as_of=2023-01-01")
    assert "Nino Beridze" not in before.split('class="chart power-map"', 1)[1].split("</svg>", 1)[0]
    # The panel follows the same date.
    panel = client.get(
        f"/a/riverside/landscape/map/panel/{landscape.official.pk}/?as_of=2024-03-01", headers={"HX-Request": "true"}
    ).content.decode()
    assert "-1" in panel and "10 Jan 2024" in panel


def test_a_bad_date_gets_a_clear_message_and_todays_map(landscape: Any) -> None:
    world = landscape.world
    html = page(world.client_for(world.alice), "/a/riverside/landscape/map/?as_of=31%2F02%2F2024")
    assert "Enter a date as YYYY-MM-DD" in html
    assert "Nino Beridze: position +1" in html


@pytest.mark.parametrize(
    "url",
    [
        "/a/riverside/landscape/map/",
        "/a/riverside/landscape/network/",
        "/a/riverside/landscape/composition/",
        "/a/riverside/landscape/analytics/",
        "/a/riverside/landscape/suggestions/",
    ],
)
def test_observers_never_see_the_maps_and_evaluators_do(landscape: Any, url: str) -> None:
    world = landscape.world
    assert world.client_for(world.olga).get(url).status_code == 403
    assert world.client_for(world.eve).get(url).status_code == 200
    assert world.client_for(world.lear).get(url).status_code == 404


def test_the_panel_of_another_alliances_stakeholder_is_not_found(landscape: Any) -> None:
    world = landscape.world
    url = f"/a/riverside/landscape/map/panel/{world.org_b.pk}/"
    assert world.client_for(world.alice).get(url).status_code == 404
    assert (
        world.client_for(world.olga).get(f"/a/riverside/landscape/map/panel/{landscape.official.pk}/").status_code
        == 403
    )


def test_names_are_escaped_in_the_picture(world: World) -> None:
    s = services.stakeholder_create(alliance=world.a, name='<script>alert("x")</script> & Co', kind="media")
    s.is_target = True  # targets are always drawn as dots
    s.save(update_fields=["is_target"])
    services.assessment_record(stakeholder=s, user=world.alice, position=None, influence=2, interest=2)
    html = page(world.client_for(world.alice), "/a/riverside/landscape/map/")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co: position unknown" in html


MAP_QUERIES = 11


@pytest.mark.parametrize("size", [3, 60])
def test_the_map_query_count_does_not_grow_with_the_landscape(
    world: World, size: int, django_assert_num_queries: Any
) -> None:
    grow(world, size)
    client = world.client_for(world.alice)
    client.get("/a/riverside/landscape/map/")  # warm up: session
    # Expect 11 queries: session, user, alliance, roles, the switcher's alliances, the influence
    # ranking, the dots (targets, members, the most influential: each with its latest
    # assessment), the cells' counts, the number of stakeholders.
    with django_assert_num_queries(MAP_QUERIES):
        html = page(client, "/a/riverside/landscape/map/")
    # Targets (every seventh actor, and A's official) and, before a ranking exists, those
    # assessed at influence 5 are dots; the rest are counted in cells.
    actors = range(size)
    dots = {i for i in actors if i % 7 == 0 or i % 6 == 5}
    assert len(re.findall(r'class="dot ', html)) == min(len(dots), 60)
