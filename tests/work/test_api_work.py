"""The work API: the same rules as the pages (approval refused with what is missing, status by
the owner's people only, versions, commitments within offers), statuses as documented, and
another alliance's records answering 404 like missing ones."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from accord.work import services
from accord.work.models import Activity, Commitment, ResourceOffer
from tests.api.conftest import bearer, token_for
from tests.conftest import World
from tests.work.work_helpers import co_chairs_approve, seat, valley

BASE = "/api/alliances/riverside"


def _call(method: str, path: str, token: str, body: Any = None) -> Any:
    client = Client()
    kwargs: dict[str, Any] = bearer(token)
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(BASE + path, **kwargs)


def _details(response: Any) -> str:
    return json.dumps(response.json())


def test_it_needs_a_token(world: World) -> None:
    assert Client().get(BASE + "/activities").status_code == 401


def test_a_working_group_is_created_listed_updated_with_its_version_and_closed(world: World) -> None:
    alice = token_for(world.a, world.alice)
    made = _call("post", "/working-groups", alice, {"name": "Budget tracking", "kind": "cross_cutting"})
    assert made.status_code == 201, made.content
    group = made.json()
    assert _call("get", "/working-groups", alice).json()["items"][0]["name"] == "Budget tracking"
    again = _call("post", "/working-groups", alice, {"name": "budget tracking"})
    assert again.status_code == 422 and "already" in _details(again)
    ok = _call("patch", f"/working-groups/{group['id']}", alice, {"version": group["version"], "description": "Lines"})
    assert ok.status_code == 200 and ok.json()["description"] == "Lines"
    stale = _call("patch", f"/working-groups/{group['id']}", alice, {"version": group["version"], "name": "Other"})
    assert stale.status_code == 409 and stale.json()["current_version"] == ok.json()["version"]
    closed = _call("post", f"/working-groups/{group['id']}/close", alice, {"reason": "Budget passed."})
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    bob = token_for(world.a, world.bob)
    assert _call("post", "/working-groups", bob, {"name": "Mine"}).status_code == 403


def test_approval_is_refused_with_what_is_missing_then_given(world: World) -> None:
    co_chairs_approve(world.a)
    alice = token_for(world.a, world.alice)
    made = _call("post", "/activities", alice, {"title": "Learning event for the committee"})
    assert made.status_code == 201
    activity = made.json()
    assert "an owner organisation" in " ".join(activity["approval_missing"])
    refused = _call("post", f"/activities/{activity['id']}/approve", alice)
    assert refused.status_code == 422
    assert "owner organisation" in _details(refused)
    changed = _call(
        "patch",
        f"/activities/{activity['id']}",
        alice,
        {"version": activity["version"], "owner_id": world.org_a.pk, "no_extra_resources": True},
    )
    assert changed.status_code == 200, changed.content
    approved = _call("post", f"/activities/{activity['id']}/approve", alice)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    # Only a co-chair approves.
    other = _call("post", "/activities", alice, {"title": "Another", "owner_id": world.org_a.pk})
    sam = token_for(world.a, world.sam)
    assert _call("post", f"/activities/{other.json()['id']}/approve", sam).status_code == 403


def test_an_owner_that_is_not_a_member_is_refused_at_its_field(world: World) -> None:
    alice = token_for(world.a, world.alice)
    response = _call("post", "/activities", alice, {"title": "X", "owner_id": world.org_b.pk})
    assert response.status_code == 422
    assert [d["loc"][-1] for d in response.json()["detail"]] == ["owner_id"]
    backwards = _call("post", "/activities", alice, {"title": "Y", "starts_on": "2027-02-01", "due_on": "2027-01-01"})
    assert backwards.status_code == 422 and "due_on" in _details(backwards)
    assert not Activity.objects.filter(alliance=world.a).exists()


def _bobs_approved(world: World) -> Activity:
    co_chairs_approve(world.a)
    activity = services.activity_create(
        alliance=world.a,
        by=world.bob,
        title="Media briefing",
        owner=valley(world),
        responsible=seat(world, world.bob),
        no_extra_resources=True,
    )
    return services.activity_approve(activity=activity, by=world.alice)


def test_only_the_owners_people_move_status_and_progress(world: World) -> None:
    activity = _bobs_approved(world)
    alice = token_for(world.a, world.alice)
    refused = _call(
        "post", f"/activities/{activity.pk}/status", alice, {"version": activity.version, "status": "in_progress"}
    )
    assert refused.status_code == 403 and "comment" in refused.json()["detail"]
    bob = token_for(world.a, world.bob)
    moved = _call(
        "post", f"/activities/{activity.pk}/status", bob, {"version": activity.version, "status": "in_progress"}
    )
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    progress = _call(
        "post", f"/activities/{activity.pk}/progress", bob, {"version": moved.json()["version"], "progress": 40}
    )
    assert progress.status_code == 200 and progress.json()["progress"] == 40
    stale = _call(
        "post", f"/activities/{activity.pk}/progress", bob, {"version": moved.json()["version"], "progress": 50}
    )
    assert stale.status_code == 409
    too_much = _call("post", f"/activities/{activity.pk}/progress", bob, {"version": 1, "progress": 101})
    assert too_much.status_code == 422
    dropped = _call(
        "post", f"/activities/{activity.pk}/status", bob, {"version": progress.json()["version"], "status": "dropped"}
    )
    assert dropped.status_code == 422 and "why" in _details(dropped)
    comment = _call("post", f"/activities/{activity.pk}/comments", alice, {"body": "Add the 2025 figures."})
    assert comment.status_code == 201
    listed = _call("get", f"/activities/{activity.pk}/comments", alice).json()
    assert [c["body"] for c in listed["items"]] == ["Add the 2025 figures."]
    olga = token_for(world.a, world.olga)
    assert _call("post", f"/activities/{activity.pk}/comments", olga, {"body": "Hi"}).status_code == 403


def test_the_board_filters(world: World) -> None:
    mine = _bobs_approved(world)
    services.activity_create(alliance=world.a, by=world.alice, title="Alice's idea")
    bob = token_for(world.a, world.bob)
    got = _call("get", "/activities?mine=true", bob).json()
    assert [a["id"] for a in got["items"]] == [mine.pk]
    assert _call("get", "/activities?status=proposed", bob).json()["count"] == 1
    assert _call("get", "/activities", bob).json()["count"] == 2


def test_offers_commitments_and_the_gap(world: World) -> None:
    activity = _bobs_approved(world)
    alice = token_for(world.a, world.alice)
    bob = token_for(world.a, world.bob)
    offer = _call(
        "post",
        "/offers",
        bob,
        {
            "organisation_id": valley(world).pk,
            "kind": "money",
            "description": "Event fund",
            "amount": "1000",
            "currency": "GEL",
        },
    )
    assert offer.status_code == 201, offer.content
    offer_id = offer.json()["id"]
    # Bob declares for his own organisation only.
    other = _call(
        "post",
        "/offers",
        bob,
        {"organisation_id": world.org_a.pk, "kind": "time", "description": "Days", "amount": "5"},
    )
    assert other.status_code == 403
    need = _call(
        "post",
        f"/activities/{activity.pk}/needs",
        bob,
        {"kind": "money", "description": "Venue", "amount": "3000", "currency": "GEL"},
    )
    assert need.status_code == 201, need.content
    over = _call(
        "post",
        f"/activities/{activity.pk}/commitments",
        bob,
        {"offer_id": offer_id, "role": "funding", "amount": "1500"},
    )
    assert over.status_code == 422
    assert not Commitment.objects.exists()
    done = _call(
        "post",
        f"/activities/{activity.pk}/commitments",
        bob,
        {"offer_id": offer_id, "role": "funding", "amount": "800"},
    )
    assert done.status_code == 201, done.content
    listed = _call("get", f"/offers/{offer_id}", alice).json()
    assert listed["committed"] == "800.00" or float(listed["committed"]) == 800
    gap = _call("get", "/gap", alice)
    assert gap.status_code == 200
    uncovered = gap.json()["uncovered"]
    assert [u["activity_id"] for u in uncovered] == [activity.pk]
    assert float(uncovered[0]["short"][0]["missing"]) == 2200
    removed = _call("delete", f"/commitments/{done.json()['id']}", bob)
    assert removed.status_code == 204 and not Commitment.objects.exists()
    withdrawn = _call("post", f"/offers/{offer_id}/withdraw", bob)
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"]


def test_another_alliances_records_are_404_like_missing_ones(world: World) -> None:
    theirs = services.activity_create(alliance=world.b, by=world.lear, title="Lear's activity")
    group = services.working_group_create(alliance=world.b, name="Lear's group", by=world.lear)
    offer = ResourceOffer.objects.create(
        alliance=world.b, stakeholder=world.org_b, kind="time", description="Days", amount=5
    )
    alice = token_for(world.a, world.alice)
    for path in (
        f"/activities/{theirs.pk}",
        f"/activities/{theirs.pk}/comments",
        f"/working-groups/{group.pk}",
        f"/offers/{offer.pk}",
        "/activities/999999",
    ):
        assert _call("get", path, alice).status_code == 404, path
    assert _call("post", f"/activities/{theirs.pk}/comments", alice, {"body": "x"}).status_code == 404
    # A foreign id in a body is a 422 at its field.
    mine = _bobs_approved(world)
    bob = token_for(world.a, world.bob)
    response = _call("post", f"/activities/{mine.pk}/commitments", bob, {"offer_id": offer.pk, "role": "funding"})
    assert response.status_code == 422 and "offer_id" in _details(response)
    # And Lear's token does not reach alliance A at all.
    lear = token_for(world.b, world.lear)
    assert _call("get", "/activities", lear).status_code == 404


def _count(path: str, token: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert _call("get", path, token).status_code == 200
    return len(ctx)


def test_the_lists_cost_the_same_queries_with_few_or_many_rows(world: World) -> None:
    from tests.work.resources_helpers import offer

    alice = token_for(world.a, world.alice)
    group = services.working_group_create(alliance=world.a, name="Budget", by=world.alice)

    def add(n: int) -> None:
        for i in range(n):
            services.activity_create(
                alliance=world.a, by=world.alice, title=f"Activity {i}", owner=world.org_a, working_group=group
            )
            offer(world.a, valley(world), kind="time", amount=5, description=f"Days {i}")

    add(2)
    _call("get", "/activities", alice)  # the token's first use is recorded once
    few = {p: _count(p, alice) for p in ("/activities", "/offers", "/working-groups", "/gap")}
    add(12)
    many = {p: _count(p, alice) for p in few}
    assert few == many
    # The activity list: the token with its alliance, the roles, the count, the page with owner,
    # responsible person and group joined, and the page's commitment ids (for what each
    # proposed activity still lacks).
    assert many["/activities"] == 5
