"""The permission matrix over HTTP: every alliance page and every API operation, asked by each
role in turn, answers as the permission it declares.

Routes are discovered, not listed: every URL pattern with an `alliance_slug` (walked from the
root resolver) and every operation of the ninja API. Each declares its permission where it is
defined (`@alliance_view("app.perm")`, `@api_operation("app.perm", write=…)`); a route that
declares none fails here, naming itself, unless it joins the short allow-list below with a reason.

Who asks: for each of the six roles, a fresh person holding only that role in alliance A (the
representative speaks for one of A's member organisations and is its voice). Pages are asked with
a session, API operations with a Bearer token of A created by that person. Path arguments are A's
own records, by the convention `<snake_case_model>_id`. When `rules.has_perm(perm, person, A)` is
false the answer must be 403; when it is true the answer must be neither 403 nor a server error.
A write operation must also refuse a read-only token, and a token whose creator's term has ended
gets 403 everywhere. Outsiders' pages answer 404, not 403: tests/test_cross_tenant.py walks those.

Alliance A and its records are made once per module (and xdist worker) inside a transaction that
is rolled back at the end; every request runs in a savepoint that is rolled back at once, so no
request sees what another one did (a co-chair ending a role does not change the next role's answer).
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import rules
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accord.accounts.models import User
from accord.api.api import api
from accord.api.auth import WRITE_ATTR
from accord.api.models import ApiToken
from accord.api.services import api_token_create
from accord.charters.models import Charter
from accord.charters.services import charter_agree, charter_save, circulation_create
from accord.core.models import Alliance, Notice, Role
from accord.core.permissions import roles_of
from accord.core.tenancy import SLUG_KWARG, declared_permission
from accord.decisions import services as decisions
from accord.decisions.models import Proposal
from accord.framework.models import FrameworkDocument
from accord.framework.services import framework_document_generate, framework_elements_offer_defaults
from accord.landscape import services as landscape
from accord.landscape.importing.jobs import import_job_create
from accord.landscape.models import StakeholderType
from accord.membership import services as membership
from accord.membership.models import Membership
from accord.membership.services_roles import seat_grant_role
from accord.purpose.services import purpose_agree, purpose_save
from accord.work import services as work
from accord.work import services_resources as work_resources
from tests.conftest import World, build_world, make_user

# Alliance routes allowed to declare no permission, each with its reason. Keep these empty: a
# route without a declaration is one nobody has decided who may use.
UNDECLARED_PAGES: dict[str, str] = {}  # "/a/<slug:alliance_slug>/…" -> reason
UNDECLARED_OPERATIONS: dict[str, str] = {}  # "GET /api/alliances/{alliance_slug}/…" -> reason

# Routes whose service may still refuse a role that holds the permission, for this record: the
# answer is then a 403 that gives the service's reason (core.tenancy.Refusal), never the bare
# "not allowed" page. Route -> the reason, in English.
RECORD_RULES: dict[str, str] = {
    "/a/<slug:alliance_slug>/decisions/<int:proposal_id>/withdraw/": "Only the proposer, the co-chairs or the secretariat",
    "POST /api/alliances/{alliance_slug}/proposals/{proposal_id}/withdraw": "Only the proposer, the co-chairs or the secretariat",
    # Work: an activity's details are changed by its owner's people, its creator while it is
    # proposed, the co-chairs and the secretariat; its status and progress by its owner's people
    # only; a co-chair approves only when the alliance lets its co-chairs approve (by default the
    # members decide). The page and its API twin give the same reason.
    "/a/<slug:alliance_slug>/work/activities/<int:activity_id>/edit/": "you can comment on it",
    "/a/<slug:alliance_slug>/work/activities/<int:activity_id>/approve/": "decision of the members",
    "PATCH /api/alliances/{alliance_slug}/activities/{activity_id}": "you can comment on it",
    "POST /api/alliances/{alliance_slug}/activities/{activity_id}/status": "you can comment on it",
    "POST /api/alliances/{alliance_slug}/activities/{activity_id}/progress": "you can comment on it",
    "POST /api/alliances/{alliance_slug}/activities/{activity_id}/approve": "decision of the members",
    # Work: an activity's needs are said by its owner's people, its creator while proposed,
    # the co-chairs and the secretariat.
    "/a/<slug:alliance_slug>/work/needs/<int:resource_need_id>/remove/": "its creator or those who run the alliance",
    "POST /api/alliances/{alliance_slug}/activities/{activity_id}/needs": "its creator or those who run the alliance",
    "DELETE /api/alliances/{alliance_slug}/activities/{activity_id}/needs/{resource_need_id}": "its creator or those who run the alliance",
    # A representative declares for their own organisation only (the body may name another).
    "POST /api/alliances/{alliance_slug}/offers": "for your own organisation only",
}

ROLES: list[str] = list(Role.values)
FORMER = "former"  # a person whose only term in A has ended; their token is still live


# --- Discovery -------------------------------------------------------------------------------


def _names(template: str) -> list[str]:
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", template)]


def only_methods(view: Any) -> frozenset[str] | None:
    """The methods a view limits itself to with @require_POST or @require_http_methods (kept
    in that decorator's closure), looking through the other decorators; None if it limits none."""
    fn = view
    while fn is not None:
        if getattr(fn, "__closure__", None):
            methods = inspect.getclosurevars(fn).nonlocals.get("request_method_list")
            if methods is not None:
                return frozenset(methods)
        fn = getattr(fn, "__wrapped__", None)
    return None


@dataclass(frozen=True)
class Page:
    template: str  # "a/<slug:alliance_slug>/decisions/<int:proposal_id>/"
    name: str
    view: Callable[..., Any] = field(compare=False, repr=False)

    @property
    def perm(self) -> str | None:
        return declared_permission(self.view)

    @property
    def method(self) -> str:
        methods = only_methods(self.view)
        return "post" if methods is not None and "GET" not in methods else "get"

    @property
    def kwargs(self) -> list[str]:
        return _names(self.template)

    def __str__(self) -> str:
        return f"/{self.template}"


def _walk(patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = ()) -> Iterator[Page]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = (*namespaces, p.namespace) if p.namespace else namespaces
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield Page(template=prefix + str(p.pattern), name=":".join((*namespaces, p.name or "")), view=p.callback)


def discover_pages() -> list[Page]:
    """Every page inside an alliance (the API's own URL patterns are its operations, below)."""
    return [
        page
        for page in _walk(get_resolver().url_patterns)
        if SLUG_KWARG in page.kwargs and not page.name.startswith(f"{api.urls_namespace}:")
    ]


@dataclass(frozen=True)
class Operation:
    method: str  # "post"
    path: str  # "/api/alliances/{alliance_slug}/proposals"
    view: Callable[..., Any] = field(compare=False, repr=False)

    @property
    def perm(self) -> str | None:
        return declared_permission(self.view)

    @property
    def write(self) -> bool:
        fn: Any = self.view
        while fn is not None and not hasattr(fn, WRITE_ATTR):
            fn = getattr(fn, "__wrapped__", None)
        return bool(getattr(fn, WRITE_ATTR, False))

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _bound_routers() -> list[tuple[str, Any]]:
    # ninja ≥ 1.5 binds nested routers on their own; `_routers` keeps only the top-level ones.
    if hasattr(api, "_get_bound_routers"):
        return [(r.prefix, r) for r in api._get_bound_routers()]
    return list(api._routers)


def discover_operations() -> list[Operation]:
    root = api.get_root_path({})  # "/api/"
    found = []
    for prefix, router in _bound_routers():
        for path, path_view in router.path_operations.items():
            full = re.sub(r"/+", "/", "/".join([root, prefix, path]))
            full = re.sub(r"{[^}:]+:", "{", full)  # path converters, as in the OpenAPI schema
            for op in path_view.operations:
                for method in op.methods:
                    found.append(Operation(method=method.lower(), path=full, view=op.view_func))
    return found


PAGES = discover_pages()
OPERATIONS = discover_operations()


def declared_permissions() -> dict[str, list[str]]:
    """Every permission some alliance page or API operation declares, with who declares it."""
    out: dict[str, list[str]] = {}
    for route in [*PAGES, *OPERATIONS]:
        if route.perm is not None:
            out.setdefault(route.perm, []).append(str(route))
    return out


# --- Alliance A, its people and its records ---------------------------------------------------


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.cache
def model_for_kwarg(kwarg: str) -> type[models.Model] | None:
    """`proposal_id` -> Proposal: the accord model whose snake_case name the argument carries."""
    if not kwarg.endswith("_id"):
        return None
    found = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("accord.") and snake(m.__name__) == kwarg.removesuffix("_id")
    ]
    assert len(found) <= 1, f"{kwarg} names several models: {found}"
    return found[0] if found else None


@dataclass
class Tokens:
    write: str
    read: str


@dataclass
class Riverside:
    world: World
    people: dict[str, User]  # one per role, plus FORMER
    records: dict[type[models.Model], models.Model]
    sessions: dict[str, str]  # role -> session key of that person's login
    tokens: dict[str, Tokens]

    @property
    def alliance(self) -> Alliance:
        return self.world.a

    def allowed(self, perm: str, who: str) -> bool:
        return bool(rules.has_perm(perm, self.people[who], self.alliance))

    def browser(self, role: str) -> Client:
        """A fresh client on the role's session, so no cookie (a message) carries over."""
        client = Client(raise_request_exception=False)
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def record_id(self, kwarg: str, where: object) -> int:
        model = model_for_kwarg(kwarg)
        if model is None:
            pytest.fail(f"{where}: cannot fill `{kwarg}`; name record ids `<snake_case_model>_id`.")
        if model not in self.records:
            pytest.fail(f"{where}: no record of {model.__name__} in alliance A; make one in make_records().")
        return int(self.records[model].pk)  # type: ignore[arg-type]

    def fill(self, template: str, where: object) -> str:
        def value(m: re.Match[str]) -> str:
            name = m.group(1) or m.group(2)
            return self.alliance.slug if name == SLUG_KWARG else str(self.record_id(name, where))

        path = re.sub(r"<(?:\w+:)?(\w+)>|{(\w+)}", value, template)
        assert "(?P<" not in path, f"{where}: a regex route; fill it by hand"
        return path if path.startswith("/") else "/" + path


def _passed(alliance: Alliance, subject: str, record_id: int) -> Proposal:
    return Proposal.objects.create(
        alliance=alliance,
        title="Agree it",
        subject=subject,
        record_id=record_id,
        status=Proposal.Status.CLOSED,
        outcome=Proposal.Outcome.PASSED,
    )


def make_records(world: World, representative: User) -> dict[type[models.Model], models.Model]:
    """One record of A per model a route names, made through the services where they exist."""
    a, alice = world.a, world.alice
    valley = Membership.objects.get(alliance=a, stakeholder__name="Valley Women's Network")
    purpose = purpose_save(
        alliance=a,
        user=alice,
        data={"problem": "Seed law keeps farmers from saving seed.", "change_sought": "Parliament amends it."},
        base_version=None,
    )
    purpose_agree(purpose=purpose, proposal=_passed(a, "purpose", purpose.pk))
    charter = charter_save(
        alliance=a,
        user=alice,
        kind=Charter.Kind.PRINCIPLES,
        items=[{"title": "", "text": "Farmers speak first."}],
        base_version=None,
    )
    charter_agree(charter=charter, proposal=_passed(a, "charter", charter.pk))
    circulation = circulation_create(alliance=a, user=alice, text=charter)
    proposal = decisions.proposal_create(alliance=a, user=alice, title="Meet monthly during the budget season")
    proposal = decisions.proposal_open(proposal=proposal, user=alice, closes_at=timezone.now() + dt.timedelta(days=2))
    element = framework_elements_offer_defaults(alliance=a)[0]
    document = framework_document_generate(alliance=a, user=alice, kind=FrameworkDocument.Kind.WAYS_OF_WORKING)
    ministry = landscape.stakeholder_create(
        alliance=a, name="Ministry of Agriculture", kind=StakeholderType.NATIONAL_GOVERNMENT
    )
    tie = landscape.tie_create(alliance=a, source=world.org_a, target=ministry)
    job = import_job_create(
        alliance=a, user=alice, upload=io.BytesIO(b"name,type\nValley Radio,media\n"), filename="map.csv"
    )
    invitation = membership.membership_invite(alliance=a, membership=valley, email="rep@valley.test", by=alice)
    join_request = membership.join_request_create(
        alliance=a,
        user=make_user("zoe@delta.test", name="Zoe"),
        organisation_name="Delta Growers",
        kind=StakeholderType.MEMBER_BASED,
        contact_name="Zoe",
        email="zoe@delta.test",
    )
    token, _raw = api_token_create(alliance=a, user=alice, name="sync", access=ApiToken.Access.READ)
    # Work: a group and an activity owned by the representative's organisation.
    group = work.working_group_create(alliance=a, name="Access to finance", kind="thematic", by=alice)
    activity = work.activity_create(
        alliance=a, by=alice, title="Learning event", owner=valley.stakeholder, working_group=group
    )
    # Work: an offer of the representative's organisation, a need of the activity and a
    # commitment of the offer to it.
    offer = work_resources.offer_declare(
        alliance=a, stakeholder=valley.stakeholder, kind="time", description="Trainers", amount=10, by=alice
    )
    need = work_resources.need_add(activity=activity, kind="time", description="Facilitators", amount=4, by=alice)
    commitment = work_resources.commitment_add(activity=activity, offer=offer, role="implementing", amount=2, by=alice)
    # Seats and roles are reached through the alliance, wherever their models live.
    seat = a.seats.get(user=representative)  # type: ignore[attr-defined]
    # The circulation above told every representative; the inbox shows each person their own.
    notice = Notice.objects.get(alliance=a, recipient=representative, kind="circulation")
    records: list[models.Model] = [
        purpose,
        charter,
        circulation,
        proposal,
        element,
        document,
        ministry,
        tie,
        job,
        valley,
        invitation,
        join_request,
        a.seat_roles.get(seat__user=world.olga),  # type: ignore[attr-defined]  # not a persona's role
        seat,
        token,
        notice,
        group,
        activity,
        offer,
        need,
        commitment,
    ]
    return {type(r): r for r in records}


def build_riverside() -> Riverside:
    world = build_world()
    a = world.a
    valley = a.stakeholders.get(name="Valley Women's Network")  # type: ignore[attr-defined]
    people: dict[str, User] = {}
    for role in ROLES:
        person = make_user(f"only-{role}@a.test", name=f"Only {role}")
        seat_grant_role(
            alliance=a,
            email=person.email,
            role=role,
            organisation_id=valley.pk if role == Role.REPRESENTATIVE else None,
            starts_on=dt.date(2020, 1, 1),
        )
        people[role] = person
    former = make_user("former@a.test", name="Former Observer")
    seat_grant_role(
        alliance=a, email=former.email, role=Role.OBSERVER, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 12, 31)
    )
    people[FORMER] = former
    for who, person in people.items():
        held = roles_of(person, a)
        assert held == (frozenset() if who == FORMER else frozenset({who})), f"{who} holds {held}"

    # The representative is their organisation's voice, so a vote can be cast.
    membership.voice_set(
        membership=Membership.objects.get(stakeholder=valley),
        seat=a.seats.get(user=people[Role.REPRESENTATIVE]),  # type: ignore[attr-defined]
        by=world.alice,
    )

    sessions = {}
    for role in ROLES:
        client = Client()
        client.force_login(people[role])
        sessions[role] = client.session.session_key
    tokens = {
        who: Tokens(
            write=api_token_create(alliance=a, user=person, name=f"{who} write", access=ApiToken.Access.WRITE)[1],
            read=api_token_create(alliance=a, user=person, name=f"{who} read", access=ApiToken.Access.READ)[1],
        )
        for who, person in people.items()
    }
    records = make_records(world, people[Role.REPRESENTATIVE])
    return Riverside(world=world, people=people, records=records, sessions=sessions, tokens=tokens)


@pytest.fixture(scope="module")
def riverside(django_db_setup: None, django_db_blocker: Any) -> Iterator[Riverside]:
    """Alliance A made once for the module, in a transaction each test's own one nests inside."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_riverside()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module", autouse=True)
def quick_pdf() -> Iterator[None]:
    """Laying out a PDF takes a second or more per request and says nothing about who may ask
    for it, so WeasyPrint's layout is skipped here; the document's HTML is still rendered.
    tests/alliances/test_documents.py checks the real PDF."""
    from weasyprint import HTML

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HTML, "write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 laid out elsewhere")
        yield


def undone(ask: Callable[[], HttpResponse]) -> HttpResponse:
    """Make one request and roll back whatever it wrote."""
    with transaction.atomic():
        response = ask()
        transaction.set_rollback(True)
    return response


def verdict(response: Any, allowed: bool, route: str = "") -> str:
    """What is wrong with the answer, or "" when it is what the permission says."""
    status = response.status_code
    if allowed and status == 403 and route in RECORD_RULES:
        reason = RECORD_RULES[route]
        return "" if reason in response.content.decode() else f"403 without the service's reason ({reason!r})"
    if status >= 500:
        exc = getattr(response, "exc_info", None)
        return f"{status} ({exc[1]!r})" if exc else str(status)
    if allowed and status == 403:
        return "403 although the role has the permission"
    if allowed and status == 405:
        return "405: the test asked with a method the route does not take"
    if not allowed and status != 403:
        return f"{status} instead of 403"
    return ""


# --- Declarations ------------------------------------------------------------------------------


def test_the_walk_finds_pages_operations_and_their_methods() -> None:
    # A broken walk would let everything below pass; these are floors, not the counts.
    assert len(PAGES) >= 50, [str(p) for p in PAGES]
    assert len(OPERATIONS) >= 40, [str(o) for o in OPERATIONS]
    assert any(p.method == "post" for p in PAGES), "no POST-only page found: is only_methods() broken?"
    assert any(o.write for o in OPERATIONS) and not all(o.write for o in OPERATIONS)


def test_every_alliance_route_declares_its_permission() -> None:
    pages = [str(p) for p in PAGES if p.perm is None and str(p) not in UNDECLARED_PAGES]
    operations = [str(o) for o in OPERATIONS if o.perm is None and str(o) not in UNDECLARED_OPERATIONS]
    assert not pages, f"pages that declare no permission (add @alliance_view(...)): {pages}"
    assert not operations, f"API operations that declare no permission (add @api_operation(...)): {operations}"


def test_the_allow_lists_name_only_routes_that_still_need_them() -> None:
    undeclared = {str(r) for r in [*PAGES, *OPERATIONS] if r.perm is None}
    stale = sorted((UNDECLARED_PAGES.keys() | UNDECLARED_OPERATIONS.keys()) - undeclared)
    assert not stale, f"allow-listed but gone or now declaring a permission: {stale}"


# --- Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_each_role_gets_what_the_page_declares(page: Page, riverside: Riverside, db: None) -> None:
    perm = page.perm
    if perm is None:
        assert str(page) in UNDECLARED_PAGES, f"{page} declares no permission: add @alliance_view(...)"
        pytest.skip(UNDECLARED_PAGES[str(page)])
    path = riverside.fill(page.template, page)
    wrong = {}
    for role in ROLES:
        client = riverside.browser(role)
        response = undone(lambda: getattr(client, page.method)(path))  # noqa: B023 - called at once
        if problem := verdict(response, riverside.allowed(perm, role), str(page)):
            wrong[role] = problem
    assert not wrong, f"{page.method.upper()} {path} declares {perm}; wrong answers: {wrong}"


# --- API operations ---------------------------------------------------------------------------


@functools.cache
def openapi() -> dict[str, Any]:
    return dict(api.get_openapi_schema())


def example(schema: dict[str, Any], riverside: Riverside, name: str = "", depth: int = 0) -> Any:
    """A minimal valid value for a JSON schema: ninja validates the body before the operation
    checks the permission, so an invalid body would answer 422 before the 403 under test. Ids
    are A's records where the field names a model."""
    components = openapi().get("components", {}).get("schemas", {})
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            return example(schema[key][0], riverside, name, depth + 1)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: example(props[k], riverside, k, depth + 1) for k in schema.get("required", []) if depth < 6}
    if kind == "array":
        return [example(schema.get("items", {}), riverside, name, depth + 1) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        model = model_for_kwarg(name)
        if model is not None and model in riverside.records:
            return riverside.records[model].pk
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    if schema.get("format") == "date":
        return "2030-01-01"
    if schema.get("format") == "date-time":
        return (timezone.now() + dt.timedelta(days=7)).isoformat()
    return "x" * max(1, schema.get("minLength", 1))


def api_request(op: Operation, riverside: Riverside) -> tuple[str, dict[str, Any]]:
    spec = openapi()["paths"].get(op.path, {}).get(op.method)
    assert spec is not None, f"{op} is missing from the OpenAPI schema"
    path = riverside.fill(op.path, op)
    query = {
        p["name"]: example(p.get("schema", {}), riverside, p["name"])
        for p in spec.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    content = spec.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = example(content["application/json"].get("schema", {}), riverside)
        return path, {"data": json.dumps(body), "content_type": "application/json"}
    return path, {}


def call(op: Operation, path: str, extra: dict[str, Any], raw: str) -> HttpResponse:
    client = Client(raise_request_exception=False)
    return undone(lambda: client.generic(op.method.upper(), path, headers={"authorization": f"Bearer {raw}"}, **extra))


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_each_role_gets_what_the_operation_declares(op: Operation, riverside: Riverside, db: None) -> None:
    perm = op.perm
    if perm is None:
        assert str(op) in UNDECLARED_OPERATIONS, f"{op} declares no permission: add @api_operation(...)"
        pytest.skip(UNDECLARED_OPERATIONS[str(op)])
    path, extra = api_request(op, riverside)
    wrong = {}
    for who in [*ROLES, FORMER]:
        allowed = riverside.allowed(perm, who)
        tokens = riverside.tokens[who]
        # Reads must work with a read-only token; writes need a write token.
        if problem := verdict(call(op, path, extra, tokens.write if op.write else tokens.read), allowed, str(op)):
            wrong[who] = problem
        elif op.write and allowed and (status := call(op, path, extra, tokens.read).status_code) != 403:
            wrong[who] = f"{status} with a read-only token instead of 403"
    assert not wrong, f"{op} declares {perm} (write={op.write}); wrong answers: {wrong}"
