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
    # Expect 25 queries: the session, the user, the alliance by slug, the person's roles in it,
    # the proposals past their closing time (closed before the steps are read; none here),
    # then a fixed number per roadmap step, each a count or a few rows (1: purpose; 2: the
    # targets' counts, read once for steps 2 and 8, the stakeholders assessed, the members'
    # and candidates' types; 3: invitations, acceptances, members; 4: purpose versions, charter
    # versions, and the circulations of the agreed ones (the synthetic alliance has agreed its
    # purpose, principles and non-negotiables by decision); 5: framework document, co-chairs,
    # secretariat, the activities approved and resourced (one aggregate); 7: the members and
    # those who declared resources, the approved activities and those resourced), the page heading's
    # purpose and the switcher's alliances. Listed in full in tests/alliances/test_roadmap_page.py.
    assert len(queries) == 25, "\n".join(queries)


def test_members_page_query_count(db: Any) -> None:
    client, slug = _client_for_generated(0.1, "pinned")
    queries = _queries(f"/a/{slug}/members/", client)
    # Expect 15 queries, none per row: the session, the user, the alliance by slug, the person's
    # roles in it; the totals per status (they also give the organisations' paginator its
    # count); the page of organisations with their stakeholders and voices; that page's
    # representatives; the voice totals; the invitations' and the join requests' counts (no page
    # read: there are none); the seats' count, their page and its current roles; the
    # secretariat's terms; the alliance switcher. The forms that list every organisation or seat
    # open on request (?show=invite, ?show=roles) and are counted in tests/membership.
    assert len(queries) == 15, "\n".join(queries)


def test_members_filtered_and_a_stakeholder_page_pin_their_counts_at_two_scales(db: Any) -> None:
    from django.db.models import Count

    from accord.landscape.models import Tie

    clients = [_client_for_generated(scale, f"pages-{i}") for i, scale in enumerate((0.2, 0.6))]
    counted: dict[str, list[list[str]]] = {"members": [], "stakeholder": []}
    for client, slug in clients:
        counted["members"].append(_queries(f"/a/{slug}/members/?status=member&voice=missing&page=2", client))
        # The stakeholder with the most ties out (dozens at the larger scale).
        busiest = (
            Tie.objects.filter(alliance__slug=slug)
            .values("source_id")
            .annotate(n=Count("id"))
            .order_by("-n", "source_id")
            .first()
        )
        assert busiest is not None
        counted["stakeholder"].append(_queries(f"/a/{slug}/landscape/stakeholders/{busiest['source_id']}/", client))
    for page, (small_q, large_q) in counted.items():
        assert len(small_q) == len(large_q), f"{page}\n" + _explain(small_q, large_q)
    # Members, filtered and on its second page: the 15 queries of the page unfiltered.
    assert len(counted["members"][0]) == 15, "\n".join(counted["members"][0])
    # Expect 13 queries on a stakeholder's page: the session, the user, the alliance by slug, the
    # person's roles in it; the stakeholder (with membership and organisation); the people in it;
    # its history (changes); its ties counted by direction and kind; one page of ties out and one
    # of ties in; its newest assessments and their count; the alliance switcher.
    assert len(counted["stakeholder"][0]) == 13, "\n".join(counted["stakeholder"][0])


# The landscape pages, measured on two scales of the synthetic alliance whose landscapes differ
# in every dimension the pages read: 60 and 180 stakeholders, 2 and 5 targets (1 and 2 of them
# officials inside a ministry), about 120 and 360 assessments, 180 and 540 ties.
LANDSCAPE_SCALES = (0.2, 0.6)

LANDSCAPE_PAGES = {
    # Expect 8 queries: the session, the user, the alliance by slug, the person's roles in it,
    # the paginator's count, the page of stakeholders (with their membership and
    # organisation), the page's current assessments and the alliance switcher's list.
    "landscape/": 8,
    # Expect 11 queries: the session, the user, the alliance by slug, the person's roles in it;
    # the stored influence ranking; the targets, the members and the most influential drawn as
    # dots (each with its latest assessment); the counts of everyone else by cell; the number of
    # stakeholders; the alliance switcher's list.
    "landscape/map/": 11,
    # Expect 9 queries: the session, the user, the alliance by slug, the person's roles in it;
    # the ties' fingerprint and the cached layout without its positions (fresh: nothing asked
    # for); the rest of the analytics fingerprint; the view drawn for this unchanged landscape,
    # from the cache (tests/landscape/test_network.py counts a view drawn afresh); the alliance
    # switcher's list.
    "landscape/network/": 9,
    # Expect 6 queries: the session, the user, the alliance by slug, the person's roles in it,
    # the members and candidates (a few columns), and the alliance switcher's list.
    "landscape/composition/": 6,
    # Expect 11 queries: the session, the user, the alliance by slug, the person's roles in it;
    # for the stored ranking and reach, and again for the brokers: the ties' fingerprint (once,
    # shared), the rest of what the ranking and reach read, each stored row and the stakeholders
    # it names; the alliance switcher's list. Nothing is computed.
    "landscape/analytics/": 11,
    # Expect 9 queries: the session, the user, the alliance by slug, the person's roles in it;
    # the fingerprint of what suggestions read (two queries), the stored row, the stakeholders
    # it names; the alliance switcher's list.
    "landscape/suggestions/": 9,
}


def test_landscape_pages_pin_their_query_counts_and_do_not_grow(db: Any) -> None:
    clients = [_client_for_generated(scale, f"land-{i}") for i, scale in enumerate(LANDSCAPE_SCALES)]
    for path, expected in LANDSCAPE_PAGES.items():
        # The first request (inside _queries) also computes and caches the network's layout,
        # as the background task does inline in tests; the measured request reads the cache.
        small_q, large_q = (_queries(f"/a/{slug}/{path}", client) for client, slug in clients)
        assert len(small_q) == len(large_q), f"{path}\n" + _explain(small_q, large_q)
        assert len(small_q) == expected, f"{path}\n" + "\n".join(small_q)


# --- Work: the resource inventory and the gap --------------------------------------------


def _resources_world(slug: str, n: int) -> tuple[Client, str]:
    """An alliance with `n` members, each with two offers, and `n` activities with needs and
    commitments (some covered, some short), seen by its co-chair."""
    from decimal import Decimal

    from accord.accounts.models import User
    from accord.alliances.services import alliance_create
    from accord.landscape.models import Stakeholder, StakeholderType
    from accord.membership.models import Membership
    from accord.work.models import Activity, Commitment, ResourceNeed, ResourceOffer

    user = User.objects.create_user(email=f"chair@{slug}.test", password="x")
    alliance = alliance_create(
        user=user,
        name=f"Alliance {slug}",
        organisation_name=f"Org {slug}",
        organisation_kind=StakeholderType.LOCAL_NGO,
        country="Georgia",
        slug=slug,
    )
    kinds = [StakeholderType.INGO, StakeholderType.LOCAL_NGO, StakeholderType.ACADEMIC]
    for i in range(n):
        org = Stakeholder.objects.create(alliance=alliance, name=f"Member {i}", kind=kinds[i % 3])
        Membership.objects.create(alliance=alliance, stakeholder=org, status=Membership.Status.MEMBER)
        if i % 4 == 3:
            continue  # some declared nothing
        money = ResourceOffer.objects.create(
            alliance=alliance, stakeholder=org, kind="money", description="Fund", amount=Decimal(5000), currency="GEL"
        )
        ResourceOffer.objects.create(alliance=alliance, stakeholder=org, kind="time", description="Days", amount=10)
        act = Activity.objects.create(alliance=alliance, title=f"Activity {i}", owner=org, status="approved")
        ResourceNeed.objects.create(
            alliance=alliance, activity=act, kind="money", description="Hall", amount=1000, currency="GEL"
        )
        ResourceNeed.objects.create(alliance=alliance, activity=act, kind="skills", description="Lawyer")
        Commitment.objects.create(
            alliance=alliance, activity=act, offer=money, role="funding", amount=500 + 300 * (i % 3)
        )
        Activity.objects.create(alliance=alliance, title=f"Idea {i}")
    client = Client()
    client.force_login(user)
    return client, slug


RESOURCE_PAGES = {
    # Expect 11 queries: the session, the user, the alliance by slug, the person's roles in it;
    # the offers' count (the paginator's), the person's seat (whom they act for), the page of
    # offers with their organisations and what is committed and left of each (subqueries), the
    # totals offered and committed per kind and currency (two), the members for the filter, and
    # the alliance switcher's list.
    "work/resources/": 11,
    # Expect 17 queries: the session, the user, the alliance by slug, the person's roles in it;
    # the first uncovered activities and their count, their needs and what was committed to
    # them per kind and currency (two, for all listed at once); the first activities with
    # nothing committed and their count; the first members with no open offer, their count and
    # the members' count; by type: activities owned, commitments per kind and currency, and the
    # organisations committing; the alliance switcher's list.
    "work/gap/": 17,
}


def test_resources_and_gap_pin_their_query_counts_and_do_not_grow(db: Any) -> None:
    few, many = _resources_world("res-few", 4), _resources_world("res-many", 60)
    for path, expected in RESOURCE_PAGES.items():
        small_q, large_q = (_queries(f"/a/{slug}/{path}", client) for client, slug in (few, many))
        assert len(small_q) == len(large_q), f"{path}\n" + _explain(small_q, large_q)
        assert len(small_q) == expected, f"{path}\n" + "\n".join(small_q)


# --- Work: the board, the timeline and a working group's page -------------------------------


def _work_world(slug: str, n: int) -> tuple[Client, str, int]:
    """An alliance with one working group of 3 members and `n` activities in it, of every status,
    with owners, responsible people and due dates on both sides of today, seen by its co-chair."""
    import datetime as dt

    from accord.accounts.models import User
    from accord.alliances.services import alliance_create
    from accord.landscape.models import Stakeholder, StakeholderType
    from accord.membership.models import Membership
    from accord.work.models import Activity, GroupMember, WorkingGroup

    user = User.objects.create_user(email=f"chair@{slug}.test", password="x")
    alliance = alliance_create(
        user=user,
        name=f"Alliance {slug}",
        organisation_name=f"Org {slug}",
        organisation_kind=StakeholderType.LOCAL_NGO,
        country="Georgia",
        slug=slug,
    )
    seat = alliance.seats.get(user=user)  # type: ignore[attr-defined]
    group = WorkingGroup.objects.create(alliance=alliance, name="Finance")
    orgs = []
    for i in range(3):
        org = Stakeholder.objects.create(alliance=alliance, name=f"Member {i}", kind=StakeholderType.LOCAL_NGO)
        Membership.objects.create(alliance=alliance, stakeholder=org, status=Membership.Status.MEMBER)
        GroupMember.objects.create(alliance=alliance, group=group, stakeholder=org)
        orgs.append(org)
    today = alliance.today()
    statuses = ["proposed", "approved", "in_progress", "done", "dropped"]
    Activity.objects.bulk_create(
        [
            Activity(
                alliance=alliance,
                title=f"Activity {i}",
                working_group=group,
                owner=seat.organisation if i % 2 else orgs[i % 3],
                responsible=seat if i % 2 else None,
                created_by=user,
                status=statuses[i % 5],
                progress=(i * 7) % 100,
                starts_on=today + dt.timedelta(days=i - n // 2 - 10),
                due_on=today + dt.timedelta(days=i - n // 2),
            )
            for i in range(n)
        ]
    )
    client = Client()
    client.force_login(user)
    return client, slug, group.pk


WORK_PAGES = {
    # Expect 10 queries: the session, the user, the alliance by slug, the person's roles in it;
    # the person's seat (for "mine" and "my organisation's"), the totals and overdue count, the
    # roll-up of the activities shown (one aggregate), the groups for the filter, the page of
    # activities with owner, responsible person and group, and the alliance switcher's list.
    "work/": 10,
    # Filtered, the alliance's own roll-up is read beside the filtered one: 11.
    "work/?mine=1&organisation=1&created=1&status=approved&group={group}": 11,
    # Expect 8 queries: the session, the user, the alliance by slug, the person's roles in it; the
    # counts of dated and undated activities, up to 60 due before today, up to 60 due from today,
    # and the alliance switcher's list. A group's timeline reads the group too: 9.
    "work/timeline/": 8,
    "work/groups/{group}/timeline/": 9,
    # Expect 12 queries: the session, the user, the alliance by slug, the person's roles in it;
    # the group, its roll-up, its activities' count, its members, its current leads, its first 50
    # activities with owner, responsible person and group, the alliance switcher's list, and (for
    # a co-chair) the member organisations not in the group yet, for the "add" form.
    "work/groups/{group}/": 12,
    # Expect 6 queries: the session, the user, the alliance by slug, the person's roles in it; the
    # groups with their member and running-activity counts (one query), and the switcher's list.
    "work/groups/": 6,
}


def test_work_pages_pin_their_query_counts_and_do_not_grow(db: Any) -> None:
    few, many = _work_world("work-few", 3), _work_world("work-many", 30)
    counts = {}
    for path in WORK_PAGES:
        small_q, large_q = (
            _queries(f"/a/{slug}/{path.format(group=group)}", client) for client, slug, group in (few, many)
        )
        assert len(small_q) == len(large_q), f"{path}\n" + _explain(small_q, large_q)
        counts[path] = len(small_q)
    assert counts == WORK_PAGES
