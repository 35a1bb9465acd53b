"""The members page and the membership API."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership import services
from accord.membership.models import Invitation, Membership
from tests.api.conftest import bearer, token_for
from tests.conftest import World, make_user


def _grow(world: World, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        org = Stakeholder.objects.create(alliance=world.a, name=f"Org {i}", kind=StakeholderType.LOCAL_NGO)
        m = Membership.objects.create(alliance=world.a, stakeholder=org, status=Membership.Status.CANDIDATE)
        services.membership_invite(alliance=world.a, membership=m, email=f"p{i}@o.test", by=world.alice)
        services.join_request_create(
            alliance=world.a,
            user=make_user(f"j{i}@o.test"),
            organisation_name=f"J {i}",
            kind="local_ngo",
            contact_name="J",
            email=f"j{i}@o.test",
        )


def test_the_members_page_query_count_does_not_grow_with_data(purposed: World) -> None:
    client = purposed.client_for(purposed.alice)
    _grow(purposed, 1)
    client.get("/a/riverside/members/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/a/riverside/members/").status_code == 200
    _grow(purposed, 8, start=1)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/a/riverside/members/").status_code == 200
    # Expect 17 queries: session, user, alliance, roles; the totals per status (which also give
    # the paginator its count), the page of organisations (+ voice), the page's representatives,
    # the voice totals; invitations and join requests (a count and a page each); seats (count,
    # page, current roles); the secretariat's terms; the alliance switcher. The forms that list
    # every organisation or seat are drawn only when asked for (below).
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) == 17, "\n".join(q["sql"][:120] for q in small.captured_queries)


def test_the_forms_listing_every_organisation_are_drawn_only_when_asked_for(purposed: World) -> None:
    client = purposed.client_for(purposed.alice)
    plain = client.get("/a/riverside/members/").content.decode()
    assert 'action="/a/riverside/members/invite/"' not in plain and "?show=invite#invite" in plain
    assert 'action="/a/riverside/members/co-chairs/"' not in plain and "?show=roles#co-chairs" in plain
    invite = client.get("/a/riverside/members/?show=invite").content.decode()
    assert (
        'action="/a/riverside/members/invite/"' in invite and 'action="/a/riverside/members/co-chairs/"' not in invite
    )
    roles = client.get("/a/riverside/members/?show=roles").content.decode()
    assert 'action="/a/riverside/members/co-chairs/"' in roles and 'action="/a/riverside/members/invite/"' not in roles
    # Each still costs the same number of queries however many organisations there are.
    _grow(purposed, 8, start=100)  # more than a page of invitations from here on
    for n, show in enumerate(("invite", "roles")):
        with CaptureQueriesContext(connection) as small:
            client.get(f"/a/riverside/members/?show={show}")
        _grow(purposed, 6, start=200 + 10 * n)
        with CaptureQueriesContext(connection) as large:
            client.get(f"/a/riverside/members/?show={show}")
        assert len(large.captured_queries) == len(small.captured_queries)


def test_an_invitation_form_error_is_shown_at_the_field(purposed: World) -> None:
    m = Membership.objects.get(stakeholder__name="Valley Women's Network")
    response = purposed.client_for(purposed.alice).post(
        "/a/riverside/members/invite/", {"membership": m.pk, "email": "not-an-email", "language": "en"}
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()
    assert "has-error" in response.content.decode()


def test_a_representative_cannot_invite(purposed: World) -> None:
    m = Membership.objects.get(stakeholder__name="Valley Women's Network")
    response = purposed.client_for(purposed.bob).post(
        "/a/riverside/members/invite/", {"membership": m.pk, "email": "x@y.test", "language": "en"}
    )
    assert response.status_code == 403


def test_api_invites_lists_and_revokes(purposed: World, django_assert_num_queries: Any) -> None:
    token = token_for(purposed.a, purposed.alice)
    m = Membership.objects.get(stakeholder__name="Valley Women's Network")
    created = purposed.client_for(None).post(
        "/api/alliances/riverside/invitations",
        {"membership_id": m.pk, "email": "v@valley.test", "language": "fr"},
        content_type="application/json",
        **bearer(token),
    )
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "sent"
    assert "token" not in created.json()
    bad = purposed.client_for(None).post(
        "/api/alliances/riverside/invitations",
        {"membership_id": m.pk, "email": "nope"},
        content_type="application/json",
        **bearer(token),
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "email"
    client = purposed.client_for(None)
    # token, alliance roles, count, page of invitations with organisation and purpose
    with django_assert_num_queries(4):
        listed = client.get("/api/alliances/riverside/invitations", **bearer(token))
    assert [i["email"] for i in listed.json()["items"]] == ["v@valley.test"]
    inv = listed.json()["items"][0]["id"]
    revoked = client.post(f"/api/alliances/riverside/invitations/{inv}/revoke", **bearer(token))
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    again = client.post(f"/api/alliances/riverside/invitations/{inv}/revoke", **bearer(token))
    assert again.status_code == 422


def test_api_co_chairs_refuses_same_organisation(purposed: World) -> None:
    from accord.membership.models import Seat

    token = token_for(purposed.a, purposed.alice)
    alice = Seat.objects.get(user=purposed.alice).pk
    response = purposed.client_for(None).put(
        "/api/alliances/riverside/co-chairs",
        {"seat_ids": [alice]},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 422
    bob = Seat.objects.get(user=purposed.bob).pk
    response = purposed.client_for(None).put(
        "/api/alliances/riverside/co-chairs",
        {"seat_ids": [alice, bob]},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 200
    assert {t["person"]["seat_id"] for t in response.json()} == {alice, bob}
