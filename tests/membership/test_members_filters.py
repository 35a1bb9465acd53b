"""The members page lists organisations a page at a time, filtered by status, type and voice,
with totals counted over every matching organisation (not only the page shown)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from accord.bench.synthetic import Generated, generate_alliance
from accord.core.models import Role
from accord.membership import selectors
from accord.membership.models import Membership, Seat, SeatRole
from accord.membership.views import ORGANISATIONS_PER_PAGE
from tests.conftest import make_user

ROW = re.compile(r'<tr id="org-(\d+)">')


@pytest.fixture
def big(db: Any) -> Generated:
    # 60 member organisations among 105 memberships: more than one page of 50.
    return generate_alliance(1.5, slug="big")


def _page(client: Client, generated: Generated, query: str = "") -> tuple[str, list[int]]:
    response = client.get(f"/a/{generated.alliance.slug}/members/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return html, [int(pk) for pk in ROW.findall(html)]


def _name_voices(alliance: Any) -> None:
    """Every member organisation names its first representative (the generator names none)."""
    members = alliance.memberships.filter(status="member")
    for org, reps in selectors.representatives_of(alliance, [m.stakeholder_id for m in members]).items():
        Membership.objects.filter(alliance=alliance, stakeholder_id=org).update(voice=reps[0])


def _co_chair(generated: Generated) -> Client:
    client = Client()
    client.force_login(generated.co_chair)
    return client


def test_pages_cover_every_organisation_once_and_the_total_is_exact(big: Generated) -> None:
    client = _co_chair(big)
    every = list(big.alliance.memberships.values_list("pk", flat=True))
    assert len(every) > ORGANISATIONS_PER_PAGE
    html, first = _page(client, big)
    assert len(first) == ORGANISATIONS_PER_PAGE
    # The total is the alliance's, not the page's.
    assert f"{len(every)} organisations" in html
    seen = list(first)
    for number in range(2, 10):
        html, rows = _page(client, big, f"?page={number}")
        if not rows or rows[0] in seen:
            break
        seen += rows
    assert sorted(seen) == sorted(every)
    # Totals per status count every organisation of that status.
    for status, label in Membership.Status.choices:
        n = big.alliance.memberships.filter(status=status).count()
        assert f"{str(label).capitalize()}: {n}</a>" in html


def test_the_status_and_type_filters_give_the_right_rows_and_totals(big: Generated) -> None:
    client = _co_chair(big)
    members = set(big.alliance.memberships.filter(status="member").values_list("pk", flat=True))
    html, rows = _page(client, big, "?status=member")
    assert f"{len(members)} organisations" in html
    seen = set(rows)
    _, rows2 = _page(client, big, "?status=member&page=2")
    seen |= set(rows2)
    assert seen == members
    # The link to the next page keeps the filter.
    assert 'href="?status=member&amp;page=2#organisations"' in html

    kind = big.alliance.memberships.values_list("stakeholder__kind", flat=True).first()
    of_kind = set(big.alliance.memberships.filter(stakeholder__kind=kind).values_list("pk", flat=True))
    assert 0 < len(of_kind) <= ORGANISATIONS_PER_PAGE
    html, rows = _page(client, big, f"?kind={kind}")
    assert set(rows) == of_kind
    word = "organisation" if len(of_kind) == 1 else "organisations"
    assert f"{len(of_kind)} {word}" in html

    both = set(big.alliance.memberships.filter(stakeholder__kind=kind, status="member").values_list("pk", flat=True))
    html, rows = _page(client, big, f"?kind={kind}&status=member")
    assert set(rows) == both


def test_the_voice_filter_splits_the_members_as_the_vote_counts_them(big: Generated) -> None:
    alliance = big.alliance
    # Every member names one of its representatives, then: some voices cleared, one named
    # voice who has left the alliance.
    _name_voices(alliance)
    members = list(alliance.memberships.filter(status="member").order_by("pk"))
    Membership.objects.filter(pk__in=[m.pk for m in members[:7]]).update(voice=None)
    gone = next(m for m in members[7:] if m.voice_id)
    Seat.objects.filter(pk=gone.voice_id).update(left_on=alliance.today())
    reference = selectors.voice_count(alliance)  # the Python rule the vote applies
    missing = {v.membership.pk for v in reference.missing}
    assert gone.pk in missing and len(missing) >= 8

    client = _co_chair(big)
    html, rows = _page(client, big, "?voice=missing")
    assert set(rows) == missing
    assert f"{len(missing)} organisations" in html
    named_total = reference.named
    html, first = _page(client, big, "?voice=named")
    _, second = _page(client, big, "?voice=named&page=2")
    assert len(set(first) | set(second)) == named_total
    assert not (set(first) | set(second)) & missing
    totals = selectors.voice_totals(alliance)
    assert (totals.named, totals.members) == (reference.named, reference.members)


@pytest.mark.parametrize(
    "query, note",
    [
        ("?status=bogus", "A filter had a value Accord does not know"),
        ("?kind=%3Cscript%3E", "A filter had a value Accord does not know"),
        ("?voice=perhaps", "A filter had a value Accord does not know"),
        ("?page=abc", "is not a page number"),
        ("?page=-3", "is not a page number"),
        ("?people_page=x", "is not a page number"),
        ("?page=999", "There is no page 999"),
    ],
)
def test_a_bad_filter_or_page_is_said_and_the_page_still_shows(big: Generated, query: str, note: str) -> None:
    client = _co_chair(big)
    html, rows = _page(client, big, query)
    assert note in html
    assert "<script>" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    if query == "?page=999":
        total = big.alliance.memberships.count()
        assert len(rows) == (total - 1) % ORGANISATIONS_PER_PAGE + 1  # the last page
    else:
        assert len(rows) == ORGANISATIONS_PER_PAGE  # the first page, unfiltered


def test_filters_keep_observers_to_organisations(big: Generated) -> None:
    alliance = big.alliance
    _name_voices(alliance)
    observer = make_user("watcher@example.test")
    seat = Seat.objects.create(alliance=alliance, user=observer)
    SeatRole.objects.create(alliance=alliance, seat=seat, role=Role.OBSERVER, starts_on=alliance.today())
    client = Client()
    client.force_login(observer)
    names = [
        s.user.display_name
        for s in selectors.representatives(alliance)
        if s.organisation_id is not None and s.user.display_name
    ]
    assert names
    for query in ("", "?voice=named", "?status=member&page=2", "?status=invited"):
        html, rows = _page(client, big, query)
        assert rows, query
        for name in names:
            assert name not in html, (query, name)
    html, _ = _page(client, big, "?voice=named")
    assert ">named<" in html


def test_the_filter_form_has_labels_and_ids_of_its_own(big: Generated) -> None:
    html, _ = _page(_co_chair(big), big)
    for field in ("status", "kind", "voice"):
        assert f'<label for="filter_{field}">' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
