"""Invitations: an email with the purpose and a personal link that expires, can be re-sent and
revoked; bad links get a clear page and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.core.models import Notice, Role
from accord.membership import services
from accord.membership.models import Invitation, Membership, Seat, SeatRole
from accord.membership.selectors import InvitationState, invitation_state
from tests.conftest import World, make_user
from tests.membership.conftest import PURPOSE_TEXT, history_rows, latest_token

S = Membership.Status


def invite(world: World, membership: Membership, email: str = "ines@hill.test", language: str = "es") -> Invitation:
    return services.membership_invite(
        alliance=world.a, membership=membership, email=email, language=language, contact_name="Inés", by=world.alice
    )


def test_invitation_carries_the_purpose_in_the_invitees_language(purposed: World, candidate: Membership) -> None:
    invitation = invite(purposed, candidate)
    candidate.refresh_from_db()
    assert candidate.status == S.INVITED
    assert invitation.purpose is not None and invitation.purpose.version == 1
    notice = Notice.objects.get(kind="invitation", email="ines@hill.test")
    assert notice.language == "es"
    assert PURPOSE_TEXT in notice.body
    token = latest_token("ines@hill.test")
    # Only the digest is stored.
    assert invitation.token_digest == services.token_digest(token)
    assert token not in invitation.token_digest


def test_it_refuses_to_invite_before_a_purpose_exists(world: World) -> None:
    membership = Membership.objects.get(stakeholder__name="Valley Women's Network")
    with pytest.raises(ValidationError, match="purpose"):
        services.membership_invite(alliance=world.a, membership=membership, email="x@y.test", by=world.alice)


def test_the_invitation_page_shows_the_purpose(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    response = purposed.client_for(None).get(f"/invitations/{latest_token('ines@hill.test')}/")
    assert response.status_code == 200
    assert PURPOSE_TEXT in response.content.decode()


def test_accepting_makes_the_organisation_a_member_and_the_person_its_representative(
    purposed: World, candidate: Membership
) -> None:
    invite(purposed, candidate)
    ines = make_user("ines@hill.test", name="Inés")
    client = purposed.client_for(ines)
    response = client.post(f"/invitations/{latest_token('ines@hill.test')}/accept/")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == S.MEMBER
    seat = Seat.objects.get(alliance=purposed.a, user=ines)
    assert seat.organisation_id == candidate.stakeholder_id
    assert SeatRole.objects.current(purposed.a.today()).filter(seat=seat, role=Role.REPRESENTATIVE).exists()
    # The first representative becomes the organisation's voice.
    assert candidate.voice_id == seat.pk
    assert services.voice_for(ines, purposed.a) == candidate.stakeholder
    # The co-chairs hear of it.
    assert Notice.objects.filter(kind="invitation_accepted", recipient=purposed.alice).exists()


def test_a_newcomer_may_sign_up_only_with_a_live_link(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    client = purposed.client_for(None)
    client.get(f"/invitations/{latest_token('ines@hill.test')}/")
    assert client.session["accord_invitation"]
    response = client.post(
        "/accounts/signup/?next=/invitations/x/",
        {
            "email": "ines@hill.test",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    assert response.status_code == 302
    from accord.accounts.models import User

    assert User.objects.filter(email="ines@hill.test").exists()


def test_a_forged_session_value_does_not_open_sign_up(world: World) -> None:
    from django.test import RequestFactory

    from accord.accounts.adapter import AccountAdapter

    request = RequestFactory().get("/accounts/signup/")
    request.session = {"accord_invitation": "forged"}  # type: ignore[assignment]
    assert AccountAdapter().is_open_for_signup(request) is False


def _bad_link_changes_nothing(world: World, token: str, expected_text: str, status: int) -> None:
    ines = make_user("ines2@hill.test")
    client = world.client_for(ines)
    before = history_rows(world)
    notices = Notice.objects.count()
    page = client.get(f"/invitations/{token}/")
    assert page.status_code == status
    assert expected_text in page.content.decode()
    for action in ("accept", "decline"):
        response = client.post(f"/invitations/{token}/{action}/")
        assert response.status_code == status
        assert expected_text in response.content.decode()
    assert history_rows(world) == before
    assert Notice.objects.count() == notices
    assert not Seat.objects.filter(user=ines).exists()


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(purposed: World, candidate: Membership) -> None:
    invitation = invite(purposed, candidate)
    token = latest_token("ines@hill.test")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    _bad_link_changes_nothing(purposed, token, "expired", 410)
    candidate.refresh_from_db()
    assert candidate.status == S.INVITED


def test_a_revoked_link_gets_a_clear_page_and_changes_nothing(purposed: World, candidate: Membership) -> None:
    invitation = invite(purposed, candidate)
    token = latest_token("ines@hill.test")
    services.invitation_revoke(invitation=invitation, by=purposed.alice)
    candidate.refresh_from_db()
    assert candidate.status == S.CANDIDATE
    _bad_link_changes_nothing(purposed, token, "withdrawn", 410)


def test_a_used_link_cannot_be_used_again(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    token = latest_token("ines@hill.test")
    services.invitation_accept(token=token, user=make_user("ines@hill.test"))
    _bad_link_changes_nothing(purposed, token, "already accepted", 410)


def test_a_forged_link_gets_a_clear_page_and_changes_nothing(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    _bad_link_changes_nothing(purposed, "forged-token-that-was-never-issued", "do not know this link", 404)


def test_resending_kills_the_old_link(purposed: World, candidate: Membership) -> None:
    invitation = invite(purposed, candidate)
    old = latest_token("ines@hill.test")
    services.invitation_resend(invitation=invitation, by=purposed.alice)
    new = latest_token("ines@hill.test")
    invitation.refresh_from_db()
    assert invitation.send_count == 2 and new != old
    with pytest.raises(services.InvitationProblem) as exc:
        services.invitation_for_token(old)
    assert exc.value.state == "unknown"
    assert services.invitation_for_token(new).pk == invitation.pk


def test_an_expired_invitation_can_be_sent_again(purposed: World, candidate: Membership) -> None:
    invitation = invite(purposed, candidate)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    invitation.refresh_from_db()
    assert invitation_state(invitation) == InvitationState.EXPIRED
    services.invitation_resend(invitation=invitation, by=purposed.alice)
    invitation.refresh_from_db()
    assert invitation_state(invitation) == InvitationState.SENT


def test_declining_through_the_link_marks_the_organisation_declined(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    response = purposed.client_for(None).post(f"/invitations/{latest_token('ines@hill.test')}/decline/")
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.status == S.DECLINED
    # The door stays open: a declined organisation can be invited again.
    invite(purposed, candidate, email="other@hill.test")
    candidate.refresh_from_db()
    assert candidate.status == S.INVITED


def test_an_answered_invitation_cannot_be_revoked_or_resent(purposed: World, candidate: Membership) -> None:
    invitation = invite(purposed, candidate)
    services.invitation_decline(token=latest_token("ines@hill.test"))
    invitation.refresh_from_db()
    for call in (services.invitation_resend, services.invitation_revoke):
        with pytest.raises(ValidationError):
            call(invitation=invitation, by=purposed.alice)


def test_one_open_invitation_per_address(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    with pytest.raises(ValidationError, match="re-send"):
        invite(purposed, candidate)


def test_status_moves_only_along_the_path(purposed: World, candidate: Membership) -> None:
    with pytest.raises(ValidationError, match="cannot go from"):
        services.membership_move(membership=candidate, to=S.LEFT)
    with pytest.raises(ValidationError, match="Only a member"):
        services.membership_leave(membership=candidate, by=purposed.alice)


def test_a_member_leaving_ends_its_roles_and_voice(purposed: World) -> None:
    valley = Membership.objects.get(stakeholder__name="Valley Women's Network")
    bob_seat = Seat.objects.get(alliance=purposed.a, user=purposed.bob)
    services.voice_set(membership=valley, seat=bob_seat, by=purposed.alice)
    services.membership_leave(membership=valley, by=purposed.alice)
    valley.refresh_from_db()
    assert valley.status == S.LEFT and valley.voice is None
    assert not SeatRole.objects.current(purposed.a.today()).filter(seat=bob_seat).exists()
    assert Notice.objects.filter(kind="member_left", recipient=purposed.alice).exists()


def test_invitation_lists_are_scoped_to_the_alliance(purposed: World, candidate: Membership) -> None:
    invitation = invite(purposed, candidate)
    response = purposed.client_for(purposed.lear).post(
        f"/a/{purposed.b.slug}/members/invitations/{invitation.pk}/revoke/"
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
