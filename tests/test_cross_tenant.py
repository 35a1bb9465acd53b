"""The cross-tenant crawler: no route, page or API operation lets one alliance see another's data.

Routes are discovered, not listed: every URL pattern (walked from the root resolver) and every
API operation (read from the ninja API's OpenAPI schema) is requested. Arguments are filled by the
project's conventions: `alliance_slug` is alliance A's slug and `<snake_case_model>_id` is the id
of one of A's rows of that model. A new route whose arguments cannot be filled fails here, naming
the route, until it follows the conventions or joins the short allow-list below with a reason.

Who asks: lear, co-chair of alliance B (so she holds every co-chair permission, in the wrong
alliance), and an anonymous visitor. Lear must get the same 404 as for a missing alliance, and
no answer may carry A's name, its stakeholders' names or its purpose text.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from model_bakery import baker

from accord.alliances.models import Purpose
from accord.api.api import api
from accord.api.models import ApiToken, digest, new_raw_token
from accord.core.models import Alliance, SeatRole
from accord.core.tenancy import SLUG_KWARG
from tests.conftest import World

# A word no page shows unless it reads A's purpose.
PURPOSE_WORD = "Quillwortfenbright"

# Arguments that are not alliance records, per route prefix, with the value used and why.
NON_TENANT_KWARGS: dict[str, dict[str, str]] = {
    # Django admin: admin_view sends every non-staff request to the admin login before any
    # argument is read. Filled with harmless values and requested anyway.
    "admin/": {"app_label": "auth", "object_id": "1", "url": "no-such-page/", "content_type_id": "<alliance-ct>"},
    # allauth's email-confirmation and password-reset keys are one-time tokens, not alliance
    # records; filled with invalid ones.
    "accounts/": {"key": "not-a-key", "uidb36": "0"},
    # Personal invitation and join links carry a secret token, not an alliance record; an
    # unknown token must answer "not found" and show nothing.
    "invitations/": {"token": "not-a-token"},
}

# Routes that are not requested at all, each with its reason. Keep this short.
NOT_REQUESTED: dict[str, str] = {}

APP_PREFIX = "accord."


# --- Discovery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    template: str  # "a/<slug:alliance_slug>/purpose/<int:purpose_id>/", regex parts kept as is
    name: str
    namespaces: tuple[str, ...]
    kwargs: tuple[str, ...]

    @property
    def is_alliance(self) -> bool:
        return SLUG_KWARG in self.kwargs

    @property
    def is_api(self) -> bool:
        return api.urls_namespace in self.namespaces

    def __str__(self) -> str:
        return f"/{self.template} ({self.name or 'unnamed'})"


def _walk(patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = ()) -> Iterator[Route]:
    for p in patterns:
        part = str(p.pattern)
        if isinstance(p, URLResolver):
            ns = (*namespaces, p.namespace) if p.namespace else namespaces
            yield from _walk(p.url_patterns, prefix + part, ns)
        elif isinstance(p, URLPattern):
            template = prefix + part
            kwargs = tuple(_names(template))
            name = ":".join((*namespaces, p.name)) if p.name else ""
            yield Route(template=template, name=name, namespaces=namespaces, kwargs=kwargs)


def _names(template: str) -> list[str]:
    out = []
    for m in re.finditer(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", template):
        out.append(m.group(1) or m.group(2))
    return out


def discover_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # "/api/a/{alliance_slug}/purposes/{purpose_id}"
    operation_id: str
    secured: bool

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


@functools.cache
def openapi_schema() -> dict[str, Any]:
    return dict(api.get_openapi_schema())


def discover_operations() -> list[Operation]:
    schema = openapi_schema()
    ops = []
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            secured = bool(op.get("security", schema.get("security")))
            ops.append(Operation(method=method, path=path, operation_id=op.get("operationId", ""), secured=secured))
    return ops


ROUTES = discover_routes()
PAGE_ROUTES = [r for r in ROUTES if not (r.is_api and r.kwargs) and r.template not in NOT_REQUESTED]
ALLIANCE_ROUTES = [r for r in PAGE_ROUTES if r.is_alliance]
OTHER_ROUTES = [r for r in PAGE_ROUTES if not r.is_alliance]
OPERATIONS = discover_operations()


# --- Filling arguments ------------------------------------------------------------------------


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def accord_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith(APP_PREFIX) and not m.__name__.startswith("Historical") and not m._meta.abstract
    ]


def model_for_kwarg(kwarg: str) -> type[models.Model] | None:
    if not kwarg.endswith("_id"):
        return None
    found = [m for m in accord_models() if snake(m.__name__) == kwarg[: -len("_id")]]
    assert len(found) <= 1, f"{kwarg} matches several models: {found}"
    return found[0] if found else None


class Unfillable(Exception):
    pass


class Filler:
    """Values for route arguments: A's slug and ids of A's own rows (made when missing)."""

    def __init__(self, alliance: Alliance) -> None:
        self.alliance = alliance
        self.cache: dict[str, str] = {}

    def record_id(self, kwarg: str) -> str:
        if kwarg not in self.cache:
            model = model_for_kwarg(kwarg)
            if model is None:
                raise Unfillable(kwarg)
            if "alliance" not in {f.name for f in model._meta.get_fields()}:
                raise Unfillable(f"{kwarg} (model {model.__name__} has no `alliance`)")
            row = model._default_manager.filter(alliance=self.alliance).order_by("pk").first()
            if row is None:
                row = baker.make(model, alliance=self.alliance)
            self.cache[kwarg] = str(row.pk)
        return self.cache[kwarg]

    def value(self, kwarg: str, where: str, *, slug: str | None = None) -> str:
        if kwarg == SLUG_KWARG:
            return slug or self.alliance.slug
        for prefix, values in NON_TENANT_KWARGS.items():
            if where.startswith(prefix) and kwarg in values:
                v = values[kwarg]
                if v == "<alliance-ct>":
                    return str(ContentType.objects.get_for_model(Alliance).pk)
                return v
        return self.record_id(kwarg)


def build_path(route: Route, filler: Filler, *, slug: str | None = None) -> str:
    def route_sub(m: re.Match[str]) -> str:
        return filler.value(m.group(1), route.template, slug=slug)

    path = re.sub(r"<(?:\w+:)?(\w+)>", route_sub, route.template)
    # Regex parts (allauth keys, admin's app list): fill named groups, drop anchors.
    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", route_sub, path)
    path = path.replace("^", "").replace("$", "")
    return "/" + path


# --- The world of alliance A, with something distinctive to look for ---------------------------


def a_strings(world: World) -> list[str]:
    names = [world.a.name, *world.a.stakeholders.values_list("name", flat=True), PURPOSE_WORD]  # type: ignore[attr-defined]
    out: set[str] = set()
    for s in names:
        out |= {s, html.escape(s), html.escape(s, quote=False), json.dumps(s)[1:-1]}
    return sorted(out)


def assert_nothing_of_a(body: bytes, strings: list[str], where: str) -> None:
    text = body.decode(errors="replace")
    leaked = [s for s in strings if s in text]
    assert not leaked, f"{where} shows alliance A's data to an outsider: {leaked}"


@pytest.fixture
def crawl(world: World) -> tuple[World, Filler, list[str]]:
    Purpose.objects.create(
        alliance=world.a,
        version=1,
        problem=f"{PURPOSE_WORD} seed law keeps farmers from saving seed.",
        change_sought=f"Parliament amends the {PURPOSE_WORD} seed law.",
        created_by=world.alice,
    )
    return world, Filler(world.a), a_strings(world)


def history_rows_of(alliance: Alliance) -> int:
    """Every write leaves a history row, so a stable count means nothing of A was changed."""
    total = 0
    for model in apps.get_models():
        if model.__module__.startswith(APP_PREFIX) and model.__name__.startswith("Historical"):
            field_names = {f.name for f in model._meta.fields}
            if "alliance" in field_names:
                total += model._default_manager.filter(alliance_id=alliance.pk).count()
            elif model.__name__ == "HistoricalAlliance":
                total += model._default_manager.filter(id=alliance.pk).count()
    return total


def fill_or_fail(route: Route, filler: Filler, **kw: Any) -> str:
    try:
        return build_path(route, filler, **kw)
    except Unfillable as exc:
        pytest.fail(
            f"Cannot fill argument {exc} of route {route}: name record ids `<snake_case_model>_id` "
            "after an accord model with an `alliance` field, or add the route to the crawler's allow-list."
        )


# --- Pages inside an alliance -----------------------------------------------------------------


@pytest.mark.parametrize("route", ALLIANCE_ROUTES, ids=str)
def test_outsider_gets_404_and_nothing_of_a(route: Route, crawl: tuple[World, Filler, list[str]]) -> None:
    world, filler, strings = crawl
    path = fill_or_fail(route, filler)
    before = history_rows_of(world.a)
    client = world.client_for(world.lear)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code == 404, f"{method.upper()} {path} as lear: {response.status_code}"
        assert_nothing_of_a(response.content, strings, f"{method.upper()} {path}")
    assert history_rows_of(world.a) == before, f"{path}: lear's requests changed alliance A"


@pytest.mark.parametrize("route", [r for r in ALLIANCE_ROUTES if len(r.kwargs) > 1], ids=str)
def test_outsider_cannot_reach_a_records_through_her_own_alliance(
    route: Route, crawl: tuple[World, Filler, list[str]]
) -> None:
    """The slug check alone is not enough: records are fetched through the request's alliance,
    so A's ids under B's address are missing ids (404), whatever lear's roles in B."""
    world, filler, strings = crawl
    path = fill_or_fail(route, filler, slug=world.b.slug)
    before = history_rows_of(world.a)
    client = world.client_for(world.lear)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        # 405: the view accepts only the other method, before any id is read.
        assert response.status_code in (404, 405), f"{method.upper()} {path} as lear: {response.status_code}"
        assert_nothing_of_a(response.content, strings, f"{method.upper()} {path}")
    assert history_rows_of(world.a) == before, f"{path}: lear's requests changed alliance A"


@pytest.mark.parametrize("route", ALLIANCE_ROUTES, ids=str)
def test_anonymous_is_sent_to_log_in(route: Route, crawl: tuple[World, Filler, list[str]]) -> None:
    _world, filler, strings = crawl
    path = fill_or_fail(route, filler)
    login = resolve_url(settings.LOGIN_URL)
    for method in ("get", "post"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 302, f"{method.upper()} {path} anonymous: {response.status_code}"
        assert response["Location"].startswith(login + "?"), response["Location"]
        assert_nothing_of_a(response.content, strings, f"{method.upper()} {path}")


# --- Pages outside any alliance ---------------------------------------------------------------


@pytest.mark.parametrize("route", OTHER_ROUTES, ids=str)
def test_pages_outside_alliances_show_nothing_of_a(route: Route, crawl: tuple[World, Filler, list[str]]) -> None:
    world, filler, strings = crawl
    path = fill_or_fail(route, filler)
    response = world.client_for(world.lear).get(path)
    assert response.status_code < 500, f"GET {path}: {response.status_code}"
    assert_nothing_of_a(response.content, strings, f"GET {path}")
    if route.template.startswith("admin/") and route.name not in {"admin:login", "admin:logout"}:
        assert response.status_code == 302, f"GET {path}: the admin answered a non-staff user"
        assert response["Location"].startswith("/admin/login/"), response["Location"]


# --- API operations ---------------------------------------------------------------------------


def _example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A minimal valid value for a JSON schema, so that input validation does not answer before
    the tenant check does."""
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    for key in ("allOf", "anyOf", "oneOf"):
        if schema.get(key):
            return _example(schema[key][0], components, depth + 1)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _example(props[k], components, depth + 1) for k in schema.get("required", []) if depth < 6}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2030-01-01"
    if schema.get("format") == "date-time":
        return "2030-01-01T00:00:00Z"
    return "x"


def _operation_request(op: Operation, filler: Filler, *, slug: str | None = None) -> tuple[str, dict[str, Any]]:
    schema = openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    spec = schema["paths"][op.path][op.method]
    values: dict[str, Any] = {}
    query: dict[str, Any] = {}
    for param in spec.get("parameters", []):
        if param["in"] == "path":
            try:
                values[param["name"]] = filler.value(param["name"], "api/", slug=slug)
            except Unfillable as exc:
                pytest.fail(f"Cannot fill argument {exc} of API operation {op}: follow the naming conventions.")
        elif param["in"] == "query" and param.get("required"):
            query[param["name"]] = _example(param.get("schema", {}), components)
    path = re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), op.path)
    extra: dict[str, Any] = {}
    body = spec.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        extra = {
            "data": json.dumps(_example(body["application/json"].get("schema", {}), components)),
            "content_type": "application/json",
        }
    elif query:
        extra = (
            {"data": query} if op.method == "get" else {"QUERY_STRING": "&".join(f"{k}={v}" for k, v in query.items())}
        )
    return path, extra


def lear_token(world: World) -> str:
    """A write token of alliance B, created by its co-chair lear."""
    try:
        from accord.api.services import api_token_create
    except ImportError:  # before the API's services existed
        raw = new_raw_token()
        ApiToken.objects.create(
            alliance=world.b,
            name="crawler",
            prefix=raw[:12],
            key_digest=digest(raw),
            access=ApiToken.Access.WRITE,
            created_by=world.lear,
        )
        return raw
    _token, raw = api_token_create(alliance=world.b, user=world.lear, name="crawler", access=ApiToken.Access.WRITE)
    return raw


def _call(client: Client, op: Operation, path: str, extra: dict[str, Any], token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return getattr(client, op.method)(path, headers=headers, **extra)


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_api_outsider_gets_404_and_nothing_of_a(op: Operation, crawl: tuple[World, Filler, list[str]]) -> None:
    world, filler, strings = crawl
    token = lear_token(world)
    # Filling the path may create A's records (model_bakery); count A's history after that.
    path, extra = _operation_request(op, filler)
    b_path, b_extra = _operation_request(op, filler, slug=world.b.slug)
    before = history_rows_of(world.a)
    response = _call(Client(), op, path, extra, token)
    assert_nothing_of_a(response.content, strings, str(op))
    if "{alliance_slug}" in op.path:
        assert response.status_code == 404, f"{op} {path} with B's token: {response.status_code}"
    if "{alliance_slug}" in op.path and op.path.count("_id}") > 0:
        response = _call(Client(), op, b_path, b_extra, token)
        assert response.status_code == 404, f"{op} {b_path} (A's ids under B) with B's token: {response.status_code}"
        assert_nothing_of_a(response.content, strings, str(op))
    assert history_rows_of(world.a) == before, f"{op}: lear's token changed alliance A"


@pytest.mark.parametrize("op", [o for o in OPERATIONS if o.secured], ids=str)
def test_api_anonymous_gets_401(op: Operation, crawl: tuple[World, Filler, list[str]]) -> None:
    _world, filler, strings = crawl
    path, extra = _operation_request(op, filler)
    response = _call(Client(), op, path, extra, None)
    assert response.status_code == 401, f"{op} {path} without a token: {response.status_code}"
    assert_nothing_of_a(response.content, strings, str(op))


@pytest.mark.parametrize("op", [o for o in OPERATIONS if o.method == "get" and "{alliance_slug}" in o.path], ids=str)
def test_api_token_of_b_works_in_b(op: Operation, crawl: tuple[World, Filler, list[str]]) -> None:
    """The 404s above come from the tenant check, not from a token the API refuses."""
    world, _filler, _strings = crawl
    Purpose.objects.create(alliance=world.b, version=1, problem="Too few health workers.", created_by=world.lear)
    path, extra = _operation_request(op, Filler(world.b), slug=world.b.slug)
    response = _call(Client(), op, path, extra, lear_token(world))
    assert response.status_code == 200, f"{op} {path} in lear's own alliance: {response.status_code}"


# --- The crawler checks itself ----------------------------------------------------------------


def test_crawler_finds_the_known_record_routes() -> None:
    kwargs = {k for r in ALLIANCE_ROUTES for k in r.kwargs}
    assert {"alliance_slug", "purpose_id", "seat_role_id", "api_token_id"} <= kwargs
    assert model_for_kwarg("purpose_id") is Purpose
    assert model_for_kwarg("seat_role_id") is SeatRole
    assert model_for_kwarg("api_token_id") is ApiToken


def test_every_api_url_is_an_operation_of_the_schema() -> None:
    """API routes with arguments are crawled from the schema, not the URL walk: make sure the
    schema lists every one of them, so none escapes both."""
    schema_paths = {re.sub(r"{(\w+)}", r"<\1>", o.path) for o in OPERATIONS}
    for route in ROUTES:
        if route.is_api and route.kwargs:
            # accord.api.api renames the slug kwarg so the pages' middleware leaves API calls alone.
            url = "/" + re.sub(r"<(?:\w+:)?(?:api_)?(\w+)>", r"<\1>", route.template)
            assert url in schema_paths, f"API route {route} is missing from the OpenAPI schema"


def test_allow_lists_name_real_routes() -> None:
    templates = {r.template for r in ROUTES}
    for template in NOT_REQUESTED:
        assert template in templates, f"allow-listed route {template} no longer exists"
    for prefix in NON_TENANT_KWARGS:
        assert any(t.startswith(prefix) for t in templates), f"allow-listed prefix {prefix} has no routes"


def test_an_argument_outside_the_conventions_cannot_be_filled(world: World) -> None:
    route = Route(template="a/<slug:alliance_slug>/widgets/<int:widget_id>/", name="x", namespaces=(), kwargs=())
    with pytest.raises(Unfillable, match="widget_id"):
        build_path(route, Filler(world.a))
    route = Route(template="a/<slug:alliance_slug>/<int:pk>/", name="x", namespaces=(), kwargs=())
    with pytest.raises(Unfillable, match="pk"):
        build_path(route, Filler(world.a))
