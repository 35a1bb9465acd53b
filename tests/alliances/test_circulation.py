"""Circulating agreed texts to every representative and tracking acknowledgements."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accord.charters.models import Acknowledgement, Circulation
from accord.charters.services import circulation_create
from accord.core.models import Notice
from accord.purpose.services import purpose_save
from tests.alliances.test_charters import NON_NEG, PRINCIPLES, agree_charter, agree_purpose, save
from tests.conftest import World


def test_an_unagreed_text_cannot_be_circulated(world: World) -> None:
    charter = save(world, PRINCIPLES, ["Inclusion"], None)
    with pytest.raises(ValidationError):
        circulation_create(alliance=world.a, user=world.alice, text=charter)
    response = world.client_for(world.alice).post(f"/a/riverside/charters/{charter.pk}/circulate/", follow=True)
    assert "Only an agreed text can be circulated" in response.content.decode()
    assert not Circulation.objects.exists()
    assert not Notice.objects.exists()


def test_every_current_representative_is_notified_once_in_their_language(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.bob.language = "es"
    world.bob.save(update_fields=["language"])
    charter = agree_charter(save(world, NON_NEG, ["The policy must include seed exchange."], None))
    with django_capture_on_commit_callbacks(execute=True):
        circulation = circulation_create(alliance=world.a, user=world.sam, text=charter)
    # Alice represents the convening organisation, Bob the women's network; sam, walt, olga and
    # eve hold no representative role.
    notices = {n.recipient: n for n in Notice.objects.filter(kind="circulation")}
    assert set(notices) == {world.alice, world.bob}
    assert circulation.recipients == 2
    assert notices[world.bob].language == "es"
    assert notices[world.alice].language == "en"
    body = notices[world.alice].body
    assert "The policy must include seed exchange." in body
    assert f"/a/riverside/charters/{charter.pk}/" in body  # the text
    assert f"/a/riverside/charters/circulations/{circulation.pk}/" in body  # the acknowledge page
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@a.test", "bob@a.test"]


def test_acknowledging_is_tracked_and_the_page_shows_who_has_not_yet(world: World) -> None:
    charter = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    circulation = circulation_create(alliance=world.a, user=world.alice, text=charter)
    bob = world.client_for(world.bob)
    page = bob.get(f"/a/riverside/charters/circulations/{circulation.pk}/").content.decode()
    assert "Acknowledge: I have received it" in page
    bob.post(f"/a/riverside/charters/circulations/{circulation.pk}/acknowledge/")
    bob.post(f"/a/riverside/charters/circulations/{circulation.pk}/acknowledge/")  # twice: one row
    assert Acknowledgement.objects.filter(circulation=circulation).count() == 1
    page = world.client_for(world.sam).get(f"/a/riverside/charters/circulations/{circulation.pk}/").content.decode()
    acked = page[page.index('id="ack-h"') : page.index('id="wait-h"')]
    waiting = page[page.index('id="wait-h"') :]
    assert "Bob" in acked and "Alice" not in acked
    assert "Alice Amiranashvili" in waiting and "Bob" not in waiting.split("</section>")[0]
    again = bob.get(f"/a/riverside/charters/circulations/{circulation.pk}/").content.decode()
    assert "You have acknowledged this text." in again


def test_only_co_chairs_and_the_secretariat_circulate(world: World) -> None:
    charter = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    for user in (world.bob, world.walt, world.olga, world.eve):
        assert world.client_for(user).post(f"/a/riverside/charters/{charter.pk}/circulate/").status_code == 403
    assert not Circulation.objects.exists()
    assert world.client_for(world.sam).post(f"/a/riverside/charters/{charter.pk}/circulate/").status_code == 302
    assert Circulation.objects.filter(subject="charter", record_id=charter.pk).count() == 1


def test_an_agreed_purpose_is_circulated_from_its_agreement_page(world: World) -> None:
    purpose = purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "Seed law"}, base_version=None)
    client = world.client_for(world.alice)
    client.post(f"/a/riverside/charters/purpose/{purpose.pk}/circulate/")
    assert not Circulation.objects.exists()  # not agreed yet
    agree_purpose(purpose)
    client.post(f"/a/riverside/charters/purpose/{purpose.pk}/circulate/")
    circulation = Circulation.objects.get()
    assert circulation.purpose == purpose
    page = client.get(f"/a/riverside/charters/purpose/{purpose.pk}/").content.decode()
    assert "0 acknowledged" in page and "2 not yet" in page


def test_observers_read_the_circulation_and_other_alliances_get_404(world: World) -> None:
    charter = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    circulation = circulation_create(alliance=world.a, user=world.alice, text=charter)
    assert world.client_for(world.olga).get(f"/a/riverside/charters/circulations/{circulation.pk}/").status_code == 200
    lear = world.client_for(world.lear)
    assert lear.get(f"/a/lear/charters/circulations/{circulation.pk}/").status_code == 404
    assert lear.post(f"/a/lear/charters/circulations/{circulation.pk}/acknowledge/").status_code == 404
    assert not Acknowledgement.objects.exists()
