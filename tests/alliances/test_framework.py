"""Formal and informal elements, and framework documents generated from the alliance's records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accord.core.models import Role
from accord.framework.models import FrameworkDocument, FrameworkElement
from accord.framework.services import framework_document_generate, framework_element_save
from accord.membership.services_roles import seat_grant_role
from accord.purpose.services import purpose_save
from accord.work.models import WorkingGroup
from tests.alliances.test_charters import PRINCIPLES, agree_charter, agree_purpose, save
from tests.conftest import World


def test_the_usual_elements_are_offered_once(world: World) -> None:
    client = world.client_for(world.sam)
    client.post("/a/riverside/framework/elements/defaults/")
    names = list(world.a.framework_elements.values_list("name", flat=True))
    assert len(names) == 8
    assert "Memorandum of understanding signed" in names and "Secretariat rotation" in names
    client.post("/a/riverside/framework/elements/defaults/")
    assert world.a.framework_elements.count() == 8


def test_an_element_is_switched_between_formal_and_informal(world: World) -> None:
    element = framework_element_save(alliance=world.a, name="Terms of reference", formal=False)
    client = world.client_for(world.alice)
    prefix = f"e{element.pk}"
    client.post(
        f"/a/riverside/framework/elements/{element.pk}/",
        {
            f"{prefix}-name": "Terms of reference",
            f"{prefix}-formal": "on",
            f"{prefix}-note": "Signed in May",
            f"{prefix}-version": element.version,
        },
    )
    element.refresh_from_db()
    assert (element.formal, element.note) == (True, "Signed in May")
    page = world.client_for(world.olga).get("/a/riverside/framework/").content.decode()
    assert "Signed in May" in page and "Formal" in page


def test_a_duplicate_element_name_is_shown_at_the_field(world: World) -> None:
    framework_element_save(alliance=world.a, name="Decision rule", formal=True)
    response = world.client_for(world.alice).post(
        "/a/riverside/framework/elements/", {"new-name": "decision rule", "new-note": ""}
    )
    assert response.status_code == 422
    assert "There is already an element with this name." in response.content.decode()
    assert world.a.framework_elements.count() == 1


def test_a_generated_document_keeps_a_snapshot_of_the_records(world: World) -> None:
    purpose = purpose_save(
        alliance=world.a, user=world.alice, data={"change_sought": "Farmers may exchange seed"}, base_version=None
    )
    purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "A newer draft"}, base_version=1)
    agree_purpose(purpose)
    agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    framework_element_save(alliance=world.a, name="MoU", formal=False, note="No MoU")
    group = WorkingGroup.objects.create(alliance=world.a, name="Seed research")
    seat_grant_role(
        alliance=world.a,
        email=world.bob.email,
        role=Role.SECRETARIAT,
        starts_on=dt.date.today() + dt.timedelta(days=90),
    )
    doc = framework_document_generate(alliance=world.a, user=world.sam, kind="ways_of_working")
    snap = doc.snapshot
    assert doc.version == 1 and doc.title.startswith("Ways of working")
    # The agreed purpose, not the newer draft.
    assert snap["purpose"]["change_sought"] == "Farmers may exchange seed" and snap["purpose"]["agreed"]
    assert snap["principles"]["items"][0]["text"] == "Inclusion"
    assert snap["non_negotiables"] is None
    assert [c["name"] for c in snap["co_chairs"]] == ["Alice Amiranashvili"]
    assert [(s["name"], s["current"]) for s in snap["secretariat"]] == [("Sam", True), ("Bob", False)]
    assert snap["meeting_cadence_days"] == world.a.meeting_cadence_days
    assert snap["working_groups"][0]["name"] == group.name
    assert {m["name"] for m in snap["members"]} == {"Riverside Farmers Union", "Valley Women's Network"}
    assert snap["elements"] == [{"name": "MoU", "formal": False, "note": "No MoU"}]
    again = framework_document_generate(alliance=world.a, user=world.sam, kind="ways_of_working")
    assert again.version == 2


def test_generating_from_the_page_and_its_permissions(world: World) -> None:
    for user in (world.bob, world.walt, world.olga, world.eve):
        response = world.client_for(user).post("/a/riverside/framework/generate/", {"kind": "mou"})
        assert response.status_code == 403
    assert not FrameworkDocument.objects.exists()
    response = world.client_for(world.sam).post("/a/riverside/framework/generate/", {"kind": "terms_of_reference"})
    doc = FrameworkDocument.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/framework/{doc.pk}/")
    bad = world.client_for(world.sam).post("/a/riverside/framework/generate/", {"kind": "constitution"})
    assert bad.status_code == 422 and "Select a valid choice" in bad.content.decode()
    # Observers read and download.
    olga = world.client_for(world.olga)
    assert olga.get(f"/a/riverside/framework/{doc.pk}/").status_code == 200
    assert olga.get(f"/a/riverside/framework/{doc.pk}/docx/").status_code == 200
    assert world.client_for(world.lear).get(f"/a/lear/framework/{doc.pk}/docx/").status_code == 404


def test_only_co_chairs_and_secretariat_edit_elements(world: World) -> None:
    element = framework_element_save(alliance=world.a, name="MoU", formal=False)
    for user in (world.bob, world.olga):
        client = world.client_for(user)
        assert client.get("/a/riverside/framework/elements/").status_code == 403
        assert client.post(f"/a/riverside/framework/elements/{element.pk}/", {"delete": "1"}).status_code == 403
    assert FrameworkElement.objects.filter(pk=element.pk).exists()


def test_an_unadopted_document_links_to_a_framework_proposal(world: World) -> None:
    doc = framework_document_generate(alliance=world.a, user=world.sam, kind="ways_of_working")
    page = world.client_for(world.bob).get(f"/a/riverside/framework/{doc.pk}/").content.decode()
    assert f"/a/riverside/decisions/new/?subject=framework&amp;record={doc.pk}" in page


def test_the_framework_page_query_count_is_pinned(world: World, django_assert_num_queries: Any) -> None:
    client = world.client_for(world.olga)
    client.get("/a/riverside/framework/")
    for n in range(5):
        framework_element_save(alliance=world.a, name=f"Element {n}", formal=bool(n % 2))
        framework_document_generate(alliance=world.a, user=world.sam, kind="ways_of_working")
    # Expect 7 queries: session, user, alliance, roles (middleware); the elements; the documents
    # with their authors and adopting proposals; the alliance switcher in the header.
    with django_assert_num_queries(7):
        response = client.get("/a/riverside/framework/")
    assert response.content.decode().count("/docx/") == 5
