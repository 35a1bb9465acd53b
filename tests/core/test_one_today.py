"""One today: every date of an alliance is its own, read in its time zone.

Each case freezes the clock at an instant where the server's (UTC) date and the alliance's date
differ, so a program that reads the server's day fails every test here:

- 2026-03-10 23:30 UTC is already 11 March 03:30 in Tbilisi (UTC+4);
- 2026-03-11 03:30 UTC is still 10 March 22:30 in Lima (UTC-5).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accord.accounts.models import User
from accord.alliances.services import alliance_create
from accord.core.models import Alliance, Notice, Role
from accord.core.permissions import roles_of
from accord.decisions.models import Proposal
from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership import reminders
from accord.membership.models import Membership, Seat
from accord.membership.services import stakeholder_invite
from accord.membership.services_roles import seat_grant_role, seat_role_end, secretariat_term_add
from accord.purpose.services import purpose_save
from tests.api.conftest import bearer, token_for
from tests.conftest import make_user

UTC = dt.UTC


@dataclass(frozen=True)
class Case:
    zone: str
    now: dt.datetime  # the frozen instant
    day: dt.date  # the alliance's date at that instant
    closes_utc: dt.datetime  # 12 March 01:30 on the alliance's clock, as stored
    expires: dt.date  # the invitation's last day (30 days on), on the alliance's calendar

    @property
    def server_day(self) -> dt.date:
        return self.now.date()


TBILISI = Case(
    zone="Asia/Tbilisi",
    now=dt.datetime(2026, 3, 10, 23, 30, tzinfo=UTC),
    day=dt.date(2026, 3, 11),
    closes_utc=dt.datetime(2026, 3, 11, 21, 30, tzinfo=UTC),
    expires=dt.date(2026, 4, 10),
)
LIMA = Case(
    zone="America/Lima",
    now=dt.datetime(2026, 3, 11, 3, 30, tzinfo=UTC),
    day=dt.date(2026, 3, 10),
    closes_utc=dt.datetime(2026, 3, 12, 6, 30, tzinfo=UTC),
    expires=dt.date(2026, 4, 9),
)
CLOSES_TYPED = "2026-03-12T01:30"
DAY = dt.timedelta(days=1)


@dataclass
class Place:
    case: Case
    alliance: Alliance
    chair: User  # the convener: co-chair, and the voice of the first member organisation


@pytest.fixture(params=[TBILISI, LIMA], ids=["tbilisi", "lima"])
def place(request: Any, db: Any) -> Iterator[Place]:
    case: Case = request.param
    assert case.day != case.server_day  # the whole point: the two calendars disagree
    with mock.patch("django.utils.timezone.now", return_value=case.now):
        chair = make_user("chair@one.test", name="Chair")
        alliance = alliance_create(
            user=chair,
            name="One Today Alliance",
            organisation_name="First Union",
            organisation_kind=StakeholderType.MEMBER_BASED,
            timezone_name=case.zone,
            slug="one-today",
        )
        yield Place(case=case, alliance=alliance, chair=chair)


def fresh(user: User) -> User:
    """The user read again, without the roles cached on the object."""
    return User.objects.get(pk=user.pk)


def test_the_alliance_today_is_its_own_day(place: Place) -> None:
    assert place.alliance.today() == place.case.day


def test_the_convener_joins_and_takes_office_on_the_alliances_day(place: Place) -> None:
    seat = Seat.objects.get(alliance=place.alliance, user=place.chair)
    assert seat.joined_on == place.case.day
    assert set(seat.roles.values_list("starts_on", flat=True)) == {place.case.day}
    assert Membership.objects.get(stakeholder__name="First Union").since == place.case.day


def test_a_role_granted_for_today_only_starts_and_counts_on_the_alliances_day(place: Place) -> None:
    olga = make_user("olga@one.test")
    role = seat_grant_role(alliance=place.alliance, email=olga.email, role=Role.OBSERVER, ends_on=place.case.day)
    assert role.starts_on == place.case.day
    assert Seat.objects.get(alliance=place.alliance, user=olga).joined_on == place.case.day
    # The term is one day long: it counts only if "today" is the alliance's day.
    assert roles_of(fresh(olga), place.alliance) == {Role.OBSERVER}


def test_ending_a_role_today_ends_it_the_day_before_the_alliances_today(place: Place) -> None:
    walt = make_user("walt@one.test")
    role = seat_grant_role(alliance=place.alliance, email=walt.email, role=Role.WG_LEAD, starts_on=dt.date(2020, 1, 1))
    assert roles_of(fresh(walt), place.alliance) == {Role.WG_LEAD}
    seat_role_end(seat_role=role)
    role.refresh_from_db()
    assert role.ends_on == place.case.day - DAY
    assert roles_of(fresh(walt), place.alliance) == frozenset()


def test_a_secretariat_hand_over_must_come_after_the_alliances_today(place: Place) -> None:
    seat = Seat.objects.get(alliance=place.alliance, user=place.chair)
    with pytest.raises(ValidationError, match="after today"):
        secretariat_term_add(alliance=place.alliance, seat=seat, starts_on=place.case.day)
    term = secretariat_term_add(alliance=place.alliance, seat=seat, starts_on=place.case.day + DAY)
    assert term.starts_on == place.case.day + DAY


def test_the_hand_over_reminder_counts_days_on_the_alliances_calendar(place: Place) -> None:
    alliance = place.alliance
    assert alliance.secretariat_reminder_days == 14
    seat = Seat.objects.get(alliance=alliance, user=place.chair)
    due = secretariat_term_add(alliance=alliance, seat=seat, starts_on=place.case.day + 14 * DAY)
    later = secretariat_term_add(alliance=alliance, seat=seat, starts_on=place.case.day + 15 * DAY)
    reminders.run(place.case.now)
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.reminder_sent_at == place.case.now
    assert later.reminder_sent_at is None


def test_an_invitation_expires_on_the_alliances_day(place: Place) -> None:
    alliance = place.alliance
    purpose_save(alliance=alliance, user=place.chair, data={"policy": "Seed law"}, base_version=None)
    hill = Stakeholder.objects.create(alliance=alliance, name="Hill Herders", kind=StakeholderType.MEMBER_BASED)
    invitation = stakeholder_invite(alliance=alliance, stakeholder=hill, email="ines@hill.test", by=place.chair)
    assert invitation.expires_at == place.case.now + dt.timedelta(days=30)
    day = place.case.expires
    email = Notice.objects.get(kind="invitation", email="ines@hill.test")
    assert f"The link works until {day.day} {day:%B %Y}" in email.body
    client = Client()
    client.force_login(place.chair)
    page = client.get(reverse("membership:members", kwargs={"alliance_slug": alliance.slug})).content.decode()
    assert f"until {day.day} {day:%b %Y}" in page


def test_a_closing_time_without_a_zone_is_the_alliances_wall_time_in_the_form(place: Place) -> None:
    client = Client()
    client.force_login(place.chair)
    response = client.post(
        reverse("decisions:create", kwargs={"alliance_slug": place.alliance.slug}),
        {
            "title": "Meet monthly",
            "subject": "general",
            "process": "consent",
            "quorum_percent": 50,
            "closes_at": CLOSES_TYPED,
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert Proposal.objects.get().closes_at == place.case.closes_utc


def test_a_closing_time_without_a_zone_is_the_alliances_wall_time_in_the_api(place: Place) -> None:
    token = token_for(place.alliance, place.chair, "write")
    base = f"/api/alliances/{place.alliance.slug}/proposals"

    def post(path: str, body: dict[str, Any]) -> Any:
        return Client().post(path, data=json.dumps(body), content_type="application/json", **bearer(token))

    created = post(base, {"title": "Meet monthly", "process": "consent", "closes_at": CLOSES_TYPED})
    assert created.status_code == 201, created.content
    assert Proposal.objects.get(pk=created.json()["id"]).closes_at == place.case.closes_utc
    draft = post(base, {"title": "Meet weekly", "process": "consent"}).json()["id"]
    opened = post(f"{base}/{draft}/open", {"closes_at": CLOSES_TYPED})
    assert opened.status_code == 200, opened.content
    assert Proposal.objects.get(pk=draft).closes_at == place.case.closes_utc


def test_a_purpose_deadline_is_past_on_the_alliances_calendar(place: Place) -> None:
    """A deadline of the alliance's today has passed; one of its tomorrow has not (the page and
    the API say the same)."""
    alliance = place.alliance
    client = Client()
    client.force_login(place.chair)
    token = token_for(alliance, place.chair, "read")
    passed = "The deadline has already passed."

    def judged_past() -> tuple[bool, bool]:
        page = client.get(reverse("purpose:current", kwargs={"alliance_slug": alliance.slug})).content.decode()
        smart = Client().get(f"/api/alliances/{alliance.slug}/purpose/smart", **bearer(token)).json()
        time_bound = next(letter for letter in smart["letters"] if letter["letter"] == "T")
        return passed in page, passed in time_bound["problems"]

    purpose_save(alliance=alliance, user=place.chair, data={"deadline": place.case.day}, base_version=None)
    assert judged_past() == (True, True)
    purpose_save(alliance=alliance, user=place.chair, data={"deadline": place.case.day + DAY}, base_version=1)
    assert judged_past() == (False, False)
