"""The inbox: every message Accord sent a person about an alliance, theirs only."""

from __future__ import annotations

from typing import Any

from accord.core.models import Notice
from accord.core.notify import notify
from tests.conftest import World


def _notices(world: World, user: Any, n: int) -> list[Notice]:
    out = []
    for _ in range(n):
        out += notify(
            alliance=world.a,
            kind="test",
            template="membership/email/voice",
            context={"organisation": world.org_a},
            recipients=[user],
        )
    return out


def test_the_inbox_shows_only_the_persons_own_notices(world: World) -> None:
    _notices(world, world.bob, 1)
    _notices(world, world.alice, 1)
    Notice.objects.filter(recipient=world.alice).update(subject="For Alice only")
    body = world.client_for(world.bob).get("/a/riverside/inbox/").content.decode()
    assert "You now speak for" in body and "For Alice only" not in body


def test_another_members_notice_is_a_missing_one(world: World) -> None:
    notice = _notices(world, world.alice, 1)[0]
    response = world.client_for(world.bob).post(f"/a/riverside/inbox/{notice.pk}/read/")
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_marking_read(world: World) -> None:
    notice = _notices(world, world.bob, 1)[0]
    response = world.client_for(world.bob).post(f"/a/riverside/inbox/{notice.pk}/read/")
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_the_inbox_query_count_does_not_grow(world: World, django_assert_num_queries: Any) -> None:
    client = world.client_for(world.bob)
    _notices(world, world.bob, 3)
    client.get("/a/riverside/inbox/")  # warm the session
    # session, user, alliance, roles, notice count (paginator), notices page, alliance switcher
    with django_assert_num_queries(7):
        client.get("/a/riverside/inbox/")
    _notices(world, world.bob, 30)
    with django_assert_num_queries(7):
        assert client.get("/a/riverside/inbox/?page=2").status_code == 200
