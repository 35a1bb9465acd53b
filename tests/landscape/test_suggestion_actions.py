"""From insight to action: each suggestion of whom to invite can be added as a candidate or
invited from where it is suggested, by those who may invite (co-chairs and secretariat)."""

from __future__ import annotations

import re

from accord.landscape import services
from accord.landscape.models import StakeholderType
from accord.membership.models import Membership
from tests.landscape.test_analytics import Net, net  # noqa: F401  (fixture)
from tests.landscape.test_maps import page

SUGGESTIONS = "/a/riverside/landscape/suggestions/"
MEMBERS = "/a/riverside/members/"


def card(html: str, name: str) -> str:
    """The suggestion card of `name`."""
    found = re.search(
        rf"<li class=\"card[^\"]*\">\s*<h2 id=\"suggestion-\d+\">{re.escape(name)}.*?</li>\s*(?=<li class=\"card|</ol>)",
        html,
        re.S,
    )
    assert found is not None, name
    return found.group(0)


def add_action(pk: int) -> str:
    return f'action="/a/riverside/members/candidates/{pk}/"'


def invite_link(pk: int) -> str:
    return f'href="{MEMBERS}?stakeholder={pk}#invite"'


def test_each_suggestion_offers_add_as_candidate_and_invite(net: Net) -> None:  # noqa: F811
    world = net.world
    for person in (world.alice, world.sam):  # co-chair, secretariat
        html = page(world.client_for(person), SUGGESTIONS)
        fund = card(html, "Green Fund")
        assert add_action(net.donor.pk) in fund and "Add as candidate" in fund
        assert f'<input type="hidden" name="next" value="{SUGGESTIONS}">' in fund
        assert invite_link(net.donor.pk) in fund and ">Invite</a>" in fund
    # A person with no organisation recorded cannot be a candidate, nor invited on their own.
    official = card(html, "Head of Seeds Unit")
    assert add_action(net.official.pk) not in official and invite_link(net.official.pk) not in official
    assert "People are invited through their organisation" in official


def test_those_who_may_not_invite_see_the_suggestions_without_the_actions(net: Net) -> None:  # noqa: F811
    world = net.world
    for person in (world.bob, world.eve, world.walt):  # member, evaluator, working-group lead
        html = page(world.client_for(person), SUGGESTIONS)
        assert "Green Fund" in html
        assert "Add as candidate" not in html and invite_link(net.donor.pk) not in html


def test_add_as_candidate_uses_the_candidate_service_and_its_permission(net: Net) -> None:  # noqa: F811
    world = net.world
    url = f"/a/riverside/members/candidates/{net.donor.pk}/"
    # Refused to a member, with nothing written.
    response = world.client_for(world.bob).post(url, {"next": SUGGESTIONS})
    assert response.status_code == 403
    assert not Membership.objects.filter(stakeholder=net.donor).exists()
    # Another alliance's co-chair cannot even find it.
    assert world.client_for(world.lear).post(url, {"next": SUGGESTIONS}).status_code == 404
    client = world.client_for(world.sam)
    response = client.post(url, {"next": SUGGESTIONS})
    assert response.status_code == 302 and response["Location"] == SUGGESTIONS
    membership = Membership.objects.get(stakeholder=net.donor)
    assert membership.alliance == world.a and membership.status == Membership.Status.CANDIDATE
    # Back on the suggestions: it says so, it is a candidate now, and it can still be invited.
    html = client.get(SUGGESTIONS).content.decode()
    assert "Added to the candidates." in html
    fund = card(html, "Green Fund")
    assert "Candidate" in fund and add_action(net.donor.pk) not in fund and invite_link(net.donor.pk) in fund
    # A second try says why, and a `next` outside this alliance is not followed.
    for outside in ("https://evil.test/a/riverside/", "//evil.test/", "/a/lear/landscape/suggestions/"):
        response = client.post(url, {"next": outside})
        assert response["Location"] == MEMBERS, outside
    assert Membership.objects.filter(stakeholder=net.donor).count() == 1


def test_the_invite_action_opens_the_invitation_form_filled_in(net: Net) -> None:  # noqa: F811
    world = net.world
    services.stakeholder_update(stakeholder=net.donor, contact_person="Ana Gómez", email="ana@greenfund.test")
    client = world.client_for(world.alice)
    html = page(client, f"{MEMBERS}?stakeholder={net.donor.pk}")
    form = re.search(r'<form method="post" action="/a/riverside/members/invite/".*?</form>', html, re.S)
    assert form is not None
    body = form.group(0)
    assert f'<option value="new-{net.donor.pk}" selected>' in body
    assert re.search(r'name="contact_name" value="Ana Gómez"', body)
    assert re.search(r'name="email" value="ana@greenfund.test"', body)
    # A person is invited to speak for their organisation, with their own name and address.
    nino = services.stakeholder_create(
        alliance=world.a,
        name="Nino Kapanadze",
        kind=StakeholderType.MEDIA,
        is_individual=True,
        organisation=net.radio,
        email="nino@radio.test",
    )
    Membership.objects.create(alliance=world.a, stakeholder=net.radio, status=Membership.Status.DECLINED)
    radio = Membership.objects.get(stakeholder=net.radio)
    body = page(client, f"{MEMBERS}?stakeholder={nino.pk}")
    assert f'<option value="{radio.pk}" selected>' in body
    assert 'name="contact_name" value="Nino Kapanadze"' in body and 'value="nino@radio.test"' in body
    # Without the parameter the form is empty; another alliance's id or a bad one is a 404.
    assert "selected>Green Fund" not in page(client, MEMBERS)
    assert client.get(f"{MEMBERS}?stakeholder={world.org_b.pk}").status_code == 404
    assert client.get(f"{MEMBERS}?stakeholder=abc").status_code == 404
