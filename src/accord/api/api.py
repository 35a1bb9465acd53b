"""The API object. Each domain app contributes a router from its own `api.py`."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Accord API",
    version="1",
    description="Per-alliance API. Authenticate with `Authorization: Bearer <token>`; a co-chair creates tokens on the alliance's API tokens page.",
    urls_namespace="api",
)
