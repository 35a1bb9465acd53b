"""Property test over the whole OpenAPI schema: no 5xx, and every answer matches the schema.

Runs with a write token of alliance A created by its co-chair, against the alliance's real slug,
so the operations are exercised past authentication and scoping, not only their 404s.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.conftest import World

CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": 12, "deterministic": True},
        "parameters": {"alliance_slug": "riverside"},
    }
)


# Loaded at import: fetching /api/openapi.json touches no database, and pytest-django has set
# Django up before collecting tests. The WSGI app then runs inside each test's transaction.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def keep_test_connection() -> Any:
    """The WSGI handler closes "old" connections when a request starts and finishes; inside the test's
    transaction that would close PostgreSQL's connection under the test (SQLite's in-memory
    database ignores it). Django's own test client disconnects the same signal."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case: Any, world: World, alice_write: str) -> None:
    case.call_and_validate(
        # The WSGI client does not undo gzip (a browser or HTTP library does): ask for the body
        # as it is. Compression on the wire is tested in tests/core/test_compression.py.
        headers={"Authorization": f"Bearer {alice_write}", "Accept-Encoding": "identity"},
        # Left out on purpose: unknown query parameters are ignored rather than refused, and a
        # schema-valid purpose can still break a rule of the method (422 from the service).
        excluded_checks=[negative_data_rejection, positive_data_acceptance],
    )


def test_no_two_schemas_share_a_name() -> None:
    """The API document names each schema by its class name: two classes of one name (a
    landscape GapOut and a work GapOut) are merged into one component, and one operation ends up
    documented with the other's fields."""
    from ninja import Schema

    import accord.api.api  # noqa: F401 - imports every capability's router and its schemas

    def every(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *every(sub))]

    by_name: dict[str, set[str]] = {}
    for cls in every(Schema):
        if cls.__module__.startswith("accord."):
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert not {name: where for name, where in by_name.items() if len(where) > 1}
