"""The register pages: who may see them, filters, search, as-of, forms and pinned query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accord.landscape import services
from accord.landscape.models import Assessment, Stakeholder, StakeholderType, Tie
from tests.conftest import World
from tests.landscape.conftest import Landscape

BASE = "/a/riverside/landscape/"


def page_urls(ls: Landscape) -> list[str]:
    tie = Tie.objects.filter(alliance=ls.world.a).first()
    assert tie is not None
    s = ls.official.pk
    return [
        BASE,
        f"{BASE}stakeholders/new/",
        f"{BASE}stakeholders/{s}/",
        f"{BASE}stakeholders/{s}/edit/",
        f"{BASE}stakeholders/{s}/assess/",
        f"{BASE}stakeholders/{s}/ties/new/",
        f"{BASE}ties/{tie.pk}/edit/",
    ]


def post_urls(ls: Landscape) -> list[str]:
    tie = Tie.objects.filter(alliance=ls.world.a).first()
    assert tie is not None
    s = ls.official.pk
    return [
        f"{BASE}stakeholders/{s}/delete/",
        f"{BASE}stakeholders/{s}/target/",
        f"{BASE}ties/{tie.pk}/delete/",
        f"{BASE}stakeholders/new/",
        f"{BASE}stakeholders/{s}/assess/",
    ]


def test_observers_get_403_on_every_register_page(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.olga)
    for url in page_urls(landscape):
        assert client.get(url).status_code == 403, url
    for url in post_urls(landscape):
        assert client.post(url, {"name": "x", "kind": "media", "influence": 1, "interest": 1}).status_code == 403, url
    assert Stakeholder.objects.filter(pk=landscape.official.pk).exists()
    assert Assessment.objects.filter(alliance=landscape.world.a).count() == 2


def test_observers_do_not_see_the_landscape_in_the_navigation(landscape: Landscape) -> None:
    page = landscape.world.client_for(landscape.world.olga).get("/a/riverside/").content.decode()
    assert f'<a href="{BASE}">Landscape</a>' not in page
    alice = landscape.world.client_for(landscape.world.alice).get("/a/riverside/").content.decode()
    assert f'<a href="{BASE}">Landscape</a>' in alice


def test_an_evaluator_reads_the_register_and_positions_but_cannot_change_them(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.eve)
    page = client.get(BASE).content.decode()
    assert "Nino Beridze" in page and "+1" in page
    assert "Add a stakeholder" not in page
    detail = client.get(f"{BASE}stakeholders/{landscape.official.pk}/").content.decode()
    assert "Record an assessment" not in detail and "Add a tie" not in detail
    assert client.get(f"{BASE}stakeholders/new/").status_code == 403
    assert client.post(f"{BASE}stakeholders/{landscape.official.pk}/assess/", {"influence": 1}).status_code == 403


def test_every_participant_role_opens_every_page(landscape: Landscape) -> None:
    for user in (landscape.world.alice, landscape.world.sam, landscape.world.bob, landscape.world.walt):
        client = landscape.world.client_for(user)
        for url in page_urls(landscape):
            assert client.get(url).status_code == 200, (user, url)


def test_a_foreign_stakeholder_id_is_a_404_like_a_missing_one(landscape: Landscape) -> None:
    world = landscape.world
    foreign = world.client_for(world.lear).get(f"/a/lear/landscape/stakeholders/{landscape.official.pk}/")
    missing = world.client_for(world.lear).get("/a/lear/landscape/stakeholders/999999/")
    assert foreign.status_code == missing.status_code == 404
    assert "Nino Beridze" not in foreign.content.decode()


def names(client: Client, query: str) -> list[str]:
    response = client.get(BASE + query)
    assert response.status_code == 200
    return [s.name for s, _a in response.context["rows"]]


def test_the_register_filters_and_searches(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.alice)
    services.stakeholder_update(stakeholder=landscape.donor, unlikely_suspect=True)
    assert names(client, "?q=seed") == ["Ministry of Seeds", "Seed Fund"]
    assert names(client, "?kind=parliament") == ["Agrarian Committee"]
    assert names(client, "?scope=international") == ["Seed Fund"]
    assert names(client, "?target=yes") == ["Agrarian Committee", "Nino Beridze"]
    assert names(client, "?unlikely=yes") == ["Seed Fund"]
    assert names(client, "?membership=member") == ["Riverside Farmers Union", "Valley Women's Network"]
    assert "Riverside Farmers Union" not in names(client, "?membership=none")
    assert names(client, "?position=for") == ["Nino Beridze"]
    assert names(client, "?position=1") == ["Nino Beridze"]
    assert names(client, "?position=against") == []
    assert "Nino Beridze" not in names(client, "?position=unassessed")
    services.assessment_record(
        stakeholder=landscape.donor, user=landscape.world.alice, position=None, influence=2, interest=2
    )
    assert names(client, "?position=unknown") == ["Seed Fund"]


def test_as_of_a_past_date_shows_positions_as_they_were(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.alice)
    response = client.get(BASE + "?as_of=2024-03-01")
    rows = dict((s.name, a) for s, a in response.context["rows"])
    assert rows["Nino Beridze"].position == -1
    assert "Positions as they were on 1 March 2024" in response.content.decode()
    assert names(client, "?as_of=2024-03-01&position=against") == ["Nino Beridze"]
    before = dict((s.name, a) for s, a in client.get(BASE + "?as_of=2023-01-01").context["rows"])
    assert before["Nino Beridze"] is None


@pytest.mark.parametrize("bad", ["2024-13-45", "yesterday", "0000-00-00", "2024-02-30"])
def test_a_bad_date_gets_a_clear_message_not_a_500(landscape: Landscape, bad: str) -> None:
    response = landscape.world.client_for(landscape.world.alice).get(BASE, {"as_of": bad, "position": "zzz"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a date as YYYY-MM-DD" in body
    # The page falls back to today's positions and ignores the bad filters.
    rows = dict((s.name, a) for s, a in response.context["rows"])
    assert rows["Nino Beridze"].position == 1


def test_the_register_is_paginated_by_fifty(world: World) -> None:
    Stakeholder.objects.bulk_create(
        [Stakeholder(alliance=world.a, name=f"Org {i:03d}", kind=StakeholderType.LOCAL_NGO) for i in range(120)]
    )
    client = world.client_for(world.alice)
    first = client.get(BASE)
    assert len(first.context["rows"]) == 50
    assert "page 1 of 3" in first.content.decode()
    third = client.get(BASE + "?q=Org&page=3")
    assert [s.name for s, _ in third.context["rows"]][-1] == "Org 119"
    assert "q=Org&amp;page=2" in third.content.decode()
    assert client.get(BASE + "?page=999").status_code == 200


def _grow(world: World, n: int) -> None:
    rows = Stakeholder.objects.bulk_create(
        [
            Stakeholder(alliance=world.a, name=f"Grown {i:04d}", kind=StakeholderType.LOCAL_NGO, is_target=i % 7 == 0)
            for i in range(n)
        ]
    )
    Assessment.objects.bulk_create(
        [
            Assessment(
                alliance=world.a, stakeholder=s, position=(i % 5) - 2, influence=i % 6, interest=1, assessed_on=d
            )
            for i, s in enumerate(rows)
            for d in (dt.date(2024, 1, 1), dt.date(2024, 6, 1))
        ]
    )


def _count(client: Client, url: str) -> list[str]:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("query", ["", "?position=against&as_of=2024-03-01&target=yes&q=o"])
def test_register_query_count_is_pinned_and_flat(world: World, query: str) -> None:
    client = world.client_for(world.alice)
    _grow(world, 3)
    small = _count(client, BASE + query)
    Stakeholder.objects.filter(name__startswith="Grown").delete()
    _grow(world, 150)
    large = _count(client, BASE + query)
    # Expect 8 queries: the session, the user, the alliance by slug, the person's roles, the
    # paginator's count, the page of stakeholders (with their membership and organisation,
    # and the latest position as a subquery when filtering by it), the page's current
    # assessments, and the alliance switcher's list.
    assert len(small) == len(large) == 8, "\n".join(large)
    assert client.get(BASE + query).context["rows"], "the filters must match something at both sizes"


def test_stakeholder_page_query_count_does_not_grow(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.alice)
    url = f"{BASE}stakeholders/{landscape.ministry.pk}/"
    small = _count(client, url)
    for i in range(20):
        person = services.stakeholder_create(
            alliance=landscape.world.a,
            name=f"Official {i}",
            kind="national_government",
            is_individual=True,
            organisation=landscape.ministry,
        )
        services.tie_create(alliance=landscape.world.a, source=person, target=landscape.ministry, kind="reports_to")
        services.assessment_record(
            stakeholder=landscape.ministry, user=landscape.world.alice, position=i % 3 - 1, influence=3, interest=2
        )
    large = _count(client, url)
    assert len(small) == len(large), "\n".join(large)


def test_the_stakeholder_page_shows_people_ties_chart_and_history(landscape: Landscape) -> None:
    world = landscape.world
    page = world.client_for(world.alice).get(f"{BASE}stakeholders/{landscape.official.pk}/").content.decode()
    assert "Ministry of Seeds" in page  # belongs to, and the reports-to tie
    assert "reports to" in page
    assert 'viewBox="0 0 320 200" role="img" aria-labelledby="history-title history-desc" class="history-chart"' in page
    assert "Position moved from -1 to +1" in page
    assert "<table" in page and "10 Jan 2024" in page
    assert 'id="history-h"' in page
    ministry = world.client_for(world.alice).get(f"{BASE}stakeholders/{landscape.ministry.pk}/").content.decode()
    assert "People in this organisation" in ministry and "Nino Beridze" in ministry
    assert "Seed Fund" in ministry  # funds the ministry: a tie in


def test_create_form_shows_a_duplicate_name_at_the_field(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.bob)
    response = client.post(f"{BASE}stakeholders/new/", {"name": "seed fund", "kind": "media", "scope": "national"})
    assert response.status_code == 200
    assert "already in the register" in response.content.decode()
    assert response.context["form"].errors["name"]
    assert Stakeholder.objects.filter(alliance=landscape.world.a, name__iexact="seed fund").count() == 1


def test_create_and_edit_through_the_forms(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.walt)
    response = client.post(
        f"{BASE}stakeholders/new/",
        {
            "name": "Zurab Kiknadze",
            "kind": "national_government",
            "scope": "national",
            "is_individual": "on",
            "organisation": landscape.ministry.pk,
            "is_target": "on",
            "target_ask": "Sign off the regulation.",
        },
    )
    created = Stakeholder.objects.get(name="Zurab Kiknadze")
    assert response.status_code == 302 and response["Location"].endswith(f"/stakeholders/{created.pk}/")
    assert created.organisation == landscape.ministry and created.is_target
    response = client.post(
        f"{BASE}stakeholders/{created.pk}/edit/",
        {
            "name": "Zurab Kiknadze",
            "kind": "national_government",
            "scope": "national",
            "organisation": created.pk,
            "version": created.version,
        },
    )
    assert response.status_code == 200  # cannot belong to itself: not among the choices
    assert response.context["form"].errors["organisation"]


def test_target_form_marks_a_target(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.alice)
    response = client.post(
        f"{BASE}stakeholders/{landscape.donor.pk}/target/",
        {"is_target": "on", "ask": "Fund the pilots.", "version": landscape.donor.version},
    )
    assert response.status_code == 302
    landscape.donor.refresh_from_db()
    assert landscape.donor.is_target and landscape.donor.target_ask == "Fund the pilots."


def test_assessment_inline_with_htmx_swaps_the_section(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.sam)
    url = f"{BASE}stakeholders/{landscape.donor.pk}/assess/"
    response = client.post(
        url, {"position": "2", "influence": "3", "interest": "4", "evidence": "Pledged"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="assessments"')
    assert "<html" not in body and "Assessment recorded." in body and "Pledged" in body
    a = Assessment.objects.get(stakeholder=landscape.donor)
    assert (a.position, a.influence, a.interest, a.assessed_by) == (2, 3, 4, landscape.world.sam)


def test_a_bad_assessment_shows_errors_and_writes_nothing(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.sam)
    url = f"{BASE}stakeholders/{landscape.donor.pk}/assess/"
    response = client.post(url, {"position": "7", "influence": "9", "interest": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    response = client.post(url, {"position": "1", "influence": "1", "interest": "1", "assessed_on": future})
    assert "cannot be dated later" in response.content.decode()
    assert not Assessment.objects.filter(stakeholder=landscape.donor).exists()


def test_tie_forms_add_refuse_duplicates_edit_and_remove(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.bob)
    url = f"{BASE}stakeholders/{landscape.committee.pk}/ties/new/"
    data: dict[str, Any] = {"direction": "in", "other": landscape.donor.pk, "kind": "influences", "strength": "3"}
    assert client.post(url, data).status_code == 302
    tie = Tie.objects.get(source=landscape.donor, target=landscape.committee)
    duplicate = client.post(url, data)
    assert duplicate.status_code == 200 and "already recorded" in duplicate.content.decode()
    self_tie = client.post(url, {**data, "other": landscape.committee.pk})
    assert self_tie.context["form"].errors["other"]
    edit = {"kind": "opposes", "strength": "1", "version": tie.version}
    assert client.post(f"{BASE}ties/{tie.pk}/edit/", edit).status_code == 302
    tie.refresh_from_db()
    assert (tie.kind, tie.strength) == ("opposes", 1)
    assert client.post(f"{BASE}ties/{tie.pk}/delete/").status_code == 302
    assert not Tie.objects.filter(pk=tie.pk).exists()


def test_removing_a_stakeholder_with_seats_shows_why(world: World) -> None:
    network = world.a.stakeholders.get(name="Valley Women's Network")  # type: ignore[attr-defined]
    client = world.client_for(world.alice)
    response = client.post(f"{BASE}stakeholders/{network.pk}/delete/", follow=True)
    assert "hold seats" in response.content.decode()
    assert Stakeholder.objects.filter(pk=network.pk).exists()
