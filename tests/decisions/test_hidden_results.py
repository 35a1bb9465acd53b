"""Hidden results stay hidden everywhere until closing: pages, API, CSV export and emails.

Only how many organisations have voted may show. Nobody is exempt, co-chairs included."""

from __future__ import annotations

from typing import Any

import pytest

from accord.core.models import Notice
from accord.decisions import reminders, services
from accord.decisions.models import Proposal
from tests.api.conftest import bearer, token_for
from tests.decisions.conftest import Voices, open_proposal, soon

BLOCK_REASON = "Zyxwvut the herders were never asked"


@pytest.fixture
def hidden(voices: Voices) -> Proposal:
    world = voices.world
    proposal = open_proposal(world, hide_results=True, title="Hidden question")
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    services.vote_cast(proposal=proposal, user=voices.hana, response="block", reason=BLOCK_REASON)
    return proposal


def page(voices: Voices, user: Any, proposal: Proposal) -> str:
    response = voices.world.client_for(user).get(f"/a/riverside/decisions/{proposal.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_only_how_many_voted_even_to_co_chairs(voices: Voices, hidden: Proposal) -> None:
    world = voices.world
    for user in (world.alice, world.sam, world.olga, world.eve):
        html = page(voices, user, hidden)
        assert "2 of 3 member organisations have voted" in html
        assert BLOCK_REASON not in html
        assert "Hill Herders" not in html  # who voted is hidden too
        assert "How each organisation voted" not in html
        assert "results.csv" not in html


def test_the_voice_sees_its_own_answer_but_no_one_elses(voices: Voices, hidden: Proposal) -> None:
    html = page(voices, voices.world.alice, hidden)
    assert "own answer:" in html and "Agree" in html
    assert BLOCK_REASON not in html and "Block:" not in html


def test_results_appear_on_the_page_once_closed(voices: Voices, hidden: Proposal) -> None:
    services.proposal_close(proposal=hidden, user=voices.world.alice, early=True)
    html = page(voices, voices.world.olga, hidden)
    assert BLOCK_REASON in html and "Hill Herders" in html


def test_the_api_nulls_every_result_field_until_closing(voices: Voices, hidden: Proposal) -> None:
    world = voices.world
    token = token_for(world.a, world.alice, "read")
    url = f"/api/alliances/riverside/proposals/{hidden.pk}/results"
    body = world.client_for(None).get(url, **bearer(token)).json()
    assert body["visible"] is False and body["voted"] == 2 and body["members"] == 3
    assert body["responses"] is None and body["votes"] is None and body["options"] is None
    assert body["quorum_met"] is None
    detail = world.client_for(None).get(f"/api/alliances/riverside/proposals/{hidden.pk}", **bearer(token))
    assert BLOCK_REASON not in detail.content.decode()
    listing = world.client_for(None).get("/api/alliances/riverside/proposals", **bearer(token))
    assert BLOCK_REASON not in listing.content.decode() and "Hill Herders" not in listing.content.decode()
    services.proposal_close(proposal=hidden, user=world.alice, early=True)
    body = world.client_for(None).get(url, **bearer(token)).json()
    assert body["visible"] is True and body["responses"]["block"] == 1
    assert {v["organisation"] for v in body["votes"]} == {"Riverside Farmers Union", "Hill Herders"}


def test_the_csv_export_is_refused_until_closing(voices: Voices, hidden: Proposal) -> None:
    client = voices.world.client_for(voices.world.alice)
    url = f"/a/riverside/decisions/{hidden.pk}/results.csv"
    refused = client.get(url)
    assert refused.status_code == 403
    assert BLOCK_REASON.encode() not in refused.content
    services.proposal_close(proposal=hidden, user=voices.world.alice, early=True)
    exported = client.get(url)
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    assert "Hill Herders" in text and BLOCK_REASON in text


def test_the_reminder_email_carries_no_tally(voices: Voices, hidden: Proposal) -> None:
    assert reminders.run(soon(30)) == 1
    notices = list(Notice.objects.filter(kind="decisions.reminder"))
    # Only the organisation that has not voted is reminded.
    assert [n.recipient for n in notices] == [voices.world.bob]
    body = notices[0].body
    assert "2 of 3 member organisations have voted" in body
    for leak in (BLOCK_REASON, "Hill Herders", "Riverside Farmers Union", "block", "agree"):
        assert leak.lower() not in body.lower()


def test_no_email_before_closing_carries_votes(voices: Voices, hidden: Proposal) -> None:
    reminders.run(soon(30))
    for notice in Notice.objects.filter(kind__startswith="decisions."):
        assert BLOCK_REASON not in notice.body and "Hill Herders" not in notice.body
    services.proposal_close(proposal=hidden, user=voices.world.alice, early=True)
    outcome = Notice.objects.filter(kind="decisions.outcome").first()
    assert outcome is not None and BLOCK_REASON in outcome.body
