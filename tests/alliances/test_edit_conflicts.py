"""Lost edits in the framework elements and the alliance's settings: the second of two saves
from the same version is refused with what the first changed; nothing is lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from accord.alliances.services import alliance_update_settings
from accord.core.models import Alliance, Role
from accord.core.versions import StaleVersion
from accord.framework.services import framework_element_save
from accord.membership.services_roles import seat_grant_role
from tests.api.conftest import bearer, token_for
from tests.conftest import World
from tests.core.conflicts import posted
from tests.core.test_capability_contract import sample  # noqa: F401  (the fixture)

API = "/api/alliances/riverside"


def call(method: str, path: str, raw: str, body: Any = None) -> Any:
    if body is None:
        return getattr(Client(), method)(path, **bearer(raw))
    return getattr(Client(), method)(path, body, content_type="application/json", **bearer(raw))


@pytest.fixture
def alice_write(world: World) -> str:
    return token_for(world.a, world.alice)


@pytest.fixture
def second_co_chair(world: World) -> Any:
    """Bob, of the other member organisation, co-chairs with Alice."""
    seat_grant_role(
        alliance=world.a,
        email=world.bob.email,
        role=Role.CO_CHAIR,
        organisation_id=world.a.stakeholders.get(name="Valley Women's Network").pk,
        starts_on=dt.date(2020, 1, 1),
    )
    return world.bob


# --- framework elements -------------------------------------------------------------------------


def test_the_second_of_two_element_edits_is_refused_and_nothing_is_lost(world: World) -> None:
    element = framework_element_save(alliance=world.a, name="Terms of reference", formal=False)
    url = "/a/riverside/framework/elements/"
    alice, sam = world.client_for(world.alice), world.client_for(world.sam)

    def row_form(client: Client) -> Any:
        return next(form for e, form in client.get(url).context["rows"] if e.pk == element.pk)

    alice_form, sam_form = row_form(alice), row_form(sam)
    assert alice.post(f"{url}{element.pk}/", posted(alice_form, formal=True)).status_code == 302
    refused = sam.post(f"{url}{element.pk}/", posted(sam_form, note="Drafted in May"))
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else saved this while you were editing" in body and "Formal" in body
    element.refresh_from_db()
    assert (element.formal, element.note) == (True, "")
    # Shown again: Alice's "formal" with Sam's note on top, at the new version.
    again = next(form for e, form in refused.context["rows"] if e.pk == element.pk)
    assert (again["formal"].value(), again["note"].value()) == (True, "Drafted in May")
    assert sam.post(f"{url}{element.pk}/", posted(again)).status_code == 302
    element.refresh_from_db()
    assert (element.formal, element.note) == (True, "Drafted in May")


def test_a_stale_element_patch_is_a_409_and_a_missing_version_a_422(world: World, alice_write: str) -> None:
    element = framework_element_save(alliance=world.a, name="Decision rule", formal=False)
    path = f"{API}/framework/elements/{element.pk}"
    version = call("get", f"{API}/framework/elements", alice_write).json()[0]["version"]
    assert call("patch", path, alice_write, {"version": version, "formal": True}).status_code == 200
    stale = call("patch", path, token_for(world.a, world.sam), {"version": version, "note": "Consent"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version + 1
    assert [(c["field"], c["theirs"]) for c in stale.json()["changed"]] == [("formal", True)]
    assert call("patch", path, alice_write, {"note": "Consent"}).status_code == 422
    element.refresh_from_db()
    assert (element.formal, element.note) == (True, "")


def test_element_saves_race_on_the_version_not_on_a_lock(world: World) -> None:
    element = framework_element_save(alliance=world.a, name="MoU", formal=False)
    version = element.version
    framework_element_save(alliance=world.a, element=element, name="MoU", formal=True, version=version)
    with pytest.raises(StaleVersion):
        framework_element_save(alliance=world.a, element=element, name="MoU signed", formal=False, version=version)
    element.refresh_from_db()
    assert (element.name, element.formal) == ("MoU", True)


# --- settings -----------------------------------------------------------------------------------


def test_the_second_of_two_settings_saves_is_refused_and_nothing_is_lost(world: World, second_co_chair: Any) -> None:
    url = "/a/riverside/settings/"
    alice, bob = world.client_for(world.alice), world.client_for(second_co_chair)
    alice_form, bob_form = alice.get(url).context["form"], bob.get(url).context["form"]
    saved = alice.post(url, posted(alice_form, meeting_cadence_days=30, sector="Seeds"))
    assert saved.status_code == 302
    refused = bob.post(url, posted(bob_form, meeting_cadence_days=90, survey_anonymity_k=7))
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else saved this while you were editing" in body
    assert "Meet about every (days)" in body and "Sector" in body and "Seeds" in body
    stored = Alliance.objects.get(pk=world.a.pk)
    assert (stored.meeting_cadence_days, stored.sector, stored.survey_anonymity_k) == (30, "Seeds", 5)
    again = refused.context["form"]
    assert again["sector"].value() == "Seeds"  # Alice's, which Bob had not touched
    assert (again["meeting_cadence_days"].value(), again["survey_anonymity_k"].value()) == (90, 7)
    assert bob.post(url, posted(again)).status_code == 302
    stored = Alliance.objects.get(pk=world.a.pk)
    assert (stored.meeting_cadence_days, stored.sector, stored.survey_anonymity_k) == (90, "Seeds", 7)


@pytest.mark.usefixtures("sample")
def test_a_threshold_kept_outside_a_column_is_compared_too(world: World) -> None:
    version = world.a.version
    alliance_update_settings(alliance=world.a, version=version, motions_needed=4)
    with pytest.raises(StaleVersion) as refused:
        alliance_update_settings(alliance=Alliance.objects.get(pk=world.a.pk), version=version, name="Renamed")
    assert [(c.field, c.theirs, c.label) for c in refused.value.changes] == [("motions_needed", 4, "Motions to agree")]
    assert Alliance.objects.get(pk=world.a.pk).name == "Riverside Seed Alliance"


def test_a_stale_settings_patch_is_a_409(world: World, alice_write: str, second_co_chair: Any) -> None:
    version = call("get", API, alice_write).json()["version"]
    assert call("patch", API, alice_write, {"version": version, "name": "Riverside Seeds"}).status_code == 200
    stale = call("patch", API, token_for(world.a, second_co_chair), {"version": version, "sector": "Farming"})
    assert stale.status_code == 409
    changed = stale.json()["changed"]
    assert [(c["field"], c["theirs"], c["sent"]) for c in changed] == [("name", "Riverside Seeds", False)]
    assert Alliance.objects.get(pk=world.a.pk).sector == ""


def test_a_stale_save_of_a_list_setting_is_a_409_with_both_lists(world: World, alice_write: str) -> None:
    version = call("get", API, alice_write).json()["version"]
    assert call("patch", API, alice_write, {"version": version, "languages": ["en", "fr"]}).status_code == 200
    stale = call("patch", API, alice_write, {"version": version, "languages": ["es"]})
    assert stale.status_code == 409
    [change] = stale.json()["changed"]
    assert (change["field"], change["theirs"], change["yours"]) == ("languages", ["en", "fr"], ["es"])
    assert "en, fr → es" in stale.json()["detail"]
