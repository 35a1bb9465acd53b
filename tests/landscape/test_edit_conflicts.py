"""Lost edits in the landscape: two people edit the same stakeholder or tie; the second save is
refused with what the first changed, and nothing of either edit is lost (forms and API)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accord.core.versions import StaleVersion
from accord.landscape import services
from accord.landscape.importing import commit, jobs
from accord.landscape.models import Stakeholder, Tie
from tests.api.conftest import bearer, token_for
from tests.core.conflicts import posted
from tests.landscape.conftest import Landscape

BASE = "/a/riverside/landscape/"
API = "/api/alliances/riverside"


def call(method: str, path: str, raw: str, body: Any) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", **bearer(raw))


# --- stakeholders: the edit form ------------------------------------------------------------------


def test_the_second_of_two_stakeholder_edits_is_refused_and_nothing_is_lost(landscape: Landscape) -> None:
    world, donor = landscape.world, landscape.donor
    url = f"{BASE}stakeholders/{donor.pk}/edit/"
    alice, sam = world.client_for(world.alice), world.client_for(world.sam)
    alice_form = alice.get(url).context["form"]
    sam_form = sam.get(url).context["form"]  # both opened the form at the same version

    saved = alice.post(url, posted(alice_form, notes="Alice: funds seed banks.", scope="national"))
    assert saved.status_code == 302

    refused = sam.post(url, posted(sam_form, name="Seed Fund International", notes="Sam: funds pilots."))
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else saved this while you were editing" in body
    # What Alice changed, beside what Sam sent: notes both changed; scope only Alice did.
    assert "Alice: funds seed banks." in body and "Sam: funds pilots." in body
    assert "Notes" in body and "Scope" in body and "you left it as it was: theirs is kept" in body
    donor.refresh_from_db()
    assert (donor.name, donor.notes, donor.scope) == ("Seed Fund", "Alice: funds seed banks.", "national")

    # The form shown again holds Alice's values with Sam's own changes on top, at the new
    # version: saving it is a deliberate merge that keeps Alice's scope.
    again = refused.context["form"]
    assert again["scope"].value() == "national"  # Alice's, which Sam had not touched
    assert (again["name"].value(), again["notes"].value()) == ("Seed Fund International", "Sam: funds pilots.")
    assert again["version"].value() == donor.version
    assert sam.post(url, posted(again)).status_code == 302
    donor.refresh_from_db()
    assert (donor.name, donor.notes, donor.scope) == ("Seed Fund International", "Sam: funds pilots.", "national")


def test_a_stakeholder_form_without_its_version_is_refused(landscape: Landscape) -> None:
    world, donor = landscape.world, landscape.donor
    url = f"{BASE}stakeholders/{donor.pk}/edit/"
    client = world.client_for(world.alice)
    data = posted(client.get(url).context["form"], notes="No version sent")
    del data["version"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The version this edit started from is missing" in response.content.decode()
    donor.refresh_from_db()
    assert donor.notes == ""


def test_the_target_form_is_refused_over_a_newer_edit(landscape: Landscape) -> None:
    world, committee = landscape.world, landscape.committee
    page = world.client_for(world.sam).get(f"{BASE}stakeholders/{committee.pk}/")
    stale_form = page.context["target_form"]
    services.stakeholder_update(stakeholder=committee, version=committee.version, target_ask="Pass it this session.")
    response = world.client_for(world.sam).post(
        f"{BASE}stakeholders/{committee.pk}/target/", posted(stale_form, is_target=False)
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Pass it this session." in body and "Someone else saved this while you were editing" in body
    committee.refresh_from_db()
    assert committee.is_target and committee.target_ask == "Pass it this session."


# --- stakeholders: the API ------------------------------------------------------------------------


def test_a_stale_stakeholder_patch_is_a_409_with_what_changed(landscape: Landscape) -> None:
    world, donor = landscape.world, landscape.donor
    alice, bob = token_for(world.a, world.alice), token_for(world.a, world.bob)
    read = call("get", f"{API}/stakeholders/{donor.pk}", alice, None).json()
    version = read["version"]

    first = call("patch", f"{API}/stakeholders/{donor.pk}", alice, {"version": version, "notes": "Alice's"})
    assert first.status_code == 200 and first.json()["version"] == version + 1

    second = call(
        "patch", f"{API}/stakeholders/{donor.pk}", bob, {"version": version, "notes": "Bob's", "unlikely_suspect": True}
    )
    assert second.status_code == 409
    out = second.json()
    assert out["current_version"] == version + 1
    assert out["changed"] == [
        {"field": "notes", "label": "Notes", "theirs": "Alice's", "yours": "Bob's", "sent": True, "you_changed": True}
    ]
    assert "Notes: Alice's → Bob's" in out["detail"]
    donor.refresh_from_db()
    assert (donor.notes, donor.unlikely_suspect) == ("Alice's", False)

    # A foreign key is named as the API names it.
    call(
        "patch",
        f"{API}/stakeholders/{donor.pk}",
        alice,
        {"version": version + 1, "organisation_id": landscape.ministry.pk},
    )
    moved = call("patch", f"{API}/stakeholders/{donor.pk}", bob, {"version": version + 1, "notes": "x"}).json()
    assert [c["field"] for c in moved["changed"]] == ["organisation_id"]
    assert moved["changed"][0]["theirs"] == landscape.ministry.pk and moved["changed"][0]["sent"] is False


def test_a_stakeholder_patch_without_a_version_is_a_422_naming_it(landscape: Landscape) -> None:
    world, donor = landscape.world, landscape.donor
    response = call("patch", f"{API}/stakeholders/{donor.pk}", token_for(world.a, world.alice), {"notes": "x"})
    assert response.status_code == 422
    assert ["body", "payload", "version"] in [d["loc"] for d in response.json()["detail"]]
    donor.refresh_from_db()
    assert donor.notes == ""


def test_every_update_of_a_record_declares_its_409_and_sends_the_version(world: Any) -> None:
    schema = Client().get("/api/openapi.json").json()
    updates = [
        ("/api/alliances/{alliance_slug}", "patch"),
        ("/api/alliances/{alliance_slug}/stakeholders/{stakeholder_id}", "patch"),
        ("/api/alliances/{alliance_slug}/ties/{tie_id}", "patch"),
        ("/api/alliances/{alliance_slug}/framework/elements/{framework_element_id}", "patch"),
        ("/api/alliances/{alliance_slug}/memberships/{membership_id}/voice", "put"),
    ]
    for path, method in updates:
        operation = schema["paths"][path][method]
        assert "409" in operation["responses"], path
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert "version" in schema["components"]["schemas"][ref]["required"], path


# --- ties ---------------------------------------------------------------------------------------


def test_the_second_of_two_tie_edits_is_refused_and_nothing_is_lost(landscape: Landscape) -> None:
    world = landscape.world
    tie = Tie.objects.get(source=landscape.donor, target=landscape.ministry)
    url = f"{BASE}ties/{tie.pk}/edit/"
    alice, bob = world.client_for(world.alice), world.client_for(world.bob)
    alice_form, bob_form = alice.get(url).context["form"], bob.get(url).context["form"]
    assert alice.post(url, posted(alice_form, strength="3", note="Core funding")).status_code == 302
    refused = bob.post(url, posted(bob_form, note="Small grant"))
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Core funding" in body and "Small grant" in body and "Strength" in body
    tie.refresh_from_db()
    assert (tie.strength, tie.note) == (3, "Core funding")
    again = refused.context["form"]
    assert (again["strength"].value(), again["note"].value()) == (3, "Small grant")


def test_a_stale_tie_patch_is_a_409_and_a_fresh_one_saves(landscape: Landscape) -> None:
    world = landscape.world
    tie = Tie.objects.get(source=landscape.donor, target=landscape.ministry)
    raw = token_for(world.a, world.alice)
    version = tie.version
    assert call("patch", f"{API}/ties/{tie.pk}", raw, {"version": version, "strength": 1}).status_code == 200
    stale = call("patch", f"{API}/ties/{tie.pk}", raw, {"version": version, "strength": 3})
    assert stale.status_code == 409
    assert stale.json()["changed"][0]["field"] == "strength" and stale.json()["changed"][0]["theirs"] == 1
    fresh = call("patch", f"{API}/ties/{tie.pk}", raw, {"version": version + 1, "strength": 3})
    assert fresh.status_code == 200 and fresh.json()["strength"] == 3 and fresh.json()["version"] == version + 2
    foreign = Tie.objects.filter(alliance=world.b).first()
    if foreign is not None:  # another alliance's tie is as unknown as a missing one
        assert call("patch", f"{API}/ties/{foreign.pk}", raw, {"version": 1}).status_code == 404


# --- the race, and writes that are not edits ---------------------------------------------------


def test_two_saves_from_the_same_version_cannot_both_win_even_past_the_early_check(
    landscape: Landscape, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both saves passed the early check (as two requests running together would); the
    conditional UPDATE ... WHERE version = n lets only the first through, with no lock held."""
    monkeypatch.setattr(services, "check_version", lambda obj, *, version, **kw: version)
    first = Stakeholder.objects.get(pk=landscape.donor.pk)
    second = Stakeholder.objects.get(pk=landscape.donor.pk)
    version = first.version
    with CaptureQueriesContext(connection) as queries:
        services.stakeholder_update(stakeholder=first, version=version, notes="First")
    claim = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "version" in q["sql"])
    assert "WHERE" in claim and '"version" = ' in claim.split("WHERE", 1)[1]
    assert "FOR UPDATE" not in " ".join(q["sql"] for q in queries.captured_queries)
    with pytest.raises(StaleVersion) as refused:
        services.stakeholder_update(stakeholder=second, version=version, notes="Second")
    assert [c.field for c in refused.value.changes] == ["notes"]
    assert second.notes == ""  # the refused object keeps what the database held when it was read
    stored = Stakeholder.objects.get(pk=landscape.donor.pk)
    assert (stored.notes, stored.version) == ("First", version + 1)


def test_a_write_that_is_not_an_edit_still_raises_the_version(landscape: Landscape) -> None:
    donor = landscape.donor
    before = donor.version
    services.stakeholder_update(stakeholder=donor, notes="A service writes without a version")
    assert Stakeholder.objects.get(pk=donor.pk).version == before + 1
    other = Stakeholder.objects.get(pk=donor.pk)
    other.version = before  # a stale copy saved as it is must not lower the stored number
    other.save()
    assert Stakeholder.objects.get(pk=donor.pk).version == before + 2


def test_an_import_that_changes_a_stakeholder_refuses_an_edit_form_opened_before_it(landscape: Landscape) -> None:
    world, ministry = landscape.world, landscape.ministry
    url = f"{BASE}stakeholders/{ministry.pk}/edit/"
    client = world.client_for(world.alice)
    opened = client.get(url).context["form"]
    before = Stakeholder.objects.get(pk=ministry.pk).version
    upload = io.BytesIO(b"name,type,notes\r\nMinistry of Seeds,national_government,From the spreadsheet\r\n")
    job = jobs.import_job_create(alliance=world.a, user=world.alice, upload=upload, filename="update.csv")
    commit.import_job_commit(job=job, user=world.alice)
    ministry.refresh_from_db()
    assert ministry.notes == "From the spreadsheet" and ministry.version == before + 1
    assert ministry.history.latest().version == ministry.version  # the history row says so too
    refused = client.post(url, posted(opened, notes="Typed while the import ran"))
    assert refused.status_code == 409 and "From the spreadsheet" in refused.content.decode()
    ministry.refresh_from_db()
    assert ministry.notes == "From the spreadsheet"
