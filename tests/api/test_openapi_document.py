"""The OpenAPI document as a strict reader sees it: JSON with no repeated key anywhere.

`json.loads` keeps the last of two equal keys, so a schema with two "200" responses (an int key
from `response=` and a string key from `openapi_extra`) looks fine in Python and breaks the
docs page, whose parser refuses it.
"""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


def strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    assert not repeated, f"repeated keys {repeated} in an object with keys {keys}"
    return dict(pairs)


def test_the_schema_repeats_no_key(db: Any) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content, object_pairs_hook=strict_object)
    # The export's file types are declared on its one 200 answer, not on a second one.
    export = next(op["get"] for path, op in schema["paths"].items() if path.endswith("/export"))
    assert "text/csv" in export["responses"]["200"]["content"]
    assert {"401", "403", "404"} <= set(export["responses"])


def test_the_strict_reader_refuses_a_repeated_key() -> None:
    try:
        json.loads('{"responses": {"200": {}, "200": {}}}', object_pairs_hook=strict_object)
    except AssertionError as exc:
        assert "200" in str(exc)
    else:
        raise AssertionError("a repeated key went through")


def test_the_docs_page_has_a_language_a_main_landmark_and_a_heading(db: Any) -> None:
    response = Client().get("/api/docs", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert page.count("<main") == 1 and '<div id="swagger-ui"></div>' in page.split("<main", 1)[1]
    # Swagger UI draws the title as the h1; without JavaScript the page still has one.
    assert "<h1>Accord API</h1>" in page
    # Only files of our own origin: the CSP allows no inline script.
    assert "/static/api/docs.js" in page and "<script>" not in page
    # No deep links: a path link inside the button that opens an operation is a nested control.
    assert '"deepLinking": false' in page
