"""Who sees whom (docs/permissions.md): addresses for co-chairs and the secretariat, names for
everyone inside, organisations only for observers, in pages, the API and emails."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command

from accord.core.models import Notice
from accord.core.privacy import sees_contacts
from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership.models import JoinRequest, Membership
from accord.membership.services import membership_invite
from accord.purpose.services import purpose_save
from tests.api.conftest import bearer, token_for
from tests.conftest import World

INVITEE = "nino.invitee@valley.test"
ASKER = "gela.asker@hills.test"
CONTACT = "press@ministry.test"


@pytest.fixture
def seeded(world: World) -> World:
    """An invitation, a request to join and a register contact with an address, in A."""
    purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "A seed law"}, base_version=None)
    org = Stakeholder.objects.create(alliance=world.a, name="Valley Seed Bank", kind=StakeholderType.LOCAL_NGO)
    membership = Membership.objects.create(alliance=world.a, stakeholder=org, status=Membership.Status.CANDIDATE)
    membership_invite(alliance=world.a, membership=membership, email=INVITEE, contact_name="Nino Invitee")
    JoinRequest.objects.create(
        alliance=world.a,
        organisation_name="Hill Growers",
        kind=StakeholderType.LOCAL_NGO,
        contact_name="Gela Asker",
        email=ASKER,
    )
    Stakeholder.objects.create(
        alliance=world.a,
        name="Ministry of Agriculture",
        kind=StakeholderType.NATIONAL_GOVERNMENT,
        contact_person="Press office",
        email=CONTACT,
        phone="+995 32 000 000",
    )
    return world


def _members_page(world: World, user: Any) -> str:
    response = world.client_for(user).get(f"/a/{world.a.slug}/members/")
    assert response.status_code == 200
    return response.content.decode()


def test_members_page_shows_addresses_to_co_chairs_and_secretariat_only(seeded: World) -> None:
    w = seeded
    for user in (w.alice, w.sam):
        page = _members_page(w, user)
        assert INVITEE in page and ASKER in page
        assert "Nino Invitee" in page and "Gela Asker" in page and "Bob" in page
    for user in (w.bob, w.walt, w.eve):
        page = _members_page(w, user)
        assert "@" not in re.sub(r"<[^>]+>", "", page), user  # no address anywhere in the text
        assert "Nino Invitee" in page and "Gela Asker" in page and "Bob" in page  # names, yes


def test_observers_see_organisations_and_no_person(seeded: World) -> None:
    w = seeded
    page = _members_page(w, w.olga)
    text = re.sub(r"<[^>]+>", " ", page)
    assert "@" not in text
    for name in ("Nino Invitee", "Gela Asker", "Bob", "Alice Amiranashvili", "Sam"):
        assert name not in text, name
    # The organisations and what they need to follow the alliance are there.
    assert "Valley Women&#x27;s Network" in page and "Valley Seed Bank" in page and "Hill Growers" in page
    assert "1 representative" in text


def _api(world: World, user: Any, path: str) -> Any:
    token = token_for(world.a, user, "read")
    response = world.client_for(None).get(f"/api/alliances/{world.a.slug}/{path}", **bearer(token))
    assert response.status_code == 200, (path, response.content)
    body = response.json()
    return body["items"] if isinstance(body, dict) and "items" in body else body


def test_the_api_leaves_out_what_the_reader_may_not_see(seeded: World) -> None:
    w = seeded
    for user, names, addresses in ((w.alice, True, True), (w.bob, True, False), (w.olga, False, False)):
        seats = _api(w, user, "seats")
        assert seats and all((s["email"] is not None) is addresses for s in seats), user
        assert all((s["name"] is not None) is names for s in seats), user
        invitation = _api(w, user, "invitations")[0]
        assert invitation["email"] == (INVITEE if addresses else None)
        assert invitation["contact_name"] == ("Nino Invitee" if names else None)
        request = _api(w, user, "join-requests")[0]
        assert request["email"] == (ASKER if addresses else None)
        assert request["contact_name"] == ("Gela Asker" if names else None)
        assert request["organisation_name"] == "Hill Growers"  # organisations, always
        voices = _api(w, user, "voices")
        people = [p for v in voices for p in v["representatives"]]
        assert people and all((p["name"] is not None) is names for p in people), user
        assert all(p["organisation"] for p in people)


def test_register_contacts_are_for_co_chairs_and_secretariat(seeded: World) -> None:
    w = seeded
    ministry = w.a.stakeholders.get(name="Ministry of Agriculture")
    url = f"/a/{w.a.slug}/landscape/stakeholders/{ministry.pk}/"
    assert CONTACT in w.client_for(w.sam).get(url).content.decode()
    page = w.client_for(w.bob).get(url).content.decode()
    assert CONTACT not in page and "+995" not in page and "Press office" in page
    rows = {s["name"]: s for s in _api(w, w.bob, "stakeholders")}
    assert rows["Ministry of Agriculture"]["email"] is None and rows["Ministry of Agriculture"]["phone"] is None
    assert {s["name"]: s for s in _api(w, w.alice, "stakeholders")}["Ministry of Agriculture"]["email"] == CONTACT


def test_a_representative_editing_a_contact_keeps_the_address_they_cannot_see(seeded: World) -> None:
    w = seeded
    ministry = w.a.stakeholders.get(name="Ministry of Agriculture")
    client = w.client_for(w.bob)
    edit = f"/a/{w.a.slug}/landscape/stakeholders/{ministry.pk}/edit/"
    form = client.get(edit).content.decode()
    assert CONTACT not in form and 'name="email"' not in form
    data = {
        "name": "Ministry of Agriculture",
        "kind": StakeholderType.NATIONAL_GOVERNMENT,
        "scope": ministry.scope,
        "contact_person": "Press office",
        "notes": "Met the deputy minister",
        "version": str(ministry.version),
        "political_orientation": ministry.political_orientation,
    }
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ministry.refresh_from_db()
    assert ministry.notes == "Met the deputy minister"
    assert (ministry.email, ministry.phone) == (CONTACT, "+995 32 000 000")
    # Through the API they may not set an address either; nothing is written.
    token = token_for(w.a, w.bob, "write")
    response = w.client_for(None).patch(
        f"/api/alliances/{w.a.slug}/stakeholders/{ministry.pk}",
        {"email": "other@x.test", "version": ministry.version},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 422 and "contact details" in response.content.decode()
    ministry.refresh_from_db()
    assert ministry.email == CONTACT


def test_only_representatives_acknowledge_a_circulation(world: World) -> None:
    from accord.charters.models import Circulation

    circulation = Circulation.objects.create(alliance=world.a, subject="purpose", record_id=1, recipients=1)
    path = f"/api/alliances/{world.a.slug}/circulations/{circulation.pk}/acknowledge"
    for user in (world.olga, world.eve):
        token = token_for(world.a, user, "write")
        assert world.client_for(None).post(path, **bearer(token)).status_code == 403, user
    assert not circulation.acknowledgements.exists()
    token = token_for(world.a, world.bob, "write")
    assert world.client_for(None).post(path, **bearer(token)).status_code == 200
    assert list(circulation.acknowledgements.values_list("user__email", flat=True)) == [world.bob.email]


ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.mark.slow
def test_no_demo_email_carries_an_address_its_reader_may_not_see(db: Any) -> None:
    call_command("demo", verbosity=0)
    checked = 0
    for notice in Notice.objects.select_related("alliance", "recipient").iterator():
        if notice.recipient is None:
            continue  # an invitation to an address: it carries that address only

        class Reader:
            user = notice.recipient
            alliance = notice.alliance

        if sees_contacts(Reader):
            continue
        own = {notice.email.lower(), notice.recipient.email.lower()}
        found = {a.lower() for a in ADDRESS.findall(f"{notice.subject}\n{notice.body}")} - own
        # Links are not addresses; only the alliance's own sending address may appear.
        assert not found, (notice.kind, notice.recipient.email, found)
        checked += 1
    assert checked > 20


def test_observers_see_no_names_on_proposals_and_circulations(world: World) -> None:
    from accord.charters.models import Circulation
    from accord.decisions.services import proposal_create

    proposal = proposal_create(alliance=world.a, user=world.alice, title="Meet in May", body="When we meet")
    circulation = Circulation.objects.create(
        alliance=world.a, subject="purpose", record_id=1, recipients=2, circulated_by=world.alice
    )
    circulation.acknowledgements.create(alliance=world.a, user=world.bob)
    pages = [
        f"/a/{world.a.slug}/decisions/{proposal.pk}/",
        f"/a/{world.a.slug}/charters/circulations/{circulation.pk}/",
    ]
    for url in pages:
        seen = world.client_for(world.olga).get(url)
        assert seen.status_code == 200, url
        text = re.sub(r"<[^>]+>", " ", seen.content.decode())
        assert "Alice Amiranashvili" not in text and "Bob" not in text, url
        # Those inside see who proposed, who sent and who acknowledged.
        inside = re.sub(r"<[^>]+>", " ", world.client_for(world.eve).get(url).content.decode())
        assert "Alice Amiranashvili" in inside, url
    assert "Riverside Farmers Union" in re.sub(
        r"<[^>]+>", " ", world.client_for(world.olga).get(pages[0]).content.decode()
    )
