"""A stakeholder's page stays the same size however many ties and assessments it has: ties come
20 a page each way with their totals by kind, the history shows its newest rows and a count."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.landscape import drawing
from accord.landscape.models import Assessment, Stakeholder, StakeholderType, Tie
from accord.landscape.views import CHART_ASSESSMENTS, HISTORY_ROWS, TIES_PER_PAGE
from tests.landscape.conftest import Landscape

KINDS = ["influences", "funds", "opposes"]


def _crowd(landscape: Landscape, ties_out: int, ties_in: int, assessments: int) -> Stakeholder:
    """The donor, with `ties_out` ties to new stakeholders, `ties_in` from others, and
    `assessments` dated assessments, one a day."""
    world = landscape.world
    a = world.a
    donor = landscape.donor
    others = Stakeholder.objects.bulk_create(
        Stakeholder(alliance=a, name=f"Other {i:03d}", kind=StakeholderType.LOCAL_NGO)
        for i in range(max(ties_out, ties_in))
    )
    Tie.objects.bulk_create(Tie(alliance=a, source=donor, target=others[i], kind=KINDS[i % 3]) for i in range(ties_out))
    Tie.objects.bulk_create(Tie(alliance=a, source=others[i], target=donor, kind="allied_with") for i in range(ties_in))
    start = dt.date(2020, 1, 1)
    Assessment.objects.bulk_create(
        Assessment(
            alliance=a,
            stakeholder=donor,
            assessed_by=world.alice,
            assessed_on=start + dt.timedelta(days=i),
            position=(i % 5) - 2,
            influence=i % 6,
            interest=2,
        )
        for i in range(assessments)
    )
    return donor


def _get(landscape: Landscape, stakeholder: Stakeholder, query: str = "") -> str:
    client = landscape.world.client_for(landscape.world.alice)
    response = client.get(f"/a/{landscape.world.a.slug}/landscape/stakeholders/{stakeholder.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _out_links(html: str) -> list[str]:
    section = html.split('id="ties-out"', 1)[1].split('id="ties-in"', 1)[0]
    return re.findall(r">(Other \d{3})</a>", section)


def test_ties_come_a_page_at_a_time_with_exact_totals_by_kind(landscape: Landscape) -> None:
    donor = _crowd(landscape, ties_out=45, ties_in=3, assessments=0)
    html = _get(landscape, donor)
    # The fixture already gave the donor one "funds" tie to the ministry: 46 out in all.
    out = Tie.objects.filter(source=donor)
    assert out.count() == 46
    counts = {k: out.filter(kind=k).count() for k in KINDS}
    assert f"46 ties: funds {counts['funds']}, influences {counts['influences']}, opposes {counts['opposes']}" in html
    assert "3 ties: is allied with 3" in html
    first = _out_links(html)
    assert len(first) == TIES_PER_PAGE
    # Newest first: the last created comes first.
    assert first[0] == "Other 044"
    seen = list(first)
    for page in (2, 3):
        seen += _out_links(_get(landscape, donor, f"?ties_out_page={page}"))
    assert len(seen) == len(set(seen)) == 45  # and the ministry on the last page
    assert 'href="?ties_out_page=2#ties-out"' in html


@pytest.mark.parametrize("query", ["?ties_out_page=abc", "?ties_out_page=99", "?ties_in_page=-1"])
def test_a_bad_page_of_ties_shows_a_page_and_says_so(landscape: Landscape, query: str) -> None:
    donor = _crowd(landscape, ties_out=45, ties_in=3, assessments=0)
    html = _get(landscape, donor, query)
    assert "That page of ties does not exist" in html
    assert _out_links(html)


def test_the_history_shows_the_newest_rows_and_the_chart_the_newest_fifty(
    landscape: Landscape, monkeypatch: Any
) -> None:
    donor = _crowd(landscape, ties_out=0, ties_in=0, assessments=120)
    drawn: list[list[Assessment]] = []
    real = drawing.history_chart

    def spy(assessments: list[Assessment]) -> Any:
        drawn.append(list(assessments))
        return real(assessments)

    monkeypatch.setattr(drawing, "history_chart", spy)
    html = _get(landscape, donor)
    (chart_rows,) = drawn
    assert len(chart_rows) == CHART_ASSESSMENTS
    newest = list(Assessment.objects.filter(stakeholder=donor).order_by("-assessed_on", "-id")[:CHART_ASSESSMENTS])
    assert chart_rows == newest[::-1]  # oldest first, as the chart draws them
    table = html.split('id="assess-h"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr><td>") == HISTORY_ROWS
    assert f"The newest {HISTORY_ROWS} of 120 assessments" in html


def test_the_page_costs_the_same_queries_with_few_or_many_ties(landscape: Landscape) -> None:
    client = landscape.world.client_for(landscape.world.alice)
    base = f"/a/{landscape.world.a.slug}/landscape/stakeholders"
    few = landscape.committee
    many = _crowd(landscape, ties_out=60, ties_in=30, assessments=80)
    # Give the committee one tie each way and one assessment, so the same parts of the page show.
    Tie.objects.create(alliance=landscape.world.a, source=few, target=landscape.ministry)
    Tie.objects.create(alliance=landscape.world.a, source=landscape.official, target=few)
    Assessment.objects.create(
        alliance=landscape.world.a, stakeholder=few, assessed_by=landscape.world.alice, influence=2, interest=2
    )
    client.get(f"{base}/{few.pk}/")
    counted = []
    for s in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{base}/{s.pk}/").status_code == 200
        counted.append(len(ctx))
    assert counted[0] == counted[1], counted


def test_the_tie_form_has_its_own_page_linked_from_the_stakeholder(landscape: Landscape) -> None:
    html = _get(landscape, landscape.donor)
    url = f"/a/{landscape.world.a.slug}/landscape/stakeholders/{landscape.donor.pk}/ties/new/"
    assert f'href="{url}"' in html
    assert 'name="other"' not in html  # the list of every stakeholder is not on this page
    form = landscape.world.client_for(landscape.world.alice).get(url)
    assert form.status_code == 200
    assert 'name="other"' in form.content.decode()
