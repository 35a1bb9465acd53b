"""The cross-tenant crawler: no route, page or API operation lets one alliance see another's data.

Routes are discovered, not listed: every URL pattern (walked from the root resolver) and every
API operation (read from the ninja API's OpenAPI schema) is requested. Arguments are filled by the
project's conventions: `alliance_slug` is alliance A's slug and `<snake_case_model>_id` is the id
of one of A's rows of that model. A new route whose arguments cannot be filled fails here, naming
the route, until it follows the conventions or joins the short allow-list below with a reason.

Who asks: lear, co-chair of alliance B (so she holds every co-chair permission, in the wrong
alliance), olly, an observer of B (the weakest member), and an anonymous visitor. They must get
the same 404 as for a missing alliance, and no answer may carry A's name, its stakeholders' names
or its purpose text.

The crawler also tries A's ids where a request carries data, under B's own address (where lear
and olly may act, so the view reads what they send): in the query string and the form body of
every alliance page (each id field of the forms its view uses, filled one at a time among values
B's form accepts, plus the keys the view reads from the request and a conventional list), and in
the query parameters and JSON body of every API operation whose schema names a record. However
the page answers, nothing of A may be shown or changed, and no row may come to link B's data to
A's; an API operation must refuse (403, 404 or 422).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from model_bakery import baker

from accord.api.api import api
from accord.core.tenancy import SLUG_KWARG
from tests.conftest import World
from tests.crawler_support import (
    CONVENTIONAL_NAMES,
    POLYMORPHIC,
    SUBJECT,
    Rows,
    Watch,
    accord_models,
    b_observer,
    distinctive_text,
    form_instance,
    forms_of,
    id_fields,
    model_for_name,
    model_named,
    names_a_record,
    plausible_data,
    record_subjects,
    request_keys_of,
    service,
    snake,
    subject_for,
    tenant_models,
)

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


# --- Discovery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    template: str  # "a/<slug:alliance_slug>/purpose/<int:purpose_id>/", regex parts kept as is
    name: str
    namespaces: tuple[str, ...]
    kwargs: tuple[str, ...]
    callback: Any = field(default=None, compare=False)

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
            yield Route(template=template, name=name, namespaces=namespaces, kwargs=kwargs, callback=p.callback)


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


def model_for_kwarg(kwarg: str) -> type[Any] | None:
    if not kwarg.endswith("_id"):
        return None
    found = [m for m in accord_models() if snake(m.__name__) == kwarg[: -len("_id")]]
    assert len(found) <= 1, f"{kwarg} matches several models: {found}"
    return found[0] if found else None


class Unfillable(Exception):
    pass


class Filler:
    """Values for route arguments: an alliance's slug and ids of its own rows (made when missing)."""

    def __init__(self, alliance: Any, *, newest: bool = False) -> None:
        self.alliance = alliance
        self.rows = Rows(alliance, newest=newest)

    def record_id(self, kwarg: str) -> str:
        model = model_for_kwarg(kwarg)
        if model is None:
            raise Unfillable(kwarg)
        if model not in tenant_models():
            raise Unfillable(f"{kwarg} (model {model.__name__} has no `alliance`)")
        return str(self.rows.pk(model))

    def value(self, kwarg: str, where: str, *, slug: str | None = None) -> str:
        if kwarg == SLUG_KWARG:
            return slug or self.alliance.slug
        for prefix, values in NON_TENANT_KWARGS.items():
            if where.startswith(prefix) and kwarg in values:
                v = values[kwarg]
                if v == "<alliance-ct>":
                    return str(ContentType.objects.get_for_model(model_named("Alliance")).pk)
                return v
        return self.record_id(kwarg)


class MissingIds(Filler):
    """Like Filler, but every record id is one no alliance has: what a missing record answers."""

    def record_id(self, kwarg: str) -> str:
        super().record_id(kwarg)
        return "2147483000"


def build_path(route: Route, filler: Filler, *, slug: str | None = None) -> str:
    def route_sub(m: re.Match[str]) -> str:
        return filler.value(m.group(1), route.template, slug=slug)

    path = re.sub(r"<(?:\w+:)?(\w+)>", route_sub, route.template)
    # Regex parts (allauth keys, admin's app list): fill named groups, drop anchors.
    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", route_sub, path)
    path = path.replace("^", "").replace("$", "")
    return "/" + path


# --- The world of alliance A, with something distinctive to look for ---------------------------


def a_strings(world: World, *, all_text: bool = False) -> list[str]:
    """A's name, its stakeholders' names and its purpose word; with `all_text`, also the free
    text of every row of A that B does not share (call it once A's rows are made)."""
    names = {world.a.name, *world.a.stakeholders.values_list("name", flat=True), PURPOSE_WORD}  # type: ignore[attr-defined]
    if all_text:
        names |= distinctive_text(world.a, world.b)
    out: set[str] = set()
    for s in names:
        out |= {s, html.escape(s), html.escape(s, quote=False), json.dumps(s)[1:-1]}
    return sorted(out)


def assert_nothing_of_a(body: bytes, strings: list[str], where: str) -> None:
    leaked = leaked_strings(body, strings)
    assert not leaked, f"{where} shows alliance A's data to an outsider: {leaked}"


def leaked_strings(body: bytes, strings: list[str]) -> list[str]:
    text = body.decode(errors="replace")
    return [s if len(s) <= 60 else s[:57] + "..." for s in strings if s in text]


@dataclass(frozen=True)
class Persona:
    name: str
    user: Any  # None: an anonymous visitor

    def __str__(self) -> str:
        return self.name


def outsiders(world: World) -> list[Persona]:
    """B's people, weakest first: a co-chair's writes (ending roles, say) must not lock the
    observer out before her turn."""
    return [Persona("olly (observer of B)", world.olly), Persona("lear (co-chair of B)", world.lear)]  # type: ignore[attr-defined]


@pytest.fixture
def crawl(world: World) -> tuple[World, Filler, list[str]]:
    model_named("Purpose")._default_manager.create(
        alliance=world.a,
        version=1,
        problem=f"{PURPOSE_WORD} seed law keeps farmers from saving seed.",
        change_sought=f"Parliament amends the {PURPOSE_WORD} seed law.",
        created_by=world.alice,
    )
    world.olly = b_observer(world)  # type: ignore[attr-defined]
    return world, Filler(world.a), a_strings(world)


def request(watch: Watch, where: str, call: Any) -> Any:
    """`call()`'s response, failing (with `where`) if it changed alliance A."""
    response, error, changes = watch.run(call)
    assert not changes, f"{where} changed alliance A: {changes[:10]}"
    if error is not None:
        raise error
    return response


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
    watch = Watch(world.a)
    for persona in outsiders(world):
        client = world.client_for(persona.user)
        for method in ("get", "post"):
            where = f"{method.upper()} {path} as {persona}"
            response = request(watch, where, lambda: getattr(client, method)(path))  # noqa: B023
            assert response.status_code == 404, f"{where}: {response.status_code}"
            assert_nothing_of_a(response.content, strings, where)


@pytest.mark.parametrize("route", [r for r in ALLIANCE_ROUTES if len(r.kwargs) > 1], ids=str)
def test_outsider_cannot_reach_a_records_through_her_own_alliance(
    route: Route, crawl: tuple[World, Filler, list[str]]
) -> None:
    """The slug check alone is not enough: records are fetched through the request's alliance,
    so A's ids under B's address are missing ids (404), whatever lear's roles in B. The observer
    may be refused for her role first (403), but only exactly as for a missing id."""
    world, filler, strings = crawl
    path = fill_or_fail(route, filler, slug=world.b.slug)
    missing = fill_or_fail(route, MissingIds(world.a), slug=world.b.slug)
    watch = Watch(world.a)
    for persona in outsiders(world):
        client = world.client_for(persona.user)
        for method in ("get", "post"):
            where = f"{method.upper()} {path} as {persona}"
            response = request(watch, where, lambda: getattr(client, method)(path))  # noqa: B023
            # 405: the view accepts only the other method, before any id is read.
            if response.status_code not in (404, 405):
                assert persona.user != world.lear, f"{where}: {response.status_code}"
                as_missing = getattr(client, method)(missing).status_code
                assert response.status_code == as_missing, (
                    f"{where}: {response.status_code}, but {as_missing} for a missing id: A's record is confirmed"
                )
            assert_nothing_of_a(response.content, strings, where)


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


# --- A's ids in the query string and the form body of B's pages -------------------------------


@dataclass(frozen=True)
class Probe:
    """One request's data: `label` names the field(s) that carry A's ids."""

    label: str
    data: dict[str, Any]
    singles: tuple[Probe, ...] = ()  # for a probe of many keys at once: each key alone
    # A form field that offers a choice among B's records: it must refuse A's with an error.
    form_class: type[Any] | None = None
    field: str | None = None


def _a_value(rows_a: Rows, model: type[Any], many: bool) -> Any:
    pk = rows_a.pk(model)
    return [pk] if many else pk


def page_probes(route: Route, rows_a: Rows, rows_b: Rows, *, email: str) -> list[Probe]:
    """Each id field of each form the view uses, alone among values B's own form accepts; then
    every key the view reads and every conventional record name at once."""
    probes = []
    for form_class in forms_of(route.callback):
        form = form_instance(form_class, rows_b)
        base = plausible_data(form, email=email)
        for f in id_fields(form):
            value = _a_value(rows_a, f.model, f.many)
            data = {**base, f.name: f"{f.subject}:{value}" if f.prefixed else value}
            label = f"{form_class.__name__}.{f.name}={data[f.name]} (A's {f.model.__name__})"
            if f.subject is not None:
                data[SUBJECT] = f.subject
                label = f"{form_class.__name__}.{SUBJECT}={f.subject}, {label.split('.', 1)[1]}"
            chooses = f.subject is not None or isinstance(form.fields[f.name], forms.ChoiceField)
            probes.append(Probe(label, data, form_class=form_class, field=f.name if chooses else None))
    keys = {*CONVENTIONAL_NAMES, *(f"{snake(m.__name__)}_id" for m in tenant_models())}
    keys |= {k for k in request_keys_of(route.callback) if names_a_record(k)}
    singles = []
    for key in sorted(keys):
        model = model_for_name(key)
        value = rows_a.pk_if_any(model) if model is not None else None
        if model is not None and value is not None:
            singles.append(Probe(f"{key}={value} (A's {model.__name__})", {key: value}))
    merged = {k: v for p in singles for k, v in p.data.items()}
    probes.append(Probe(f"keys {', '.join(sorted(merged))}", merged, tuple(singles)))
    return probes


def _page_problems(client: Client, method: str, path: str, probe: Probe, watch: Watch, strings: list[str]) -> list[str]:
    response, error, changes = watch.run(lambda: getattr(client, method)(path, data=probe.data, follow=True))
    problems = [f"changed or linked to A: {changes[:5]}"] if changes else []
    if error is not None:
        return [f"raised {error!r}", *problems]
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    if leaked := leaked_strings(response.content, strings):
        problems.append(f"shows A's data {leaked}")
    if probe.field is not None:
        if method == "post" and response.redirect_chain:
            problems.append(f"the form took A's id: it redirected to {response.redirect_chain[0][0]}")
        for form in _bound_forms(response, probe.form_class):  # type: ignore[arg-type]
            if probe.field in form.fields and probe.field not in form.errors:
                problems.append(f"the form took A's id: no error at {probe.field}")
    return problems


def _bound_forms(response: Any, form_class: type[Any]) -> list[Any]:
    """The bound forms of `form_class` the response's templates were given."""
    contexts = response.context or []
    if not isinstance(contexts, list):
        contexts = [contexts]
    found = {
        id(v): v
        for context in contexts
        for v in context.flatten().values()
        if isinstance(v, form_class) and getattr(v, "is_bound", False)
    }
    return list(found.values())


@pytest.fixture
def probe(crawl: tuple[World, Filler, list[str]]) -> tuple[World, Filler, list[str]]:
    """The crawl, and in B what its forms need before they read an id: a purpose (invitations
    carry it), a second stakeholder (a tie joins two) and an open vote (a vote names its option)."""
    world, _filler, _strings = crawl
    model_named("Purpose")._default_manager.create(
        alliance=world.b,
        version=1,
        problem="Too few health workers.",
        created_by=world.lear,
    )
    model_named("Stakeholder")._default_manager.create(alliance=world.b, name="Ministry of Health")
    proposal = service("proposal_create")(
        alliance=world.b,
        user=world.lear,
        title="Which district first?",
        process=model_named("Proposal").Process.VOTE,
        options=["North", "South"],
        closes_at=timezone.now() + dt.timedelta(days=7),
    )
    service("proposal_open")(proposal=proposal, user=world.lear)
    return crawl


@pytest.mark.parametrize("route", ALLIANCE_ROUTES, ids=str)
def test_b_cannot_read_or_change_a_through_query_or_form_data(
    route: Route, probe: tuple[World, Filler, list[str]]
) -> None:
    """Under B's address, with B's own records in the path, B's people put A's ids in the query
    string and the form body. Whether the page refuses (404, 403, a form error) or ignores them,
    nothing of A may be shown, changed or linked to B's records; an anonymous visitor is sent
    to log in before anything is read."""
    world, filler, _strings = probe
    filler_b = Filler(world.b, newest=True)
    path = fill_or_fail(route, filler_b, slug=world.b.slug)
    probes = page_probes(route, filler.rows, filler_b.rows, email=world.olly.email)  # type: ignore[attr-defined]
    strings = a_strings(world, all_text=True)
    login = resolve_url(settings.LOGIN_URL)
    failures = []
    for method in ("get", "post"):
        for p in probes:
            response = getattr(Client(), method)(path, data=p.data)
            where = f"{method.upper()} {path} anonymous with {p.label}"
            if response.status_code != 302 or not response["Location"].startswith(login + "?"):
                failures.append(f"{where}: {response.status_code}, not sent to log in")
            if leaked := leaked_strings(response.content, strings):
                failures.append(f"{where}: shows A's data {leaked}")
    watch = Watch(world.a)
    for persona in outsiders(world):
        client = world.client_for(persona.user)
        for p in probes:
            for method in ("get", "post"):
                problems = _page_problems(client, method, path, p, watch, strings)
                if not problems:
                    continue
                bare = Probe("no data at all", {})
                if bare_problems := _page_problems(client, method, path, bare, watch, strings):
                    culprits = [(bare, bare_problems)]  # the page fails without A's ids
                else:  # many keys at once: name the ones that fail alone
                    culprits = [
                        (s, found)
                        for s in p.singles
                        if (found := _page_problems(client, method, path, s, watch, strings))
                    ] or [(p, problems)]
                failures += [
                    f"{method.upper()} {path} as {persona} with {c.label}: {x}" for c, f in culprits for x in f
                ]
    assert not failures, "\n".join(dict.fromkeys(failures))


# --- Pages outside any alliance ---------------------------------------------------------------


@pytest.mark.parametrize("route", OTHER_ROUTES, ids=str)
def test_pages_outside_alliances_show_nothing_of_a(route: Route, crawl: tuple[World, Filler, list[str]]) -> None:
    world, filler, strings = crawl
    path = fill_or_fail(route, filler)
    for persona in outsiders(world):
        response = world.client_for(persona.user).get(path)
        assert response.status_code < 500, f"GET {path} as {persona}: {response.status_code}"
        assert_nothing_of_a(response.content, strings, f"GET {path} as {persona}")
        if route.template.startswith("admin/") and route.name not in {"admin:login", "admin:logout"}:
            assert response.status_code == 302, f"GET {path} as {persona}: the admin answered a non-staff user"
            assert response["Location"].startswith("/admin/login/"), response["Location"]


# --- API operations ---------------------------------------------------------------------------


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def _example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A minimal valid value for a JSON schema, so that input validation does not answer before
    the tenant check does."""
    schema = _resolve(schema, components)
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
    path, query, body = _operation_parts(op, filler, slug=slug)
    return path, _request_extra(op, query, body)


def _operation_parts(
    op: Operation, filler: Filler, *, slug: str | None = None
) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """The path, the required query parameters and the JSON body (None: the operation takes none)."""
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
    content = spec.get("requestBody", {}).get("content", {})
    body = (
        _example(content["application/json"].get("schema", {}), components) if "application/json" in content else None
    )
    return path, query, body


def _request_extra(op: Operation, query: dict[str, Any], body: dict[str, Any] | None) -> dict[str, Any]:
    if body is not None:
        extra: dict[str, Any] = {"data": json.dumps(body), "content_type": "application/json"}
        if query:
            extra["QUERY_STRING"] = urlencode(query, doseq=True)
        return extra
    if query:
        return {"data": query} if op.method == "get" else {"QUERY_STRING": urlencode(query, doseq=True)}
    return {}


@dataclass(frozen=True)
class IdParam:
    where: str  # "query" or "body"
    name: str
    model: type[Any] | None  # None: the name follows no convention
    many: bool
    required: bool
    subject: str | None = None  # the `subject` sent with it, for a record named by kind and id

    def __str__(self) -> str:
        return f"{self.where} {self.name}" + (f" (subject={self.subject})" if self.subject else "")


def _integer_kind(schema: dict[str, Any], components: dict[str, Any]) -> str | None:
    """ "one" or "many" when the schema takes a record id (an integer or a list of them)."""
    schema = _resolve(schema, components)
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        if kind := _integer_kind(option, components):
            return kind
    if schema.get("type") == "integer":
        return "one"
    if schema.get("type") == "array" and _integer_kind(schema.get("items", {}), components) == "one":
        return "many"
    return None


def _nested_id_names(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Iterator[str]:
    schema = _resolve(schema, components)
    for option in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("items", {}).get("anyOf", []):
        yield from _nested_id_names(option, components, depth)
    if schema.get("type") == "array":
        yield from _nested_id_names(schema.get("items", {}), components, depth)
    for name, prop in schema.get("properties", {}).items():
        if depth > 0 and names_a_record(name) and _integer_kind(prop, components):
            yield name
        if depth < 4:
            yield from _nested_id_names(prop, components, depth + 1)


def operation_id_params(op: Operation) -> list[IdParam]:
    """Query parameters and top-level JSON body properties that take a record id; `record_id`
    beside `subject` once for each kind of record the subject may name."""
    schema = openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    spec = schema["paths"][op.path][op.method]
    out = []
    for param in spec.get("parameters", []):
        kind = _integer_kind(param.get("schema", {}), components)
        if param["in"] == "query" and kind and names_a_record(param["name"]):
            model = model_for_name(param["name"])
            out.append(IdParam("query", param["name"], model, kind == "many", bool(param.get("required"))))
    content = spec.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = _resolve(content["application/json"].get("schema", {}), components)
        props, required = body.get("properties", {}), set(body.get("required", []))
        subjects = _subject_keys(props[SUBJECT], components) if SUBJECT in props else []
        for name, prop in props.items():
            kind = _integer_kind(prop, components)
            if not kind or not names_a_record(name):
                continue
            if name in POLYMORPHIC and subjects:
                out += [IdParam("body", name, record_subjects()[k], False, False, k) for k in subjects]
                continue
            model = model_for_name(name)
            out.append(IdParam("body", name, model, kind == "many", name in required))
            # Its kind may have to be named too (a proposal's `purpose_id` with subject=purpose).
            if model is not None and (subject := subject_for(model, subjects)):
                out.append(IdParam("body", name, model, kind == "many", name in required, subject))
    return out


def _subject_keys(schema: dict[str, Any], components: dict[str, Any]) -> list[str]:
    """The declared kinds of record a `subject` property may name: its enum, or every kind."""
    schema = _resolve(schema, components)
    enum = schema.get("enum") or [v for o in schema.get("anyOf", []) for v in _resolve(o, components).get("enum", [])]
    return [k for k in record_subjects() if not enum or k in enum]


ID_OPERATIONS = [o for o in OPERATIONS if "{alliance_slug}" in o.path and operation_id_params(o)]


def token_for(world: World, user: Any) -> str:
    """A write token of alliance B created by `user`: it acts with that person's roles."""
    access = model_named("ApiToken").Access.WRITE
    _token, raw = service("api_token_create")(alliance=world.b, user=user, name="crawler", access=access)
    return str(raw)


def lear_token(world: World) -> str:
    return token_for(world, world.lear)


def _call(client: Client, op: Operation, path: str, extra: dict[str, Any], token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return getattr(client, op.method)(path, headers=headers, **extra)


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_api_outsider_gets_404_and_nothing_of_a(op: Operation, crawl: tuple[World, Filler, list[str]]) -> None:
    world, filler, strings = crawl
    # Filling the path may create A's records (model_bakery); take A's state after that.
    path, extra = _operation_request(op, filler)
    b_path, b_extra = _operation_request(op, filler, slug=world.b.slug)
    missing_path, missing_extra = _operation_request(op, MissingIds(world.a), slug=world.b.slug)
    watch = Watch(world.a)
    for persona in outsiders(world):
        token = token_for(world, persona.user)
        where = f"{op} {path} with {persona}'s token"
        response = request(watch, where, lambda: _call(Client(), op, path, extra, token))  # noqa: B023
        assert_nothing_of_a(response.content, strings, where)
        if "{alliance_slug}" in op.path:
            assert response.status_code == 404, f"{where}: {response.status_code}"
        if "{alliance_slug}" in op.path and op.path.count("_id}") > 0:
            where = f"{op} {b_path} (A's ids under B) with {persona}'s token"
            response = request(watch, where, lambda: _call(Client(), op, b_path, b_extra, token))  # noqa: B023
            if response.status_code != 404:
                # Only the observer may be refused for her role first, exactly as for a missing id.
                assert persona.user != world.lear, f"{where}: {response.status_code}"
                as_missing = _call(Client(), op, missing_path, missing_extra, token).status_code
                assert response.status_code == as_missing, (
                    f"{where}: {response.status_code}, but {as_missing} for a missing id: A's record is confirmed"
                )
            assert_nothing_of_a(response.content, strings, where)


@pytest.mark.parametrize("op", [o for o in OPERATIONS if o.secured], ids=str)
def test_api_anonymous_gets_401(op: Operation, crawl: tuple[World, Filler, list[str]]) -> None:
    _world, filler, strings = crawl
    path, extra = _operation_request(op, filler)
    response = _call(Client(), op, path, extra, None)
    assert response.status_code == 401, f"{op} {path} without a token: {response.status_code}"
    assert_nothing_of_a(response.content, strings, str(op))


# Refusals an API operation may give B's people for A's id in its query or body.
API_REFUSALS = {403, 404, 422}


def _refused_elsewhere(response: Any, param: IdParam) -> list[str]:
    """The places a 422 names, when none of them is the probed parameter: then the crawler's own
    values were refused and the id was never looked at."""
    if response.status_code != 422:
        return []
    try:
        detail = json.loads(response.content).get("detail")
    except ValueError:
        return []
    locs = [e.get("loc", []) for e in detail] if isinstance(detail, list) else []
    named = [str(loc[-1]) for loc in locs if len(loc) >= (3 if loc[:1] == ["body"] else 2)]
    # A refusal at any field that names a record is about which record the body names; a service
    # may also name the field its own way (`options` for `option_ids`).
    if any(name == SUBJECT or names_a_record(name) for name in named):
        return []
    return named if len(named) == len(locs) else []


@pytest.mark.parametrize("op", ID_OPERATIONS, ids=str)
def test_api_b_cannot_use_a_ids_in_query_or_body(op: Operation, probe: tuple[World, Filler, list[str]]) -> None:
    """Under B's own address, with B's records in the path, every query parameter and body
    property that takes a record id is given one of A's, one at a time (other required ids are
    B's). B's tokens must be refused (403/404/422), never answered or obeyed; without a token
    the answer is 401."""
    world, filler, _strings = probe
    filler_b = Filler(world.b, newest=True)
    rows_a, rows_b = filler.rows, filler_b.rows
    path, query, body = _operation_parts(op, filler_b, slug=world.b.slug)
    params = operation_id_params(op)
    for param in params:  # B's own ids where an id is required, so only the probed one is A's
        assert param.model is not None, f"{op}: cannot tell which model {param} names; name it `<model>_id`"
        if param.required:
            (body if param.where == "body" else query)[param.name] = _a_value(rows_b, param.model, param.many)  # type: ignore[index]
    tokens = [(persona, token_for(world, persona.user)) for persona in outsiders(world)]
    for param in params:  # make A's rows before reading what they say
        _a_value(rows_a, param.model, param.many)  # type: ignore[arg-type]
    strings = a_strings(world, all_text=True)

    def extra_with(param: IdParam, rows: Rows) -> dict[str, Any]:
        values = {param.name: _a_value(rows, param.model, param.many)}  # type: ignore[arg-type]
        if param.subject is not None:
            values[SUBJECT] = param.subject
        q = {**query, **values} if param.where == "query" else query
        b = {**body, **values} if param.where == "body" and body is not None else body
        return _request_extra(op, q, b)

    failures = []
    watch = Watch(world.a)
    for param in params:
        label = f"{param} {param.name}={_a_value(rows_a, param.model, param.many)} (A's {param.model.__name__})"  # type: ignore[union-attr, arg-type]
        extra = extra_with(param, rows_a)
        for persona, token in [*tokens, (Persona("anonymous", None), None)]:
            where = f"{op} {path} as {persona} with {label}"
            response, error, changes = watch.run(lambda: _call(Client(), op, path, extra, token))  # noqa: B023
            if changes:
                failures.append(f"{where}: changed or linked to A: {changes[:5]}")
            if error is not None:
                failures.append(f"{where}: raised {error!r}")
                continue
            allowed = {401} if token is None and op.secured else API_REFUSALS
            if response.status_code not in allowed:
                failures.append(f"{where}: {response.status_code} {response.content[:200]!r}")
            if token is not None and persona.user == world.lear and (elsewhere := _refused_elsewhere(response, param)):
                # Refused, but not for A's id: compare with B's own id in its place (B's oldest
                # row, so not the record in the path).
                own_extra = extra_with(param, Rows(world.b))
                own, _error, _changes = watch.run(lambda: _call(Client(), op, path, own_extra, token))  # noqa: B023
                if own is not None and _refused_elsewhere(own, param) == elsewhere:
                    failures.append(
                        f"{where}: 422 at {elsewhere}, not at {param.name}, and so with B's own id: the crawler "
                        "cannot tell whether A's id passed the tenant check; make its example body valid"
                    )
                else:
                    status = own.status_code if own is not None else "an error"
                    failures.append(
                        f"{where}: A's id got past the tenant check (422 at {elsewhere}, not at {param.name}; "
                        f"with B's own id: {status})"
                    )
            if leaked := leaked_strings(response.content, strings):
                failures.append(f"{where}: shows A's data {leaked}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("op", [o for o in OPERATIONS if o.method == "get" and "{alliance_slug}" in o.path], ids=str)
def test_api_token_of_b_works_in_b(op: Operation, crawl: tuple[World, Filler, list[str]]) -> None:
    """The 404s above come from the tenant check, not from a token the API refuses."""
    world, _filler, _strings = crawl
    model_named("Purpose")._default_manager.create(
        alliance=world.b, version=1, problem="Too few health workers.", created_by=world.lear
    )
    path, extra = _operation_request(op, Filler(world.b), slug=world.b.slug)
    response = _call(Client(), op, path, extra, lear_token(world))
    assert response.status_code == 200, f"{op} {path} in lear's own alliance: {response.status_code}"


# --- The crawler checks itself ----------------------------------------------------------------


def test_crawler_finds_the_known_record_routes() -> None:
    kwargs = {k for r in ALLIANCE_ROUTES for k in r.kwargs}
    assert {"alliance_slug", "purpose_id", "seat_role_id", "api_token_id"} <= kwargs
    assert model_for_kwarg("purpose_id") is model_named("Purpose")
    assert model_for_kwarg("seat_role_id") is model_named("SeatRole")
    assert model_for_kwarg("api_token_id") is model_named("ApiToken")


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


def test_field_names_map_to_the_records_they_name() -> None:
    stakeholder, seat = model_named("Stakeholder"), model_named("Seat")
    for name in ("stakeholder", "stakeholder_id", "organisation", "organisation_id", "source_id", "target", "focus"):
        assert model_for_name(name) is stakeholder, name
    for name in ("seat", "seat_id", "seats", "seat_ids"):
        assert model_for_name(name) is seat, name
    assert model_for_name("option_ids") is model_named("ProposalOption")
    assert model_for_name("working_group") is model_named("WorkingGroup")
    assert model_for_name("external_id") is None
    assert model_for_name("page") is None


def test_crawler_finds_the_id_fields_of_pages_and_operations(crawl: tuple[World, Filler, list[str]]) -> None:
    """If discovery went blind (forms moved out of sight, a schema shape it cannot read), the
    probes above would pass without trying anything."""
    world, _filler, _strings = crawl
    rows_b = Rows(world.b, newest=True)
    probed = {
        p.label.split("=")[0]
        for r in ALLIANCE_ROUTES
        for p in page_probes(r, Rows(world.a), rows_b, email=world.olly.email)  # type: ignore[attr-defined]
        if not p.singles
    }
    assert {"TieForm.other", "StakeholderForm.organisation", "CoChairsForm.seats"} <= probed, probed
    assert any("seat" in request_keys_of(r.callback) for r in ALLIANCE_ROUTES), "voice_set reads `seat` from POST"
    api_params = {f"{o.method} {p}" for o in ID_OPERATIONS for p in operation_id_params(o)}
    assert {"post body source_id", "post body target_id", "put body seat_ids"} <= api_params, api_params
    # A proposal's record is named by kind and id: each declared kind of record is tried.
    purpose = model_named("Purpose")
    if subject := subject_for(purpose, list(record_subjects())):
        assert f"ProposalForm.{SUBJECT}" in probed, probed
        assert any(p.startswith(f"post body {POLYMORPHIC[1]} (subject={subject})") for p in api_params), api_params
    nested = {n for o in OPERATIONS for n in _nested_request_id_names(o)}
    assert not nested, f"request bodies take record ids below the top level, which the crawler does not fill: {nested}"


def _nested_request_id_names(op: Operation) -> set[str]:
    schema = openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    content = schema["paths"][op.path][op.method].get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return set()
    return set(_nested_id_names(content["application/json"].get("schema", {}), components))


def test_the_watch_sees_a_changed_row_and_a_link_from_b_to_a(crawl: tuple[World, Filler, list[str]]) -> None:
    """A tie of B's pointing at A's stakeholder changes no row of A, but it is a leak too."""
    world, _filler, _strings = crawl
    watch, tie, stakeholder = Watch(world.a), model_named("Tie"), model_named("Stakeholder")
    ties = tie._base_manager.filter(alliance=world.b)
    _result, _error, changes = watch.run(
        lambda: tie._base_manager.create(alliance=world.b, source=world.org_b, target=world.org_a)
    )
    assert [c for c in changes if c.startswith("new link across alliances: landscape.Tie")], changes
    assert not ties.exists(), "the watch takes back what a request wrote"
    _result, _error, changes = watch.run(
        lambda: stakeholder._base_manager.filter(pk=world.org_a.pk).update(name="Renamed by lear")
    )
    assert f"landscape.Stakeholder #{world.org_a.pk} of A changed" in changes, changes
    _result, _error, changes = watch.run(
        lambda: stakeholder._base_manager.filter(pk=world.org_b.pk).update(name="B's own")
    )
    assert changes == [], changes
    purpose = model_named("Purpose")
    if subject := subject_for(purpose, list(record_subjects())):  # a link held as (subject, record_id)
        a_purpose = purpose._base_manager.filter(alliance=world.a).get()
        proposal = model_named("Proposal")
        _result, _error, changes = watch.run(
            lambda: baker.make(proposal, alliance=world.b, **{SUBJECT: subject, "record_id": a_purpose.pk})
        )
        assert [c for c in changes if c.startswith("new link across alliances: decisions.Proposal")], changes
