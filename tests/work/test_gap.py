"""The gap: exactly the activities still to be done whose needs are not covered, those with
neither a commitment nor "no extra resources", the members that declared nothing; and who owns
and who resources the work by type of organisation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accord.landscape.models import StakeholderType
from accord.work import selectors_resources as sel
from accord.work.models import ActivityStatus
from tests.conftest import World
from tests.work.resources_helpers import activity, commitment, member, need, offer, valley_of

pytestmark = pytest.mark.django_db


def test_gap_lists_exactly_the_uncovered_activities(world: World) -> None:
    valley = valley_of(world)
    gel = offer(world.a, valley, "money", 10000)
    usd = offer(world.a, valley, "money", 10000, currency="USD")
    days = offer(world.a, world.org_a, "time", 50)

    covered = activity(world.a, "Covered", status=ActivityStatus.APPROVED)
    need(covered, "money", 1000)
    need(covered, "money", 500)
    commitment(covered, gel, 1500)

    short = activity(world.a, "Short", status=ActivityStatus.IN_PROGRESS)
    need(short, "money", 1000)
    need(short, "money", 500)
    commitment(short, gel, 1400)

    wrong_currency = activity(world.a, "Wrong currency")
    need(wrong_currency, "money", 100)
    commitment(wrong_currency, usd, 100)

    uncounted = activity(world.a, "A lawyer", status=ActivityStatus.APPROVED)
    need(uncounted, "skills", None)
    commitment(uncounted, days, 2)  # time does not cover skills

    done = activity(world.a, "Done long ago", status=ActivityStatus.DONE)
    need(done, "time", 10)
    dropped = activity(world.a, "Dropped", status=ActivityStatus.DROPPED)
    need(dropped, "time", 10)

    foreign = activity(world.b, "Theirs")
    need(foreign, "time", 10)

    gap = sel.gap(world.a)
    assert {r.activity.title for r in gap.uncovered.rows} == {"Short", "Wrong currency", "A lawyer"}
    assert gap.uncovered.total == 3
    shorts = {r.activity.title: r.short for r in gap.uncovered.rows}
    assert [c.missing for c in shorts["Short"]] == [Decimal("100")]  # the second need lacks 100


def test_gap_lists_activities_with_neither_commitments_nor_no_extra_resources(world: World) -> None:
    activity(world.a, "Nothing", status=ActivityStatus.APPROVED)
    activity(world.a, "Has what it needs", no_extra_resources=True)
    with_one = activity(world.a, "Committed")
    commitment(with_one, offer(world.a, world.org_a, "skills", None), None)
    activity(world.a, "Done", status=ActivityStatus.DONE)
    gap = sel.gap(world.a)
    assert [a.title for a in gap.unresourced.rows] == ["Nothing"]


def test_gap_lists_the_members_that_declared_nothing(world: World) -> None:
    valley = valley_of(world)
    third = member(world.a, "Third Union")
    member(world.a, "Candidate", status="candidate")
    offer(world.a, world.org_a, "time", 3)
    withdrawn = offer(world.a, third, "time", 3)
    withdrawn.withdrawn_on = world.a.today()
    withdrawn.save()
    gap = sel.gap(world.a)
    assert [s.name for s in gap.silent.rows] == sorted([valley.name, "Third Union"])
    assert gap.members == 3 and gap.declared == 1


def test_gap_lists_are_capped_with_how_many_more(world: World) -> None:
    for i in range(7):
        activity(world.a, f"Activity {i}")
    gap = sel.gap(world.a, cap=5)
    assert len(gap.unresourced.rows) == 5
    assert gap.unresourced.total == 7 and gap.unresourced.more == 2


def test_by_type_counts_owners_and_resourcers(world: World) -> None:
    valley = valley_of(world)  # women's rights
    ingo = member(world.a, "Big INGO", kind=StakeholderType.INGO)
    activity(world.a, "A", owner=valley)
    activity(world.a, "B", owner=valley, status=ActivityStatus.DONE)
    activity(world.a, "C", owner=valley, status=ActivityStatus.DROPPED)  # not counted
    target = activity(world.a, "D", owner=world.org_a)  # member-based
    money = offer(world.a, ingo, "money", 10000)
    usd = offer(world.a, ingo, "money", 500, currency="USD")
    days = offer(world.a, ingo, "time", 20)
    commitment(target, money, 3000)
    commitment(target, money, 1000)
    commitment(target, usd, 500)
    commitment(target, days, 5)
    commitment(target, offer(world.a, valley, "skills", None), None)
    rows = {r.kind: r for r in sel.by_type(world.a)}
    assert rows[StakeholderType.WOMENS_RIGHTS].activities == 2
    assert rows[StakeholderType.WOMENS_RIGHTS].commitments == 1
    assert rows[StakeholderType.MEMBER_BASED].activities == 1
    assert rows[StakeholderType.MEMBER_BASED].commitments == 0
    ingo_row = rows[StakeholderType.INGO]
    assert ingo_row.activities == 0 and ingo_row.commitments == 4 and ingo_row.organisations == 1
    assert ingo_row.amount_texts == ["5 person-days", "GEL 4,000", "USD 500"]


def test_the_gap_page(world: World) -> None:
    act = activity(world.a, "Parliament briefing", status=ActivityStatus.APPROVED)
    need(act, "money", 800)
    resp = world.client_for(world.olga).get(reverse("work:gap", args=[world.a.slug]))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Parliament briefing" in html
    assert "GEL 800 of GEL 800 missing" in html
    assert "Valley Women" in html  # declared nothing yet
    assert "0 of 2 members have an open offer." in html
    assert world.client_for(world.lear).get(reverse("work:gap", args=[world.a.slug])).status_code == 404
