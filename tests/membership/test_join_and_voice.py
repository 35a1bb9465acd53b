"""The open door (requests to join, decided by the co-chairs) and each organisation's voice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accord.core.models import Notice, Role
from accord.membership import services
from accord.membership.models import JoinRequest, Membership, Seat
from accord.membership.selectors import join_link_token, member_organisations, voice_of
from accord.membership.services_roles import seat_grant_role, seat_role_end
from tests.conftest import World, make_user


def test_a_forged_join_link_shows_a_clear_page_and_does_not_name_the_alliance(purposed: World) -> None:
    client = purposed.client_for(make_user("zoe@z.test"))
    response = client.get("/invitations/join/riverside/")
    assert response.status_code == 404
    assert purposed.a.name not in response.content.decode()


def test_a_join_link_lets_a_person_ask_and_the_co_chairs_are_told(purposed: World) -> None:
    zoe = make_user("zoe@z.test", name="Zoe")
    client = purposed.client_for(zoe)
    url = f"/invitations/join/{join_link_token(purposed.a)}/"
    assert purposed.a.name in client.get(url).content.decode()
    response = client.post(
        url,
        {"organisation_name": "Delta Growers", "kind": "member_based", "contact_name": "Zoe", "email": "zoe@z.test"},
    )
    assert response.status_code == 200
    request = JoinRequest.objects.get(alliance=purposed.a)
    assert request.requested_by == zoe and request.status == JoinRequest.Status.PENDING
    assert Notice.objects.filter(kind="join_request", recipient=purposed.alice).exists()


def test_an_anonymous_visitor_is_sent_to_log_in_and_may_sign_up(purposed: World) -> None:
    client = purposed.client_for(None)
    response = client.get(f"/invitations/join/{join_link_token(purposed.a)}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.session["accord_invitation"].startswith("join:")


def _ask(world: World, name: str = "Delta Growers") -> JoinRequest:
    return services.join_request_create(
        alliance=world.a,
        user=make_user("zoe@z.test"),
        organisation_name=name,
        kind="member_based",
        contact_name="Zoe",
        email="zoe@z.test",
    )


def test_accepting_a_request_makes_a_member_and_invites_the_person(purposed: World) -> None:
    request = _ask(purposed)
    services.join_request_accept(join_request=request, by=purposed.alice)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.ACCEPTED
    membership = Membership.objects.get(stakeholder=request.stakeholder)
    assert membership.status == Membership.Status.MEMBER
    assert Notice.objects.filter(kind="invitation", email="zoe@z.test").exists()
    with pytest.raises(ValidationError, match="already answered"):
        services.join_request_refuse(join_request=request, by=purposed.alice)


def test_refusing_a_request_tells_the_person(purposed: World) -> None:
    request = _ask(purposed)
    services.join_request_refuse(join_request=request, by=purposed.alice, note="Not our field.")
    assert Notice.objects.filter(kind="join_refused", email="zoe@z.test").exists()
    assert not Membership.objects.filter(stakeholder__name="Delta Growers").exists()


def test_only_co_chairs_decide_on_requests(purposed: World) -> None:
    request = _ask(purposed)
    response = purposed.client_for(purposed.sam).post(f"/a/riverside/members/join-requests/{request.pk}/accept/")
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING


def test_only_a_current_representative_of_the_organisation_can_be_its_voice(world: World) -> None:
    valley = Membership.objects.get(stakeholder__name="Valley Women's Network")
    sam_seat = Seat.objects.get(alliance=world.a, user=world.sam)
    with pytest.raises(ValidationError, match="current representative"):
        services.voice_set(membership=valley, seat=sam_seat, by=world.alice)
    bob_seat = Seat.objects.get(alliance=world.a, user=world.bob)
    services.voice_set(membership=valley, seat=bob_seat, by=world.alice)
    assert voice_of(valley) == bob_seat
    assert services.voice_for(world.bob, world.a) == valley.stakeholder
    assert services.voice_for(world.sam, world.a) is None


def test_the_voice_is_changeable_with_history(world: World) -> None:
    valley = Membership.objects.get(stakeholder__name="Valley Women's Network")
    seat_grant_role(
        alliance=world.a, email=world.olga.email, role=Role.REPRESENTATIVE, organisation_id=valley.stakeholder_id
    )
    bob_seat = Seat.objects.get(alliance=world.a, user=world.bob)
    olga_seat = Seat.objects.get(alliance=world.a, user=world.olga)
    services.voice_set(membership=valley, seat=bob_seat, by=world.alice)
    services.voice_set(membership=valley, seat=olga_seat, by=world.alice)
    voices = [h.voice_id for h in valley.history.order_by("history_date", "history_id")]  # type: ignore[attr-defined]
    assert voices[-2:] == [bob_seat.pk, olga_seat.pk]
    assert services.voice_for(world.bob, world.a) is None


def test_when_the_voice_steps_down_it_is_cleared_and_the_co_chairs_told(world: World) -> None:
    valley = Membership.objects.get(stakeholder__name="Valley Women's Network")
    bob_seat = Seat.objects.get(alliance=world.a, user=world.bob)
    services.voice_set(membership=valley, seat=bob_seat, by=world.alice)
    role = bob_seat.roles.get(role=Role.REPRESENTATIVE)
    seat_role_end(seat_role=role, by=world.alice)
    valley.refresh_from_db()
    assert valley.voice is None
    assert Notice.objects.filter(kind="voice_cleared", recipient=world.alice).exists()


def test_member_organisations_lists_members_with_their_voice_in_one_query(
    world: World, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        # 1: stakeholders joined to membership, voice seat and user
        rows = [(s.name, voice_of(s.membership)) for s in member_organisations(world.a)]
    assert [name for name, _ in rows] == ["Riverside Farmers Union", "Valley Women's Network"]
