"""Refusals that explain: a representative who is not their organisation's voice is told why,
in the service's words, on the proposal page, on the 403 page and in the API's 403 body."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from accord.core.models import Role
from accord.decisions import services
from accord.decisions.models import Vote
from accord.membership.models import Membership
from accord.membership.services_roles import seat_grant_role
from tests.api.conftest import bearer, token_for
from tests.conftest import make_user
from tests.decisions.conftest import Voices, open_proposal

PAGES = "/a/riverside/decisions/"
API = "/api/alliances/riverside/proposals/"
GENERIC = "Your role in this alliance does not let you do this."


def _colleague(voices: Voices) -> Any:
    """Vera, a second representative of Valley Women's Network, whose voice is Bob."""
    vera = make_user("vera@a.test", name="Vera")
    seat_grant_role(
        alliance=voices.world.a,
        email=vera.email,
        role=Role.REPRESENTATIVE,
        organisation_id=voices.valley.pk,
        starts_on=dt.date(2020, 1, 1),
    )
    return vera


def _put_vote(token: str, proposal_id: int) -> Any:
    return Client().put(
        f"{API}{proposal_id}/vote",
        data=json.dumps({"response": "agree"}),
        content_type="application/json",
        **bearer(token),
    )


def test_a_colleague_of_the_voice_is_told_who_votes_on_the_page(voices: Voices) -> None:
    vera = _colleague(voices)
    proposal = open_proposal(voices.world)
    client = voices.world.client_for(vera)
    reason = "Only the designated voice of Valley Women&#x27;s Network votes: that is Bob."
    assert reason in client.get(f"{PAGES}{proposal.pk}/").content.decode()
    refused = client.post(f"{PAGES}{proposal.pk}/vote/", {"response": "agree"})
    assert refused.status_code == 403
    page = refused.content.decode()
    assert reason in page and GENERIC not in page
    assert not Vote.objects.exists()


def test_a_colleague_of_the_voice_is_told_who_votes_in_the_api(voices: Voices) -> None:
    vera = _colleague(voices)
    proposal = open_proposal(voices.world)
    response = _put_vote(token_for(voices.world.a, vera), proposal.pk)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "Only the designated voice of Valley Women's Network votes: that is Bob. "
        "Ask a co-chair or the secretariat if it should be you."
    }


def test_an_organisation_without_a_voice_is_told_to_name_one(voices: Voices) -> None:
    Membership.objects.filter(stakeholder=voices.herders).update(voice=None)
    proposal = open_proposal(voices.world)
    reason = "Only the designated voice of Hill Herders votes, and Hill Herders has none named yet."
    page = voices.world.client_for(voices.hana).post(f"{PAGES}{proposal.pk}/vote/", {"response": "agree"})
    assert page.status_code == 403 and reason in page.content.decode()
    api = _put_vote(token_for(voices.world.a, voices.hana), proposal.pk)
    assert api.status_code == 403 and api.json()["detail"].startswith(reason)


def test_a_representative_of_an_organisation_that_left_is_told_so(voices: Voices) -> None:
    proposal = open_proposal(voices.world)
    Membership.objects.filter(stakeholder=voices.herders).update(status=Membership.Status.LEFT)
    api = _put_vote(token_for(voices.world.a, voices.hana), proposal.pk)
    assert api.status_code == 403
    assert api.json()["detail"] == "Only member organisations vote, and Hill Herders is not a member now."


def test_any_service_refusal_reaches_the_api_with_its_reason(voices: Voices) -> None:
    world = voices.world
    proposal = services.proposal_create(alliance=world.a, user=world.alice, title="Alice's idea")
    response = Client().post(f"{API}{proposal.pk}/withdraw", **bearer(token_for(world.a, world.bob)))
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the proposer, the co-chairs or the secretariat can withdraw it."}


def test_a_missing_role_keeps_the_generic_words_and_never_names_the_permission(voices: Voices) -> None:
    proposal = open_proposal(voices.world)
    page = voices.world.client_for(voices.world.olga).post(f"{PAGES}{proposal.pk}/vote/", {"response": "agree"})
    assert page.status_code == 403
    html = page.content.decode()
    assert GENERIC in html and "decisions.vote" not in html
    api = _put_vote(token_for(voices.world.a, voices.world.olga), proposal.pk)
    assert api.status_code == 403 and "decisions.vote" not in api.json()["detail"]
