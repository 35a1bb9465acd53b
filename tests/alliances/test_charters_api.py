"""API for charters, circulations, acknowledgements, endorsements and the framework."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from docx import Document

from accord.charters.models import Circulation, Endorsement
from accord.charters.services import acknowledgement_record, circulation_create, endorsement_record
from accord.framework.services import framework_document_generate, framework_elements_offer_defaults
from tests.alliances.test_charters import PRINCIPLES, agree_charter, save
from tests.api.conftest import bearer, token_for
from tests.conftest import World

BASE = "/api/alliances/riverside"


@pytest.fixture
def alice_write(world: World) -> str:
    return token_for(world.a, world.alice)


def call(method: str, path: str, raw: str, body: dict[str, Any] | None = None) -> Any:
    client = Client()
    kwargs: dict[str, Any] = bearer(raw)
    if body is not None:
        kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
    return getattr(client, method)(BASE + path, **kwargs)


def test_charter_versions_are_created_and_a_stale_base_gets_409(world: World, alice_write: str) -> None:
    body = {"kind": "principles", "base_version": None, "items": [{"title": "Inclusion", "text": "All voices."}]}
    first = call("post", "/charters", alice_write, body)
    assert first.status_code == 201 and first.json()["version"] == 1
    assert call("post", "/charters", alice_write, {**body, "base_version": 1}).status_code == 201
    stale = call("post", "/charters", alice_write, {**body, "base_version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    listed = call("get", "/charters?kind=principles", alice_write).json()
    assert [c["version"] for c in listed["items"]] == [2, 1]
    detail = call("get", f"/charters/{first.json()['id']}", alice_write).json()
    assert detail["items"] == [{"title": "Inclusion", "text": "All voices."}]


def test_bad_charter_input_is_a_422_with_the_field_path(world: World, alice_write: str) -> None:
    response = call("post", "/charters", alice_write, {"kind": "principles", "base_version": None, "items": []})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:3] == ["body", "payload", "items"]
    assert not world.a.charters.exists()


def test_circulate_acknowledge_and_endorse_through_the_api(world: World, alice_write: str) -> None:
    charter = save(world, PRINCIPLES, ["Inclusion"], None)
    refused = call("post", "/circulations", alice_write, {"charter_id": charter.pk})
    assert refused.status_code == 422 and not Circulation.objects.exists()
    agree_charter(charter)
    created = call("post", "/circulations", alice_write, {"charter_id": charter.pk})
    assert created.status_code == 201 and created.json()["recipients"] == 2
    circulation_id = created.json()["id"]
    bob = token_for(world.a, world.bob)
    ack = call("post", f"/circulations/{circulation_id}/acknowledge", bob)
    assert ack.status_code == 200 and ack.json()["user"] == str(world.bob)
    listed = call("get", "/circulations", bob).json()["items"]
    assert [a["user"] for a in listed[0]["acknowledgements"]] == [str(world.bob)]
    endorsed = call("post", "/endorsements", bob, {"charter_id": charter.pk, "note": "Board"})
    assert endorsed.status_code == 201 and endorsed.json()["organisation"] == "Valley Women's Network"
    again = call("post", "/endorsements", bob, {"charter_id": charter.pk})
    assert again.status_code == 422
    both = call("post", "/endorsements", bob, {"charter_id": charter.pk, "purpose_id": 1})
    assert both.status_code == 422
    assert Endorsement.objects.count() == 1
    assert [e["charter_id"] for e in call("get", "/endorsements", bob).json()["items"]] == [charter.pk]


def test_api_permissions_follow_the_roles(world: World) -> None:
    charter = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    bob, sam, olga = token_for(world.a, world.bob), token_for(world.a, world.sam), token_for(world.a, world.olga)
    assert call("post", "/circulations", bob, {"charter_id": charter.pk}).status_code == 403
    assert call("post", "/endorsements", sam, {"charter_id": charter.pk}).status_code == 403
    assert call("post", "/framework/documents", bob, {"kind": "mou"}).status_code == 403
    assert call("get", "/charters", olga).status_code == 200
    assert call("get", "/framework/elements", olga).status_code == 200
    lear = token_for(world.b, world.lear)
    assert call("get", f"/charters/{charter.pk}", lear).status_code == 404
    # A's charter named from B's own alliance is not found either.
    client = Client()
    response = client.post(
        "/api/alliances/lear/circulations",
        data=json.dumps({"charter_id": charter.pk}),
        content_type="application/json",
        **bearer(lear),
    )
    assert response.status_code == 404


def test_framework_elements_and_documents_through_the_api(world: World, alice_write: str) -> None:
    framework_elements_offer_defaults(alliance=world.a)
    elements = call("get", "/framework/elements", alice_write).json()
    mou = next(e for e in elements if e["name"].startswith("Memorandum"))
    patched = call(
        "patch",
        f"/framework/elements/{mou['id']}",
        alice_write,
        {"formal": True, "note": "Signed", "version": mou["version"]},
    )
    assert patched.status_code == 200 and patched.json()["formal"] is True and patched.json()["name"] == mou["name"]
    body = {"name": elements[1]["name"], "version": patched.json()["version"]}
    clash = call("patch", f"/framework/elements/{mou['id']}", alice_write, body)
    assert clash.status_code == 422
    created = call("post", "/framework/documents", alice_write, {"kind": "terms_of_reference", "title": "Our ToR"})
    assert created.status_code == 201
    doc = created.json()
    assert doc["snapshot"]["elements"][0]["formal"] is True
    docx = call("get", f"/framework/documents/{doc['id']}/docx", alice_write)
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "Our ToR" in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    pdf = call("get", f"/framework/documents/{doc['id']}/pdf", alice_write)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert call("get", f"/framework/documents/{doc['id']}", alice_write).json()["title"] == "Our ToR"


def test_api_list_query_counts_are_pinned(world: World, alice_write: str, django_assert_num_queries: Any) -> None:
    for n in range(1, 5):
        charter = agree_charter(save(world, PRINCIPLES, [f"v{n}"], n - 1 or None))
        circulation = circulation_create(alliance=world.a, user=world.alice, text=charter)
        acknowledgement_record(circulation=circulation, user=world.bob)
        endorsement_record(alliance=world.a, user=world.bob, text=charter)
        framework_document_generate(alliance=world.a, user=world.sam, kind="mou")
    call("get", "/charters", alice_write)  # the token's last-used stamp is written once a minute
    # Token with alliance and creator; the creator's roles; the count; the page with authors.
    with django_assert_num_queries(4):
        assert call("get", "/charters", alice_write).status_code == 200
    # Token; roles; the circulations with senders and texts; their acknowledgements with people;
    # the count (paginated after the list is built).
    with django_assert_num_queries(4):
        assert len(call("get", "/circulations", alice_write).json()["items"]) == 4
    # Token; roles; count; the page with organisations and endorsers.
    with django_assert_num_queries(4):
        assert call("get", "/endorsements", alice_write).status_code == 200
    # Token; roles; count; the page with its alliance.
    with django_assert_num_queries(4):
        assert call("get", "/framework/documents", alice_write).status_code == 200
