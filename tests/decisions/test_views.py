"""The decisions pages: list, proposal, create form, voting, managing, export."""

from __future__ import annotations

from typing import Any

from django.test import Client

from accord.decisions import services
from accord.decisions.models import Proposal, Vote
from tests.decisions.conftest import Voices, open_proposal

BASE = "/a/riverside/decisions/"


def test_list_query_count_does_not_grow_with_proposals(voices: Voices, django_assert_num_queries: Any) -> None:
    world = voices.world
    for n in range(3):
        open_proposal(world, title=f"Open {n}")
    client = world.client_for(world.olga)
    client.get(BASE)  # warm the session
    # Expect 8 queries: session, user, alliance, roles (middleware), the proposals past their
    # closing time (none: closed first when there are), the page count, the nav's alliances,
    # and one page of proposals with their linked versions and vote counts.
    with django_assert_num_queries(8) as first:
        assert client.get(BASE).status_code == 200
    for n in range(5):
        open_proposal(world, title=f"More {n}")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(BASE)
    assert response.content.decode().count('class="card"') == 8


def test_list_shows_open_before_closed(voices: Voices) -> None:
    world = voices.world
    closed = open_proposal(world, title="Already decided")
    services.proposal_close(proposal=closed, user=world.alice, early=True)
    open_proposal(world, title="Still open")
    html = world.client_for(world.bob).get(BASE).content.decode()
    assert html.index("Still open") < html.index("Already decided")


def test_list_is_paginated(voices: Voices) -> None:
    world = voices.world
    for n in range(22):
        services.proposal_create(alliance=world.a, user=world.alice, title=f"Idea {n:02d}")
    client = world.client_for(world.bob)
    assert client.get(BASE).content.decode().count('class="card"') == 20
    assert client.get(BASE + "?page=2").content.decode().count('class="card"') == 2


def test_observers_read_but_do_not_vote_or_propose(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    client = world.client_for(world.olga)
    html = client.get(f"{BASE}{proposal.pk}/").content.decode()
    assert proposal.title in html and "Cast the vote" not in html
    assert client.post(f"{BASE}{proposal.pk}/vote/", {"response": "agree"}).status_code == 403
    assert client.get(f"{BASE}new/").status_code == 403
    assert not Vote.objects.exists()


def test_a_representative_who_is_not_the_voice_gets_no_form_and_no_vote(voices: Voices) -> None:
    world = voices.world
    from accord.membership.models import Membership

    Membership.objects.filter(stakeholder=voices.valley).update(voice=None)
    proposal = open_proposal(world)
    client = world.client_for(world.bob)
    assert "Cast the vote" not in client.get(f"{BASE}{proposal.pk}/").content.decode()
    assert client.post(f"{BASE}{proposal.pk}/vote/", {"response": "agree"}).status_code == 403
    assert not Vote.objects.exists()


def test_the_voice_votes_and_a_block_without_reason_is_shown_at_the_field(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    client = world.client_for(world.bob)
    response = client.post(f"{BASE}{proposal.pk}/vote/", {"response": "block", "reason": ""})
    assert response.status_code == 200
    assert 'class="field has-error"' in response.content.decode() and "Say why you block" in response.content.decode()
    assert not Vote.objects.exists()
    response = client.post(f"{BASE}{proposal.pk}/vote/", {"response": "agree"})
    assert response.status_code == 302
    assert Vote.objects.get().response == "agree"


def test_a_vote_between_options_from_the_form(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world, process="vote", options=["Tuesday 3 June", "Thursday 5 June"])
    june5 = proposal.options.get(label="Thursday 5 June")  # type: ignore[attr-defined]
    client = world.client_for(world.bob)
    assert client.post(f"{BASE}{proposal.pk}/vote/", {"options": str(june5.pk)}).status_code == 302
    assert list(Vote.objects.get().options.all()) == [june5]


def test_create_form_with_a_purpose_version_and_errors_at_the_field(voices: Voices) -> None:
    from accord.purpose.services import purpose_save

    world = voices.world
    purpose = purpose_save(alliance=world.a, user=world.alice, data={"policy": "Seed law"}, base_version=None)
    client = world.client_for(world.bob)
    form = client.get(f"{BASE}new/?subject=purpose&record={purpose.pk}").content.decode()
    assert f'<option value="purpose:{purpose.pk}" selected>' in form
    bad = client.post(
        f"{BASE}new/", {"title": "Agree", "subject": "purpose", "process": "consent", "quorum_percent": 50}
    )
    assert bad.status_code == 200 and "Choose the version" in bad.content.decode()
    assert not Proposal.objects.exists()
    vote_bad = client.post(
        f"{BASE}new/",
        {"title": "Date", "subject": "general", "process": "vote", "options": "Only one", "quorum_percent": 50},
    )
    assert "at least two different options" in vote_bad.content.decode()
    ok = client.post(
        f"{BASE}new/",
        {
            "title": "Agree the purpose",
            "subject": "purpose",
            "record": purpose.pk,
            "process": "consent",
            "quorum_percent": 50,
        },
    )
    assert ok.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.record == purpose and proposal.proposed_for == voices.valley
    page = client.get(f"{BASE}{proposal.pk}/").content.decode()
    assert purpose.get_absolute_url() in page


def test_managers_open_and_close_and_members_cannot(voices: Voices) -> None:
    world = voices.world
    proposal = services.proposal_create(alliance=world.a, user=world.bob, title="Monthly meetings")
    bob, sam = world.client_for(world.bob), world.client_for(world.sam)
    assert bob.post(f"{BASE}{proposal.pk}/open/", {"closes_at": "2999-01-01T10:00"}).status_code == 403
    past = sam.post(f"{BASE}{proposal.pk}/open/", {"closes_at": "2001-01-01T10:00"})
    assert past.status_code == 200 and "in the future" in past.content.decode()
    assert sam.post(f"{BASE}{proposal.pk}/open/", {"closes_at": "2999-01-01T10:00"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN
    assert bob.post(f"{BASE}{proposal.pk}/close/", {"confirm": "yes"}).status_code == 403
    assert sam.post(f"{BASE}{proposal.pk}/close/", {"confirm": "yes"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED and proposal.outcome == Proposal.Outcome.NO_QUORUM
    assert (
        sam.post(f"{BASE}{proposal.pk}/statement/", {"outcome_statement": "Too few voted; again in May."}).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.outcome_statement == "Too few voted; again in May."


def test_the_proposer_withdraws_their_draft(voices: Voices) -> None:
    world = voices.world
    proposal = services.proposal_create(alliance=world.a, user=world.bob, title="Monthly meetings")
    assert world.client_for(world.walt).post(f"{BASE}{proposal.pk}/withdraw/").status_code == 403
    assert world.client_for(world.bob).post(f"{BASE}{proposal.pk}/withdraw/").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_the_csv_export_is_safe_for_spreadsheets(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    services.vote_cast(proposal=proposal, user=world.bob, response="block", reason='=HYPERLINK("x")')
    text = world.client_for(world.eve).get(f"{BASE}{proposal.pk}/results.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "Valley Women's Network" in text


def test_another_alliances_proposal_is_not_found(voices: Voices) -> None:
    world = voices.world
    theirs = services.proposal_create(alliance=world.b, user=world.lear, title="Lear's")
    assert world.client_for(world.alice).get(f"{BASE}{theirs.pk}/").status_code == 404
    assert Client().get(f"{BASE}{theirs.pk}/").status_code == 302
