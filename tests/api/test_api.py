from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accord.api.models import ApiToken
from accord.api.services import api_token_revoke
from accord.purpose.services import purpose_save
from tests.api.conftest import bearer, token_for
from tests.conftest import World

pytestmark = pytest.mark.django_db


def call(method: str, path: str, raw: str | None, body: dict[str, Any] | None = None) -> Any:
    headers = bearer(raw) if raw else {}
    client = Client()
    if body is None:
        return getattr(client, method)(path, **headers)
    return getattr(client, method)(path, body, content_type="application/json", **headers)


def write_purpose(world: World, **data: Any) -> None:
    purpose_save(alliance=world.a, user=world.alice, data=data, base_version=None)


def test_a_token_reads_its_own_alliance(world: World, alice_write: str) -> None:
    response = call("get", "/api/alliances/riverside", alice_write)
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Riverside Seed Alliance"
    assert body["settings"]["survey_anonymity_k"] == 5


@pytest.mark.parametrize("header", [None, "Bearer acc_not-a-real-token", "Basic abc"])
def test_it_answers_401_without_a_known_token(world: World, header: str | None) -> None:
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().get("/api/alliances/riverside", **headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_revoked_token_gets_401(world: World, alice_write: str) -> None:
    api_token_revoke(token=ApiToken.objects.get(alliance=world.a))
    assert call("get", "/api/alliances/riverside", alice_write).status_code == 401


def test_another_alliances_slug_looks_missing(world: World) -> None:
    lear_token = token_for(world.b, world.lear)
    foreign = call("get", "/api/alliances/riverside/memberships", lear_token)
    missing = call("get", "/api/alliances/no-such-alliance/memberships", lear_token)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert call("get", "/api/alliances/lear/memberships", lear_token).status_code == 200


def test_a_read_token_cannot_write(world: World) -> None:
    raw = token_for(world.a, world.alice, "read")
    response = call("patch", "/api/alliances/riverside", raw, {"meeting_cadence_days": 30, "version": world.a.version})
    assert response.status_code == 403
    world.a.refresh_from_db()
    assert world.a.meeting_cadence_days == 60


def test_an_observers_write_token_cannot_change_settings(world: World) -> None:
    raw = token_for(world.a, world.olga, "write")
    response = call("patch", "/api/alliances/riverside", raw, {"meeting_cadence_days": 30, "version": world.a.version})
    assert response.status_code == 403
    world.a.refresh_from_db()
    assert world.a.meeting_cadence_days == 60


def test_a_token_loses_what_its_creators_role_loses(world: World, alice_write: str) -> None:
    world.a.seat_roles.filter(seat__user=world.alice, role="co_chair").update(
        starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 1, 2)
    )
    response = call(
        "patch", "/api/alliances/riverside", alice_write, {"meeting_cadence_days": 30, "version": world.a.version}
    )
    assert response.status_code == 403


def test_a_co_chair_changes_settings(world: World, alice_write: str) -> None:
    response = call(
        "patch",
        "/api/alliances/riverside",
        alice_write,
        {"meeting_cadence_days": 30, "status": "active", "version": world.a.version},
    )
    assert response.status_code == 200
    assert response.json()["settings"]["meeting_cadence_days"] == 30
    world.a.refresh_from_db()
    assert (world.a.meeting_cadence_days, world.a.status) == (30, "active")


def test_invalid_input_names_the_field(world: World, alice_write: str) -> None:
    response = call(
        "patch", "/api/alliances/riverside", alice_write, {"meeting_cadence_days": 1, "version": world.a.version}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "meeting_cadence_days"]


def test_a_body_that_is_not_an_object_is_refused(world: World, alice_write: str) -> None:
    response = Client().patch(
        "/api/alliances/riverside", "[null, null]", content_type="application/json", **bearer(alice_write)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["body", "payload"]


def test_a_rule_enforced_by_the_service_is_a_422_with_the_field(
    world: World, alice_write: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rules the schema cannot express (model validation in services) must still name the field.
    def refuse(**kwargs: Any) -> None:
        raise ValidationError({"status": ["A closed alliance cannot be reopened."]})

    monkeypatch.setattr("accord.alliances.api.alliance_update_settings", refuse)
    response = call("patch", "/api/alliances/riverside", alice_write, {"status": "active", "version": world.a.version})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"type": "value_error", "loc": ["body", "payload", "status"], "msg": "A closed alliance cannot be reopened."}
    ]


def test_an_unknown_time_zone_is_refused(world: World, alice_write: str) -> None:
    response = call(
        "patch", "/api/alliances/riverside", alice_write, {"timezone": "Mars/Olympus", "version": world.a.version}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "timezone"]


def test_saving_on_a_stale_version_is_a_409_and_writes_nothing(world: World, alice_write: str) -> None:
    write_purpose(world, policy="Seed law")
    write_purpose_v2 = {"policy": "Seed law, article 4", "base_version": 1}
    assert call("post", "/api/alliances/riverside/purpose/versions", alice_write, write_purpose_v2).status_code == 201
    stale = call(
        "post", "/api/alliances/riverside/purpose/versions", alice_write, {"policy": "Mine", "base_version": 1}
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert list(world.a.purposes.values_list("version", "policy")) == [(2, "Seed law, article 4"), (1, "Seed law")]


def test_the_first_purpose_is_saved_by_api(world: World, alice_write: str) -> None:
    response = call(
        "post", "/api/alliances/riverside/purpose/versions", alice_write, {"base_version": None, "target": "4%"}
    )
    assert response.status_code == 201
    assert response.json()["version"] == 1 and response.json()["created_by"] == str(world.alice)
    assert call("get", "/api/alliances/riverside/purpose", alice_write).json()["target"] == "4%"


def test_purpose_and_smart_check_are_404_before_any_purpose(world: World, alice_write: str) -> None:
    assert call("get", "/api/alliances/riverside/purpose", alice_write).status_code == 404
    assert call("get", "/api/alliances/riverside/purpose/smart", alice_write).status_code == 404


def test_the_smart_check_explains_failing_letters(world: World, alice_write: str) -> None:
    write_purpose(world, policy="Seed law", target="more")
    body = call("get", "/api/alliances/riverside/purpose/smart", alice_write).json()
    assert body["passes"] is False
    letters = {item["letter"]: item for item in body["letters"]}
    assert list(letters) == ["S", "M", "A", "R", "T"]
    assert not letters["M"]["ok"] and letters["M"]["problems"] and letters["M"]["fix"]


def test_another_alliances_purpose_version_is_not_found(world: World, alice_write: str) -> None:
    other = purpose_save(alliance=world.b, user=world.lear, data={"policy": "B"}, base_version=None)
    assert call("get", f"/api/alliances/riverside/purpose/versions/{other.pk}", alice_write).status_code == 404


def test_last_used_is_written_at_most_once_a_minute(world: World, alice_write: str) -> None:
    token = ApiToken.objects.get(alliance=world.a)
    call("get", "/api/alliances/riverside", alice_write)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    call("get", "/api/alliances/riverside", alice_write)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    call("get", "/api/alliances/riverside", alice_write)
    token.refresh_from_db()
    assert token.last_used_at > first  # type: ignore[operator]


def _recently_used(world: World, raw: str) -> None:
    # Pinning counts with last_used_at fresh, so the once-a-minute UPDATE is not among them.
    call("get", "/api/alliances/riverside", raw)


def test_membership_list_query_count(world: World, alice_write: str, django_assert_num_queries: Any) -> None:
    _recently_used(world, alice_write)
    # Expect 4 queries: the token (with alliance and creator), the creator's current roles,
    # the count, and one page of memberships with their stakeholders.
    with django_assert_num_queries(4):
        response = call("get", "/api/alliances/riverside/memberships", alice_write)
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert {m["organisation"]["name"] for m in response.json()["items"]} == {
        "Riverside Farmers Union",
        "Valley Women's Network",
    }


def test_seat_list_query_count(world: World, alice_write: str, django_assert_num_queries: Any) -> None:
    _recently_used(world, alice_write)
    # Expect 4 queries: the token, the creator's roles, the seats with people and
    # organisations, and the current roles of those seats.
    with django_assert_num_queries(4):
        response = call("get", "/api/alliances/riverside/seats", alice_write)
    assert response.status_code == 200
    seats = {s["email"]: [r["role"] for r in s["roles"]] for s in response.json()}
    assert seats["olga@a.test"] == ["observer"]
    assert sorted(seats["alice@a.test"]) == ["co_chair", "representative"]
    assert "lear@b.test" not in seats


def test_purpose_version_list_query_count(world: World, alice_write: str, django_assert_num_queries: Any) -> None:
    for n in range(3):
        purpose_save(alliance=world.a, user=world.alice, data={"policy": f"v{n}"}, base_version=n or None)
    _recently_used(world, alice_write)
    # Expect 4 queries: the token, the creator's roles, the count, and one page of versions
    # with their authors.
    with django_assert_num_queries(4):
        response = call("get", "/api/alliances/riverside/purpose/versions", alice_write)
    assert [v["version"] for v in response.json()["items"]] == [3, 2, 1]


def test_the_docs_page_loads_only_local_assets_under_the_csp(db: Any) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    # Every script is a file of our own static files, but one: Swagger's settings as JSON data,
    # which a CSP does not execute.
    import re

    scripts = re.findall(r"<script([^>]*)>", html)
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert inline == [' type="application/json" id="swagger-settings"'], scripts
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs in scripts if "src=" in attrs]  # type: ignore[union-attr]
    assert sources and all(src.startswith("/static/") for src in sources), sources
    assert "script-src 'self'" in response["Content-Security-Policy"]
