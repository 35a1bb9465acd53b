from __future__ import annotations

import re

from django.urls import reverse

from accord.api.models import ApiToken, digest
from tests.conftest import World


def test_a_co_chair_creates_a_token_and_sees_it_only_once(world: World) -> None:
    client = world.client_for(world.alice)
    url = reverse("api_tokens:create", kwargs={"alliance_slug": "riverside"})
    response = client.post(url, {"name": "report script", "access": "read"})
    assert response.status_code == 200
    raw = re.search(r'value="(acc_[^"]+)"', response.content.decode()).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get(alliance=world.a)
    # Only the digest is kept: the raw value is nowhere in the row or its history.
    assert token.key_digest == digest(raw)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in [str(v) for v in row.values()]
    assert not hasattr(token.history.first(), "key_digest")
    assert token.prefix == raw[:12] and token.created_by == world.alice and token.access == "read"
    assert "no-store" in response["Cache-Control"]
    # The list shows the prefix, never the token.
    listing = client.get(reverse("api_tokens:list", kwargs={"alliance_slug": "riverside"})).content.decode()
    assert token.prefix in listing and raw not in listing


def test_it_refuses_token_pages_to_non_co_chairs(world: World) -> None:
    for user in (world.sam, world.bob, world.olga):
        client = world.client_for(user)
        assert client.get(reverse("api_tokens:list", kwargs={"alliance_slug": "riverside"})).status_code == 403
        url = reverse("api_tokens:create", kwargs={"alliance_slug": "riverside"})
        assert client.post(url, {"name": "x", "access": "write"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_co_chair_revokes_a_token(world: World, alice_write: str) -> None:
    token = ApiToken.objects.get(alliance=world.a)
    url = reverse("api_tokens:revoke", kwargs={"alliance_slug": "riverside", "api_token_id": token.pk})
    assert world.client_for(world.alice).get(url).status_code == 405
    response = world.client_for(world.alice).post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_co_chair_of_another_alliance_cannot_revoke_its_tokens(world: World, alice_write: str) -> None:
    token = ApiToken.objects.get(alliance=world.a)
    # Through her own alliance's address, A's token id is simply not found.
    url = reverse("api_tokens:revoke", kwargs={"alliance_slug": "lear", "api_token_id": token.pk})
    assert world.client_for(world.lear).post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
