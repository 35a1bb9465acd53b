"""Each member organisation's endorsement of one specific agreed version."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accord.charters.models import Endorsement
from accord.charters.services import endorsement_record
from tests.alliances.test_charters import PRINCIPLES, agree_charter, save
from tests.conftest import World


def test_a_representative_endorses_for_their_own_organisation(world: World) -> None:
    charter = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    response = world.client_for(world.bob).post(
        f"/a/riverside/charters/{charter.pk}/endorse/", {"note": "Board agreed on 3 May"}
    )
    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert endorsement.organisation.name == "Valley Women's Network"
    assert (endorsement.charter, endorsement.note, endorsement.endorsed_by) == (
        charter,
        "Board agreed on 3 May",
        world.bob,
    )


def test_an_organisation_endorses_a_version_once_and_each_new_version_again(world: World) -> None:
    first = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    endorsement_record(alliance=world.a, user=world.bob, text=first)
    with pytest.raises(ValidationError, match="already endorsed"):
        endorsement_record(alliance=world.a, user=world.bob, text=first)
    second = agree_charter(save(world, PRINCIPLES, ["Inclusion of all"], 1))
    endorsement_record(alliance=world.a, user=world.bob, text=second)
    assert Endorsement.objects.filter(organisation__name="Valley Women's Network").count() == 2


def test_a_version_not_agreed_cannot_be_endorsed(world: World) -> None:
    draft = save(world, PRINCIPLES, ["Inclusion"], None)
    with pytest.raises(ValidationError):
        endorsement_record(alliance=world.a, user=world.bob, text=draft)
    response = world.client_for(world.bob).post(f"/a/riverside/charters/{draft.pk}/endorse/", follow=True)
    assert "Only an agreed version can be endorsed." in response.content.decode()
    assert not Endorsement.objects.exists()


def test_only_representatives_endorse(world: World) -> None:
    charter = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    for user in (world.sam, world.walt, world.olga, world.eve):
        assert world.client_for(user).post(f"/a/riverside/charters/{charter.pk}/endorse/").status_code == 403
    # Co-chair alice also represents her organisation, so she may endorse for it.
    assert world.client_for(world.alice).post(f"/a/riverside/charters/{charter.pk}/endorse/").status_code == 302
    assert list(Endorsement.objects.values_list("organisation__name", flat=True)) == ["Riverside Farmers Union"]


def test_the_versions_page_lists_endorsing_organisations_per_version(world: World) -> None:
    first = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    second = agree_charter(save(world, PRINCIPLES, ["Inclusion of all"], 1))
    endorsement_record(alliance=world.a, user=world.bob, text=first)
    endorsement_record(alliance=world.a, user=world.alice, text=second)
    page = world.client_for(world.olga).get("/a/riverside/charters/principles/versions/").content.decode()
    row_v2 = page[page.index(f"/charters/{second.pk}/") : page.index(f"/charters/{first.pk}/")]
    row_v1 = page[page.index(f"/charters/{first.pk}/") :]
    assert "Riverside Farmers Union" in row_v2 and "Valley Women" not in row_v2
    assert "Valley Women" in row_v1.split("</tr>")[0]


def test_the_text_page_offers_endorsing_only_until_the_organisation_has(world: World) -> None:
    charter = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    bob = world.client_for(world.bob)
    assert "Endorse this version for Valley Women" in bob.get(f"/a/riverside/charters/{charter.pk}/").content.decode()
    bob.post(f"/a/riverside/charters/{charter.pk}/endorse/")
    page = bob.get(f"/a/riverside/charters/{charter.pk}/").content.decode()
    assert "Endorse this version for" not in page
    assert "has endorsed this version" in page
