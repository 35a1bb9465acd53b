"""The decisions API: the same rules as the pages, with declared statuses."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from accord.decisions import services
from accord.decisions.models import Proposal, Vote
from tests.api.conftest import bearer, token_for
from tests.decisions.conftest import Voices, open_proposal

BASE = "/api/alliances/riverside/proposals"


def call(method: str, path: str, token: str, body: Any = None) -> Any:
    extra: dict[str, Any] = bearer(token)
    if body is not None:
        extra.update(data=json.dumps(body), content_type="application/json")
    return getattr(Client(), method)(path, **extra)


def test_list_query_count(voices: Voices, django_assert_num_queries: Any) -> None:
    world = voices.world
    token = token_for(world.a, world.alice, "read")
    for n in range(4):
        open_proposal(world, process="vote", options=[f"a{n}", f"b{n}"], title=f"P{n}")
    call("get", BASE, token)  # token last_used_at fresh
    # Expect 6 queries: the token, the creator's roles, the proposals past their closing time
    # (none), the count, one page of proposals (with links and vote counts), and their options.
    with django_assert_num_queries(6):
        response = call("get", BASE, token)
    assert response.json()["count"] == 4
    assert all(len(p["options"]) == 2 for p in response.json()["items"])


def test_create_open_vote_close_through_the_api(voices: Voices) -> None:
    world = voices.world
    alice, bob = token_for(world.a, world.alice), token_for(world.a, world.bob)
    created = call("post", BASE, bob, {"title": "Meet monthly", "process": "consent"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert call("post", f"{BASE}/{pk}/open", bob, {"closes_at": "2999-01-01T00:00:00Z"}).status_code == 403
    opened = call("post", f"{BASE}/{pk}/open", alice, {"closes_at": "2999-01-01T00:00:00Z"})
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert call("post", f"{BASE}/{pk}/open", alice, {"closes_at": "2999-01-01T00:00:00Z"}).status_code == 409
    voted = call("put", f"{BASE}/{pk}/vote", bob, {"response": "agree"})
    assert voted.status_code == 200 and voted.json()["organisation"] == "Valley Women's Network"
    assert call("put", f"{BASE}/{pk}/vote", alice, {"response": "agree"}).status_code == 200
    closed = call("post", f"{BASE}/{pk}/close", alice)
    assert closed.json()["outcome"] == "passed"
    assert call("put", f"{BASE}/{pk}/vote", bob, {"response": "disagree"}).status_code == 409
    results = call("get", f"{BASE}/{pk}/results", bob).json()
    assert results["visible"] and results["responses"] == {"agree": 2, "abstain": 0, "disagree": 0, "block": 0}


def test_bad_input_is_a_422_naming_the_field(voices: Voices) -> None:
    world = voices.world
    token = token_for(world.a, world.alice)
    response = call("post", BASE, token, {"title": "Agree", "subject": "purpose"})
    assert response.status_code == 422
    assert ["body", "payload", "purpose_id"] in [d["loc"] for d in response.json()["detail"]]
    response = call("post", BASE, token, {"title": "Date", "process": "vote", "options": ["one"]})
    assert ["body", "payload", "options"] in [d["loc"] for d in response.json()["detail"]]
    proposal = open_proposal(world)
    response = call("put", f"{BASE}/{proposal.pk}/vote", token, {"response": "block"})
    assert response.status_code == 422
    assert ["body", "payload", "reason"] in [d["loc"] for d in response.json()["detail"]]
    assert not Vote.objects.exists()
    assert Proposal.objects.count() == 1


def test_only_the_voice_votes_and_read_only_tokens_do_not_write(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    from accord.membership.models import Membership

    Membership.objects.filter(stakeholder=voices.valley).update(voice=None)
    assert (
        call("put", f"{BASE}/{proposal.pk}/vote", token_for(world.a, world.bob), {"response": "agree"}).status_code
        == 403
    )
    assert (
        call("put", f"{BASE}/{proposal.pk}/vote", token_for(world.a, world.olga), {"response": "agree"}).status_code
        == 403
    )
    read_only = token_for(world.a, world.alice, "read")
    assert call("put", f"{BASE}/{proposal.pk}/vote", read_only, {"response": "agree"}).status_code == 403
    assert not Vote.objects.exists()


def test_another_alliances_proposal_is_a_404(voices: Voices) -> None:
    world = voices.world
    theirs = services.proposal_create(alliance=world.b, user=world.lear, title="Lear's")
    token = token_for(world.a, world.alice)
    assert call("get", f"{BASE}/{theirs.pk}", token).status_code == 404
    assert call("get", f"{BASE}/{theirs.pk}/results", token).status_code == 404
