"""What an invitation says and where it leads: the purpose quoted up to a word with an ellipsis
and the link to all of it; a colleague of a member organisation is invited as one more of its
representatives; sign-up comes filled in with the invited address and the name the inviter
typed."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django.test import Client

from accord.accounts.models import User
from accord.core.models import Notice
from accord.lib.text import ELLIPSIS
from accord.membership import services
from accord.membership.models import Invitation, Membership
from accord.purpose.models import Purpose
from tests.conftest import World
from tests.membership.conftest import latest_token

LONG_CHANGE = (
    "Parliament amends the Law on Plant Seeds and Planting Material so that smallholder farmers "
    "may save, exchange and sell seed of traditional varieties among themselves without "
    "registration, and the Ministry of Agriculture publishes the implementing regulation with a "
    "simplified procedure for community seed banks, within eighteen months of the amendment "
    "being adopted, with a budget line for extension officers to explain it in every region."
)
LONG_PROBLEM = (
    "Seed of traditional wheat and maize varieties is disappearing because the current law treats "
    "every exchange between farmers as marketing of uncertified seed, which is fined, so farmers "
    "stop keeping their own seed and depend on imported hybrids they cannot afford."
)


def invite(world: World, membership: Membership, **extra: Any) -> Invitation:
    details = {"email": "ines@hill.test", "language": "en", "contact_name": "Inés Quispe", **extra}
    return services.membership_invite(alliance=world.a, membership=membership, by=world.alice, **details)


def _cut_words(body: str, full: str, label: str) -> str:
    """The quoted part of `full` after `label` in `body`, checked to end at a word with "…"."""
    start = body.index(label) + len(label)
    line = body[start:].strip().split("\n")[0].strip()
    assert line.endswith(ELLIPSIS), line
    kept = line.removesuffix(ELLIPSIS)
    assert full.startswith(kept)
    # The cut falls between words: what follows in the full text starts with a space or a comma.
    assert full[len(kept)] in " ,", (kept[-20:], full[len(kept) : len(kept) + 10])
    return kept


def test_the_purpose_in_the_email_is_cut_at_a_word_with_an_ellipsis_and_the_link(purposed: World) -> None:
    Purpose.objects.filter(alliance=purposed.a).update(change_sought=LONG_CHANGE, problem=LONG_PROBLEM)
    membership = Membership.objects.create(
        alliance=purposed.a,
        stakeholder=purposed.a.stakeholders.create(name="Hill Seed Savers", kind="member_based"),
        status=Membership.Status.CANDIDATE,
    )
    invite(purposed, membership)
    notice = Notice.objects.get(kind="invitation")
    body = notice.body
    kept = _cut_words(body, LONG_CHANGE, "What the alliance wants to change:")
    assert 200 < len(kept) <= services.INVITATION_SUMMARY_CHARS
    _cut_words(body, LONG_PROBLEM, "The problem:")
    # The link to the whole purpose comes right after the quoted parts.
    after = body[body.index(kept) :]
    assert notice.url in after
    assert after.index(notice.url) < after.index("The link works until")
    # That link shows the whole text.
    page = Client().get(f"/invitations/{latest_token('ines@hill.test')}/").content.decode()
    assert LONG_CHANGE in unescape(page)


def test_a_short_purpose_is_quoted_whole(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    body = Notice.objects.get(kind="invitation").body
    assert "Parliament amends the seed law so farmers may save and swap seed." in body
    assert ELLIPSIS not in body


def test_a_colleague_of_a_member_is_invited_as_its_representative(purposed: World) -> None:
    member = Membership.objects.get(stakeholder__name="Valley Women's Network")
    assert member.status == Membership.Status.MEMBER
    invite(purposed, member, email="nino@valley.test")
    notice = Notice.objects.get(kind="invitation", email="nino@valley.test")
    assert "as a representative of Valley Women's Network" in notice.subject
    assert "as a representative of Valley Women's Network" in notice.body
    assert "Valley Women's Network is invited to join" not in notice.body
    page = unescape(Client().get(f"/invitations/{latest_token('nino@valley.test')}/").content.decode())
    assert "is already a member: you are invited to join as a representative of Valley Women's Network" in page


def test_an_organisation_that_is_not_a_member_is_invited_to_join(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    notice = Notice.objects.get(kind="invitation")
    assert "Hill Seed Savers is invited to join" in notice.body
    assert "representative of" not in notice.subject + notice.body
    page = unescape(Client().get(f"/invitations/{latest_token('ines@hill.test')}/").content.decode())
    assert "already a member" not in page


def _value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, f"no {name} field"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else ""


def test_sign_up_from_an_invitation_is_filled_in_and_keeps_the_name(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate, language="es", contact_name="Inés O'Neill Quispe")
    client = Client()
    client.get(f"/invitations/{latest_token('ines@hill.test')}/")
    page = client.get("/accounts/signup/").content.decode()
    assert _value(page, "email") == "ines@hill.test"
    assert _value(page, "name") == "Inés O'Neill Quispe"
    response = client.post(
        "/accounts/signup/",
        {
            "email": "ines@hill.test",
            "name": "Inés O'Neill Quispe",
            "password1": "lusaka-rains-2031",
            "password2": "lusaka-rains-2031",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="ines@hill.test")
    assert user.name == "Inés O'Neill Quispe"
    assert user.language == "es"  # the language the invitation was written in


def test_the_person_may_correct_the_name_and_address_at_sign_up(purposed: World, candidate: Membership) -> None:
    invite(purposed, candidate)
    client = Client()
    client.get(f"/invitations/{latest_token('ines@hill.test')}/")
    client.post(
        "/accounts/signup/",
        {
            "email": "ines.q@hill.test",
            "name": "Inés Q.",
            "password1": "lusaka-rains-2031",
            "password2": "lusaka-rains-2031",
        },
    )
    assert User.objects.get(email="ines.q@hill.test").name == "Inés Q."


def test_sign_up_without_an_invitation_is_not_filled_in(purposed: World, settings: Any) -> None:
    settings.ACCORD_OPEN_SIGNUP = True
    page = Client().get("/accounts/signup/").content.decode()
    assert _value(page, "email") == ""
    assert _value(page, "name") == ""
