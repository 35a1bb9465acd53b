"""Lost edits of a member's voice: two people name a different representative from the same
page; the second is refused, naming whom the first chose, and the first choice stands."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from accord.core.models import Role
from accord.membership.models import Membership, Seat
from accord.membership.services_roles import seat_grant_role
from tests.api.conftest import bearer, token_for
from tests.conftest import World

MEMBERS = "/a/riverside/members/"


@pytest.fixture
def valley(world: World) -> Membership:
    """Valley Women's Network has two representatives: Bob and Walt."""
    membership = Membership.objects.get(alliance=world.a, stakeholder__name="Valley Women's Network")
    seat_grant_role(
        alliance=world.a, email=world.walt.email, role=Role.REPRESENTATIVE, organisation_id=membership.stakeholder_id
    )
    return membership


def _version_on_page(client: Client, membership: Membership) -> str:
    page = client.get(MEMBERS).content.decode()
    form = re.search(rf'action="{MEMBERS}organisations/{membership.pk}/voice/"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    found = re.search(r'name="version" value="(\d+)"', form.group(1))
    assert found is not None, "the voice form carries the membership's version"
    return found.group(1)


def test_the_second_of_two_voice_choices_is_refused_naming_the_first(world: World, valley: Membership) -> None:
    bob, walt = (Seat.objects.get(alliance=world.a, user=u) for u in (world.bob, world.walt))
    alice, sam = world.client_for(world.alice), world.client_for(world.sam)
    seen_by_alice, seen_by_sam = _version_on_page(alice, valley), _version_on_page(sam, valley)
    url = f"{MEMBERS}organisations/{valley.pk}/voice/"
    assert alice.post(url, {"seat": bob.pk, "version": seen_by_alice}).status_code == 302
    refused = sam.post(url, {"seat": walt.pk, "version": seen_by_sam}, follow=True)
    body = refused.content.decode()
    assert "Someone saved version" in body
    assert f"Voice in decisions: {world.bob} → {world.walt}" in body
    valley.refresh_from_db()
    assert valley.voice_id == bob.pk
    # Chosen again from the page as it is now, it saves.
    assert sam.post(url, {"seat": walt.pk, "version": _version_on_page(sam, valley)}).status_code == 302
    valley.refresh_from_db()
    assert valley.voice_id == walt.pk


def test_changing_a_named_voice_without_a_version_is_refused(world: World, valley: Membership) -> None:
    bob, walt = (Seat.objects.get(alliance=world.a, user=u) for u in (world.bob, world.walt))
    Membership.objects.filter(pk=valley.pk).update(voice=bob)
    response = world.client_for(world.alice).post(
        f"{MEMBERS}organisations/{valley.pk}/voice/", {"seat": walt.pk}, follow=True
    )
    assert "The version this edit started from is missing" in response.content.decode()
    valley.refresh_from_db()
    assert valley.voice_id == bob.pk


def test_a_stale_voice_put_is_a_409_naming_the_voice_chosen(world: World, valley: Membership) -> None:
    bob, walt = (Seat.objects.get(alliance=world.a, user=u) for u in (world.bob, world.walt))
    raw = token_for(world.a, world.alice)

    def put(body: dict[str, Any]) -> Any:
        path = f"/api/alliances/riverside/memberships/{valley.pk}/voice"
        return Client().put(path, body, content_type="application/json", **bearer(raw))

    rows = Client().get("/api/alliances/riverside/voices", **bearer(raw)).json()
    version = next(r["version"] for r in rows if r["membership_id"] == valley.pk)
    first = put({"seat_id": bob.pk, "version": version})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = put({"seat_id": walt.pk, "version": version})
    assert stale.status_code == 409
    [change] = stale.json()["changed"]
    assert (change["field"], change["theirs"], change["yours"]) == ("voice_id", bob.pk, walt.pk)
    assert put({"seat_id": walt.pk}).status_code == 422
    valley.refresh_from_db()
    assert valley.voice_id == bob.pk
