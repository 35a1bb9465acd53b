"""On time: a proposal read after its closing time is shown closed and counted at once, on
its page, in the list, in the API and on the roadmap, without waiting for `accord reminders`;
once, however many read it, and the same when two readers race."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from accord.core.models import Notice
from accord.decisions import services
from accord.decisions.models import Proposal
from tests.api.conftest import bearer, token_for
from tests.conftest import build_world
from tests.decisions.conftest import Voices, make_voice, open_proposal, soon
from tests.decisions.test_concurrency import real_database

PAGES = "/a/riverside/decisions/"
API = "/api/alliances/riverside/proposals"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Stop the clock at a given moment (every `timezone.now()` answers it)."""

    def freeze(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


def _passing(voices: Voices) -> Proposal:
    """Open until two hours from now, with two of three organisations agreeing."""
    proposal = open_proposal(voices.world, closes_at=soon(2))
    services.vote_cast(proposal=proposal, user=voices.world.bob, response="agree")
    services.vote_cast(proposal=proposal, user=voices.world.alice, response="agree")
    return proposal


def _outcomes(proposal: Proposal) -> int:
    return Notice.objects.filter(kind="decisions.outcome", url__contains=f"/decisions/{proposal.pk}/").count()


def test_the_page_shows_a_proposal_closed_once_its_time_has_passed(voices: Voices, clock: Any) -> None:
    proposal = _passing(voices)
    client = voices.world.client_for(voices.world.olga)
    assert "Outcome" not in client.get(f"{PAGES}{proposal.pk}/").content.decode()  # still open
    clock(proposal.closes_at + dt.timedelta(minutes=1))  # no `accord reminders` run since
    html = client.get(f"{PAGES}{proposal.pk}/").content.decode()
    assert "Outcome: Passed" in html and "Your organisation&#x27;s vote" not in html
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED and proposal.outcome == Proposal.Outcome.PASSED
    assert proposal.closed_at == proposal.closes_at  # closed on time, though counted later
    assert _outcomes(proposal) == 3  # one notice per representative
    client.get(f"{PAGES}{proposal.pk}/")
    assert _outcomes(proposal) == 3  # counted once


def test_the_list_closes_what_is_due_before_showing_it(voices: Voices, clock: Any) -> None:
    proposal = _passing(voices)
    later = open_proposal(voices.world, title="Still running", closes_at=soon(48))
    clock(proposal.closes_at + dt.timedelta(hours=1))
    html = voices.world.client_for(voices.world.bob).get(PAGES).content.decode()
    card = html[html.index(proposal.title) : html.index("</li>", html.index(proposal.title))]
    assert "closes" not in card and "Passed" in card
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.CLOSED
    assert Proposal.objects.get(pk=later.pk).status == Proposal.Status.OPEN


def test_the_api_closes_what_is_due_before_answering(voices: Voices, clock: Any) -> None:
    first, second = _passing(voices), open_proposal(voices.world, title="Nobody voted", closes_at=soon(3))
    token = token_for(voices.world.a, voices.world.olga, "read")
    clock(soon(4))
    one = Client().get(f"{API}/{first.pk}", **bearer(token)).json()
    assert one["status"] == "closed" and one["outcome"] == "passed"
    results = Client().get(f"{API}/{second.pk}/results", **bearer(token)).json()
    assert results["status"] == "closed" and results["outcome"] == "no_quorum"
    third = open_proposal(voices.world, title="Third", closes_at=soon(5))
    clock(soon(6))
    listed = {p["id"]: p["status"] for p in Client().get(API, **bearer(token)).json()["items"]}
    assert listed[third.pk] == "closed"


def test_a_vote_after_the_closing_time_is_refused_and_the_proposal_shown_closed(voices: Voices, clock: Any) -> None:
    proposal = open_proposal(voices.world, closes_at=soon(2))
    clock(soon(3))
    response = Client().put(
        f"{API}/{proposal.pk}/vote",
        data=json.dumps({"response": "agree"}),
        content_type="application/json",
        **bearer(token_for(voices.world.a, voices.world.bob)),
    )
    assert response.status_code == 409
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED and not proposal.votes.exists()


def test_the_roadmap_reads_what_a_proposal_decided_at_its_closing_time(voices: Voices, clock: Any) -> None:
    from accord.purpose.services import purpose_save

    world = voices.world
    purpose = purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "x"}, base_version=None)
    proposal = open_proposal(world, subject="purpose", record=purpose, closes_at=soon(2))
    services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    clock(soon(3))
    page = world.client_for(world.olga).get("/a/riverside/").content.decode()
    step = page[page.index('id="step-4"') : page.index('id="step-5"')]
    assert "Purpose: version 1 agreed on" in step
    purpose.refresh_from_db()
    assert purpose.agreed_by_id == proposal.pk


@pytest.mark.django_db(transaction=True)
def test_two_readers_racing_close_it_once(tmp_path: Path) -> None:
    world = build_world()
    valley = world.a.stakeholders.get(name="Valley Women's Network")  # type: ignore[attr-defined]
    make_voice(world.org_a, world.alice)
    make_voice(valley, world.bob)
    proposal = open_proposal(world, closes_at=soon(2))
    services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    after = soon(3)
    errors: list[BaseException] = []
    closed_here: list[bool] = []
    barrier = threading.Barrier(2)

    def read() -> None:
        try:
            mine = Proposal.objects.select_related("alliance").get(pk=proposal.pk)
            barrier.wait(timeout=10)
            closed_here.append(services.proposal_close_if_due(proposal=mine, now=after))
            assert mine.status == Proposal.Status.CLOSED
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    with real_database(tmp_path):
        threads = [threading.Thread(target=read) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        result: list[Any] = []

        def count() -> None:
            try:
                result.append(
                    (
                        Proposal.objects.get(pk=proposal.pk).status,
                        Notice.objects.filter(kind="decisions.outcome").count(),
                    )
                )
            finally:
                connection.close()

        t = threading.Thread(target=count)
        t.start()
        t.join(timeout=30)
    assert errors == []
    assert sorted(closed_here) == [False, True]
    status, outcomes = result[0]
    assert status == Proposal.Status.CLOSED
    assert outcomes == 2  # alice and bob told once each
