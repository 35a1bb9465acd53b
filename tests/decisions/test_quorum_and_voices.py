"""Quorum and voices: how many member organisations can vote is shown on Members and on each
proposal, opening a proposal warns when voices are missing, a co-chair names the missing voices
from the proposal page, and "Close now" asks first with the turnout and the quorum."""

from __future__ import annotations

from accord.decisions import services
from accord.decisions.models import Proposal
from accord.membership.models import Membership
from tests.decisions.conftest import Voices, open_proposal

BASE = "/a/riverside/decisions/"
MEMBERS = "/a/riverside/members/"


def _no_voice(voices: Voices) -> None:
    """Hill Herders keeps its representative (hana) but has no voice named."""
    Membership.objects.filter(stakeholder=voices.herders).update(voice=None)


def test_members_page_counts_named_voices(voices: Voices) -> None:
    client = voices.world.client_for(voices.world.olga)
    assert "Voices named: 3 of 3 member organisations." in client.get(MEMBERS).content.decode()
    _no_voice(voices)
    html = client.get(MEMBERS).content.decode()
    assert "Voices named: 2 of 3 member organisations." in html
    assert "1 member organisation has no named voice and cannot vote." in html


def test_a_voice_whose_representative_role_ended_is_not_counted(voices: Voices) -> None:
    from accord.membership.models import SeatRole

    SeatRole.objects.filter(seat__user=voices.hana).update(ends_on="2020-12-31")
    html = voices.world.client_for(voices.world.olga).get(MEMBERS).content.decode()
    assert "Voices named: 2 of 3 member organisations." in html


def test_each_proposal_counts_named_voices(voices: Voices) -> None:
    world = voices.world
    _no_voice(voices)
    draft = services.proposal_create(alliance=world.a, user=world.alice, title="Draft one")
    opened = open_proposal(world, title="Open one")
    client = world.client_for(world.bob)
    for proposal in (draft, opened):
        assert "Voices named: 2 of 3 member organisations." in client.get(f"{BASE}{proposal.pk}/").content.decode()


def test_opening_warns_when_voices_are_missing_and_still_opens(voices: Voices) -> None:
    world = voices.world
    _no_voice(voices)
    # A quorum of all three: with two voices named it cannot be reached.
    proposal = services.proposal_create(alliance=world.a, user=world.alice, title="Everyone", quorum_percent=100)
    client = world.client_for(world.sam)
    page = client.get(f"{BASE}{proposal.pk}/").content.decode()
    assert 'id="voice-warning"' in page
    assert "Only 2 of 3 member organisations have a named voice, and the quorum needs 3 votes" in page
    opened = client.post(f"{BASE}{proposal.pk}/open/", {"closes_at": "2999-01-01T10:00"}, follow=True)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN  # warned, not refused
    html = opened.content.decode()
    assert 'class="msg warning"' in html and "cannot be decided until more voices are named" in html


def test_opening_with_every_voice_named_does_not_warn(voices: Voices) -> None:
    world = voices.world
    proposal = services.proposal_create(alliance=world.a, user=world.alice, title="Everyone", quorum_percent=100)
    client = world.client_for(world.sam)
    assert 'id="voice-warning"' not in client.get(f"{BASE}{proposal.pk}/").content.decode()
    html = client.post(f"{BASE}{proposal.pk}/open/", {"closes_at": "2999-01-01T10:00"}, follow=True).content.decode()
    assert "no named voice" not in html and 'class="msg warning"' not in html


def test_a_quorum_still_reachable_warns_that_every_voice_must_vote(voices: Voices) -> None:
    world = voices.world
    _no_voice(voices)
    proposal = services.proposal_create(alliance=world.a, user=world.alice, title="Two thirds", quorum_percent=60)
    page = world.client_for(world.alice).get(f"{BASE}{proposal.pk}/").content.decode()
    assert "the quorum needs 2 votes: every named voice would have to vote." in page


def test_a_co_chair_names_a_missing_voice_from_the_proposal_page(voices: Voices) -> None:
    world = voices.world
    _no_voice(voices)
    proposal = open_proposal(world)
    detail = f"{BASE}{proposal.pk}/"
    herders = Membership.objects.get(stakeholder=voices.herders)
    seat = world.a.seats.get(user=voices.hana)  # type: ignore[attr-defined]
    client = world.client_for(world.alice)
    page = client.get(detail).content.decode()
    assert f'action="/a/riverside/members/organisations/{herders.pk}/voice/"' in page
    assert "Voice of Hill Herders" in page
    response = client.post(f"{MEMBERS}organisations/{herders.pk}/voice/", {"seat": seat.pk, "next": detail})
    assert response.status_code == 302 and response["Location"] == detail
    herders.refresh_from_db()
    assert herders.voice_id == seat.pk
    after = client.get(detail).content.decode()
    assert "Voices named: 3 of 3 member organisations." in after and "Voice in decisions changed." in after
    # And Hill Herders' voice can vote at once.
    services.vote_cast(proposal=proposal, user=voices.hana, response="agree")


def test_only_those_who_manage_representatives_name_a_voice_from_there(voices: Voices) -> None:
    world = voices.world
    _no_voice(voices)
    proposal = open_proposal(world)
    detail = f"{BASE}{proposal.pk}/"
    herders = Membership.objects.get(stakeholder=voices.herders)
    seat = world.a.seats.get(user=voices.hana)  # type: ignore[attr-defined]
    for person in (world.bob, world.olga, voices.hana):
        client = world.client_for(person)
        assert "Voice of Hill Herders" not in client.get(detail).content.decode()
        response = client.post(f"{MEMBERS}organisations/{herders.pk}/voice/", {"seat": seat.pk, "next": detail})
        assert response.status_code == 403
    herders.refresh_from_db()
    assert herders.voice_id is None


def test_naming_a_voice_never_sends_anyone_off_site(voices: Voices) -> None:
    world = voices.world
    _no_voice(voices)
    herders = Membership.objects.get(stakeholder=voices.herders)
    seat = world.a.seats.get(user=voices.hana)  # type: ignore[attr-defined]
    client = world.client_for(world.alice)
    for bad in ("https://evil.test/a/riverside/", "//evil.test/a/riverside/", "/a/lear/decisions/"):
        response = client.post(f"{MEMBERS}organisations/{herders.pk}/voice/", {"seat": seat.pk, "next": bad})
        assert response.status_code == 302 and response["Location"] == MEMBERS, bad


def test_close_now_asks_first_with_the_turnout_and_the_quorum(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)  # quorum 50% of 3: 2 votes
    services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    client = world.client_for(world.sam)
    detail = client.get(f"{BASE}{proposal.pk}/").content.decode()
    assert f'href="{BASE}{proposal.pk}/close/"' in detail  # a link to the confirmation, not a form that closes
    confirm = client.get(f"{BASE}{proposal.pk}/close/")
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "1 of 3 member organisations have voted." in html
    assert "50% of member organisations: 2 votes." in html
    assert "The quorum is not reached" in html and 'name="confirm" value="yes"' in html
    # Without the confirmation the proposal stays open.
    assert client.post(f"{BASE}{proposal.pk}/close/").status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    assert "The quorum is reached." in client.get(f"{BASE}{proposal.pk}/close/").content.decode()
    assert client.post(f"{BASE}{proposal.pk}/close/", {"confirm": "yes"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED and proposal.outcome == Proposal.Outcome.PASSED


def test_members_cannot_reach_the_close_confirmation(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    client = world.client_for(world.bob)
    assert client.get(f"{BASE}{proposal.pk}/close/").status_code == 403
    assert client.post(f"{BASE}{proposal.pk}/close/", {"confirm": "yes"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN
