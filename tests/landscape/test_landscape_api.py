"""The landscape API: stakeholders, assessments and ties, with the same rules as the pages."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accord.landscape.models import Assessment, Stakeholder, StakeholderType, Tie
from tests.api.conftest import bearer, token_for
from tests.conftest import World
from tests.landscape.conftest import Landscape

API = "/api/alliances/riverside"


def call(method: str, path: str, raw: str, body: Any = None) -> Any:
    if body is None:
        return getattr(Client(), method)(path, **bearer(raw))
    return getattr(Client(), method)(path, body, content_type="application/json", **bearer(raw))


@pytest.fixture
def token(landscape: Landscape) -> str:
    return token_for(landscape.world.a, landscape.world.alice, "write")


def test_it_lists_stakeholders_with_filters(landscape: Landscape, token: str) -> None:
    body = call("get", f"{API}/stakeholders", token).json()
    assert body["count"] == 6
    official = next(s for s in body["items"] if s["name"] == "Nino Beridze")
    assert official["organisation_id"] == landscape.ministry.pk and official["is_target"] is True
    members = [s for s in body["items"] if s["membership_status"] == "member"]
    assert len(members) == 2
    targets = call("get", f"{API}/stakeholders?target=true", token).json()
    assert [s["name"] for s in targets["items"]] == ["Agrarian Committee", "Nino Beridze"]
    assert call("get", f"{API}/stakeholders?q=seed&kind=donor_foundation", token).json()["count"] == 1


def test_create_get_and_patch_a_stakeholder(landscape: Landscape, token: str) -> None:
    created = call(
        "post",
        f"{API}/stakeholders",
        token,
        {
            "name": "Deputy minister",
            "kind": "national_government",
            "is_individual": True,
            "organisation_id": landscape.ministry.pk,
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert call("get", f"{API}/stakeholders/{pk}", token).json()["organisation_id"] == landscape.ministry.pk
    patched = call(
        "patch",
        f"{API}/stakeholders/{pk}",
        token,
        {"is_target": True, "target_ask": "Sign it", "organisation_id": None, "version": created.json()["version"]},
    )
    assert patched.status_code == 200
    assert patched.json()["is_target"] is True and patched.json()["organisation_id"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "seed fund", "kind": "media"}, "name"),
        ({"name": "X", "kind": "wizard"}, "kind"),
        ({"name": "X", "kind": "media", "email": "not an email"}, "email"),
        ({"name": "X", "kind": "media", "organisation_id": 999999}, "organisation_id"),
        ({"name": "X\u0000", "kind": "media"}, "name"),
    ],
)
def test_bad_stakeholders_get_422_at_the_field(
    landscape: Landscape, token: str, body: dict[str, Any], field: str
) -> None:
    before = Stakeholder.objects.count()
    response = call("post", f"{API}/stakeholders", token, body)
    assert response.status_code == 422, response.content
    assert field in [loc for item in response.json()["detail"] for loc in item["loc"]]
    assert Stakeholder.objects.count() == before


def test_an_organisation_of_another_alliance_is_unknown(landscape: Landscape, token: str) -> None:
    response = call(
        "post",
        f"{API}/stakeholders",
        token,
        {"name": "Y", "kind": "media", "organisation_id": landscape.world.org_b.pk},
    )
    assert response.status_code == 422


def test_assessments_per_stakeholder_and_alliance_wide_as_of(landscape: Landscape, token: str) -> None:
    url = f"{API}/stakeholders/{landscape.official.pk}/assessments"
    history = call("get", url, token).json()
    assert [a["position"] for a in history["items"]] == [1, -1]
    created = call("post", url, token, {"position": None, "influence": 5, "interest": 5, "evidence": "Moved posts"})
    assert created.status_code == 201 and created.json()["assessed_by"] == "Alice Amiranashvili"
    now = call("get", f"{API}/assessments", token).json()
    assert [(a["stakeholder_name"], a["position"]) for a in now["items"]] == [("Nino Beridze", None)]
    then = call("get", f"{API}/assessments?as_of=2024-03-01", token).json()
    assert [(a["stakeholder_name"], a["position"]) for a in then["items"]] == [("Nino Beridze", -1)]
    assert call("get", f"{API}/assessments?as_of=2024-02-31", token).status_code == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"position": 3, "influence": 1, "interest": 1}, "position"),
        ({"position": 0, "influence": 6, "interest": 1}, "influence"),
        ({"position": 0, "influence": 1, "interest": -1}, "interest"),
        ({"position": 0, "influence": 1, "interest": 1, "assessed_on": "2999-01-01"}, "assessed_on"),
    ],
)
def test_bad_assessments_get_422_and_write_nothing(
    landscape: Landscape, token: str, body: dict[str, Any], field: str
) -> None:
    response = call("post", f"{API}/stakeholders/{landscape.donor.pk}/assessments", token, body)
    assert response.status_code == 422
    assert field in [loc for item in response.json()["detail"] for loc in item["loc"]]
    assert not Assessment.objects.filter(stakeholder=landscape.donor).exists()


def test_ties_list_create_refuse_and_delete(landscape: Landscape, token: str) -> None:
    listed = call("get", f"{API}/ties", token).json()
    assert listed["count"] == 2
    body = {
        "source_id": landscape.committee.pk,
        "target_id": landscape.ministry.pk,
        "kind": "influences",
        "strength": 3,
    }
    created = call("post", f"{API}/ties", token, body)
    assert created.status_code == 201 and created.json()["target_name"] == "Ministry of Seeds"
    duplicate = call("post", f"{API}/ties", token, body)
    assert duplicate.status_code == 422 and "already recorded" in duplicate.json()["detail"][0]["msg"]
    self_tie = call("post", f"{API}/ties", token, {**body, "target_id": landscape.committee.pk})
    assert self_tie.status_code == 422 and self_tie.json()["detail"][0]["loc"][-1] == "target_id"
    foreign = call("post", f"{API}/ties", token, {**body, "target_id": landscape.world.org_b.pk})
    assert foreign.status_code == 422 and foreign.json()["detail"][0]["loc"][-1] == "target_id"
    assert call("delete", f"{API}/ties/{created.json()['id']}", token).status_code == 204
    assert Tie.objects.filter(alliance=landscape.world.a).count() == 2


def test_roles_and_read_only_tokens_are_enforced(landscape: Landscape) -> None:
    world = landscape.world
    observer = token_for(world.a, world.olga, "read")
    assert call("get", f"{API}/stakeholders", observer).status_code == 403
    assert call("get", f"{API}/assessments", observer).status_code == 403
    evaluator = token_for(world.a, world.eve, "write")
    assert call("get", f"{API}/assessments", evaluator).status_code == 200
    assert call("post", f"{API}/stakeholders", evaluator, {"name": "Z", "kind": "media"}).status_code == 403
    read_only = token_for(world.a, world.alice, "read")
    assert call("post", f"{API}/stakeholders", read_only, {"name": "Z", "kind": "media"}).status_code == 403


def test_a_foreign_stakeholder_id_is_404(landscape: Landscape) -> None:
    lear = token_for(landscape.world.b, landscape.world.lear)
    assert call("get", f"/api/alliances/lear/stakeholders/{landscape.official.pk}", lear).status_code == 404
    assert call("get", f"/api/alliances/lear/stakeholders/{landscape.official.pk}/assessments", lear).status_code == 404


def _grow(world: World, n: int) -> None:
    rows = Stakeholder.objects.bulk_create(
        [
            Stakeholder(
                alliance=world.a, name=f"Grown {len(Stakeholder.objects.all())}-{i}", kind=StakeholderType.MEDIA
            )
            for i in range(n)
        ]
    )
    Assessment.objects.bulk_create(
        [
            Assessment(alliance=world.a, stakeholder=s, position=1, influence=1, interest=1, assessed_by=world.alice)
            for s in rows
        ]
    )
    Tie.objects.bulk_create([Tie(alliance=world.a, source=a, target=b) for a, b in itertools.pairwise(rows)])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # token, roles, count, page (stakeholders with memberships)
        ("/stakeholders", 4),
        # token, roles, count, page (latest assessment per stakeholder, with stakeholder and signer)
        ("/assessments?as_of=2030-01-01", 4),
        # token, roles, count, page (ties with both ends)
        ("/ties", 4),
    ],
)
def test_api_list_query_counts_are_pinned_and_flat(landscape: Landscape, token: str, path: str, expected: int) -> None:
    world = landscape.world
    call("get", f"{API}{path}", token)  # stamps the token's last use
    counts = []
    for n in (2, 60):
        _grow(world, n)
        with CaptureQueriesContext(connection) as ctx:
            assert call("get", f"{API}{path}", token).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts == [expected, expected], counts
