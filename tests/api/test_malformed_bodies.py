"""Malformed request bodies on every API operation that takes one: a 400 or 422 in the API's
JSON shape, never a 500 or an HTML page, whatever DEBUG says.

The schemathesis test (test_schema.py) sends bodies that fit the schema; this one sends the
bodies no schema describes: multipart with no boundary or a broken one, JSON that does not
parse, bytes that are no text at all. The operations come from the OpenAPI schema itself, so a
route added later is covered without touching this file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings

from accord.api.api import api
from tests.api.conftest import bearer
from tests.conftest import World

TRUNCATED = (
    b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
    b"Content-Type: text/csv\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64"
)
MALFORMED: list[tuple[str, bytes]] = [
    ("multipart/form-data", b"name\r\nMinistry\r\n"),  # the reported 500: no boundary at all
    ("multipart/form-data; boundary=", b"--\r\n"),
    ("multipart/form-data; boundary=\u00e9t\u00e9", b"--x\r\n"),
    ("multipart/form-data; boundary=xyz", TRUNCATED),
    ("application/json", b"{"),
    ("application/json", b"\xff\xfe\xfa junk"),
    ("application/json", b"[" * 50_000),  # nested past the parser's recursion limit
    ("application/json", b"\x00\x01\x02"),
    ("text/plain", b"%%%"),
    ("application/x-www-form-urlencoded", b"%ff%fe=%00&&=="),
]


def write_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation whose request has a body."""
    out = []
    for path, item in api.get_openapi_schema()["paths"].items():
        for method, operation in item.items():
            if method in {"post", "put", "patch"} and "requestBody" in operation:
                out.append((method, path))
    return sorted(out)


OPERATIONS = write_operations()


def fill(path: str, slug: str) -> str:
    return re.sub(r"\{[a-z_]+_id\}", "1", path.replace("{alliance_slug}", slug))


def send(client: Client, method: str, url: str, ctype: str, body: bytes, token: str) -> Any:
    return getattr(client, method)(url, data=body, content_type=ctype, **bearer(token))


def test_the_schema_lists_the_import_upload_among_the_write_operations() -> None:
    # Guards the walk below: if it found nothing, every test would pass vacuously.
    assert ("post", "/api/alliances/{alliance_slug}/imports") in OPERATIONS
    assert len(OPERATIONS) >= 10


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_write_operation_refuses_malformed_bodies_with_a_json_400_or_422(
    world: World, alice_write: str, method: str, path: str, debug: bool
) -> None:
    client = Client(raise_request_exception=False)
    url = fill(path, world.a.slug)
    with override_settings(DEBUG=debug):
        for ctype, body in MALFORMED:
            response = send(client, method, url, ctype, body, alice_write)
            where = f"{method.upper()} {url} with {ctype!r} {body[:30]!r}"
            assert response.status_code in (400, 422), (where, response.status_code, response.content[:300])
            assert response["Content-Type"].startswith("application/json"), (where, response.content[:300])
            detail = response.json()["detail"]
            assert detail, where


def test_multipart_without_a_boundary_says_what_to_fix(world: World, alice_write: str) -> None:
    client = Client(raise_request_exception=False)
    url = f"/api/alliances/{world.a.slug}/imports"
    for debug in (False, True):
        with override_settings(DEBUG=debug):
            response = send(client, "post", url, "multipart/form-data", b"name\r\nx\r\n", alice_write)
        assert response.status_code == 400, response.content[:300]
        message = response.json()["detail"]
        assert "multipart/form-data" in message and "boundary" in message, message
