"""Times: every instant is shown on the alliance's clock with the zone's name, the same on the
decision pages, the inbox and the imports.

Each instant sits near midnight, so a page that shows it on the server's (UTC) clock shows the
wrong day as well as the wrong hour:

- 2026-03-10 23:30 UTC is 11 March 03:30 in Tbilisi (UTC+4);
- 2026-03-11 03:30 UTC is still 10 March 22:30 in Lima (UTC-5).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.models import User
from accord.alliances.services import alliance_create
from accord.core.models import Alliance, Notice
from accord.decisions import services as decisions
from accord.landscape.models import ImportJob, StakeholderType
from tests.conftest import make_user

UTC = dt.UTC


@dataclass(frozen=True)
class Case:
    zone: str
    label: str
    at: dt.datetime  # an instant near midnight, as stored (UTC)
    shown: str  # how the alliance reads it
    wrong_day: str  # the day a zone-blind page would show

    @property
    def far(self) -> dt.datetime:
        """The same wall-clock moment some years on: a closing time that stays in the future."""
        return self.at.replace(year=2036)


TBILISI = Case("Asia/Tbilisi", "Tbilisi", dt.datetime(2026, 3, 10, 23, 30, tzinfo=UTC), "11 Mar 2026, 03:30", "10 Mar")
LIMA = Case("America/Lima", "Lima", dt.datetime(2026, 3, 11, 3, 30, tzinfo=UTC), "10 Mar 2026, 22:30", "11 Mar")


@dataclass
class Place:
    case: Case
    alliance: Alliance
    chair: User
    client: Client

    def get(self, name: str, **kwargs: Any) -> str:
        url = reverse(name, kwargs={"alliance_slug": self.alliance.slug, **kwargs})
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content.decode()


@pytest.fixture(params=[TBILISI, LIMA], ids=["tbilisi", "lima"])
def place(request: Any, db: Any) -> Place:
    case: Case = request.param
    assert case.at.date() != case.at.astimezone(zoneinfo.ZoneInfo(case.zone)).date(), "the calendars must disagree"
    chair = make_user("chair@times.test", name="Chair")
    alliance = alliance_create(
        user=chair,
        name="Times Alliance",
        organisation_name="First Union",
        organisation_kind=StakeholderType.MEMBER_BASED,
        timezone_name=case.zone,
        slug="times",
    )
    client = Client()
    client.force_login(chair)
    return Place(case=case, alliance=alliance, chair=chair, client=client)


def labelled(when: str, case: Case) -> str:
    return f"{when} ({case.label})"


def test_the_decision_page_and_list_show_the_closing_time_on_the_alliances_clock(place: Place) -> None:
    case = place.case
    proposal = decisions.proposal_create(alliance=place.alliance, user=place.chair, title="Meet monthly")
    decisions.proposal_open(proposal=proposal, user=place.chair, closes_at=case.far)
    closes = labelled(case.shown.replace("2026", "2036"), case)
    page = place.get("decisions:detail", proposal_id=proposal.pk)
    assert closes in page, page
    assert f"{case.wrong_day} 2036" not in page
    assert closes in place.get("decisions:list")
    # The email (and so the inbox) names the same clock in words.
    email = Notice.objects.get(kind="decisions.opened", recipient=place.chair)
    day, month = case.shown.split()[:2]
    long = f"{day} {dict(Mar='March')[month]} 2036, {case.shown.split(', ')[1]}"
    assert f"It closes on {long} ({case.label})." in email.body, email.body
    assert f"It closes on {long} ({case.label})." in place.get("inbox:list")
    # Once closed, the closing moment is shown the same way.
    decisions.proposal_close(proposal=proposal, user=place.chair, now=case.at.replace(year=2035), early=True)
    page = place.get("decisions:detail", proposal_id=proposal.pk)
    assert labelled(case.shown.replace("2026", "2035"), case) in page, page


def test_the_inbox_shows_when_each_message_came_on_the_alliances_clock(place: Place) -> None:
    Notice.objects.create(
        alliance=place.alliance,
        recipient=place.chair,
        email=place.chair.email,
        kind="test",
        subject="A late message",
        body="Sent near midnight.",
        created_at=place.case.at,
    )
    page = place.get("inbox:list")
    assert labelled(place.case.shown, place.case) in page, page
    assert place.case.wrong_day not in page


def test_an_import_shows_when_it_was_uploaded_and_imported_on_the_alliances_clock(place: Place) -> None:
    case = place.case
    job = ImportJob.objects.create(
        alliance=place.alliance,
        created_by=place.chair,
        created_at=case.at,
        filename="map.csv",
        format=ImportJob.Format.CSV,
        status=ImportJob.Status.COMMITTED,
        committed_at=case.at + dt.timedelta(minutes=5),
    )
    page = place.get("landscape:import_job", import_job_id=job.pk)
    assert labelled(case.shown, case) in page, page
    assert labelled(case.shown[:-2] + "35", case) in page  # imported five minutes later
    assert case.wrong_day not in page
    assert labelled(case.shown, case) in place.get("landscape:io")


def test_a_plain_date_on_an_alliance_page_is_the_alliances_day(place: Place) -> None:
    """The middleware runs alliance pages in the alliance's zone: a date without the time
    (a token's creation day) is the alliance's day too, and the zone ends with the request."""
    from accord.api.services import api_token_create

    token, _raw = api_token_create(alliance=place.alliance, user=place.chair, name="Sync", access="read")
    type(token).objects.filter(pk=token.pk).update(created_at=place.case.at)
    page = place.get("api_tokens:list")
    day = place.case.shown.split(",")[0]
    assert f"{day} · " in page, page
    assert timezone.get_current_timezone_name() == "UTC"


def test_when_names_the_zone_and_follows_the_readers_language() -> None:
    alliance = Alliance(timezone="Asia/Tbilisi")
    template = Template("{% load times %}{{ t|when:alliance }}|{{ alliance|zone_label }}")
    context = Context({"t": TBILISI.at, "alliance": alliance})
    assert template.render(context) == "11 Mar 2026, 03:30 (Tbilisi)|Tbilisi"
    with translation.override("es"):
        assert template.render(context).startswith("11 mar 2026, 03:30 (Tbilisi)")
    # An old name is labelled by its current one; nothing for no time at all.
    assert (
        Template("{% load times %}{{ t|when:a }}").render(
            Context({"t": TBILISI.at, "a": Alliance(timezone="US/Eastern")})
        )
        == "10 Mar 2026, 19:30 (New York)"
    )
    assert Template("{% load times %}[{{ t|when:a }}]").render(Context({"t": None, "a": alliance})) == "[]"
