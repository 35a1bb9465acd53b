"""What the cross-tenant crawler needs to put alliance A's ids where a request carries data.

Models, services and forms are found, not imported by path, so the crawler keeps working while
apps are split and services move:

- models by class name among the accord apps (`model_named("Stakeholder")`);
- the record a field names, by the field's type (a model choice field knows its model) or by its
  name (`<model>_id`, `<model>_ids`, `<model>`, a plural, or a common alias such as
  `organisation` or `target` for a stakeholder);
- the forms a page uses, from the names its view function refers to, and the request keys it
  reads straight from `request.GET` / `request.POST`, from its source.

`TenantState` is what must not move: every row of A (history included) and every link between
a row of another alliance and a row of A.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
import pkgutil
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.apps import apps
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from model_bakery import baker

from tests.conftest import World, make_user

APP_PREFIX = "accord."

# Field names that name a record without being its model's name.
ALIASES: dict[str, str] = {
    "organisation": "Stakeholder",
    "source": "Stakeholder",
    "target": "Stakeholder",
    "focus": "Stakeholder",
    "other": "Stakeholder",
    "voice": "Seat",
    "amends": "Proposal",
    "option": "ProposalOption",
    # Work: an activity's owner organisation and responsible person, a commitment's offer.
    "owner": "Stakeholder",
    "responsible": "Seat",
    "offer": "ResourceOffer",
}

# Sent to every alliance page, whatever its view is found to read: views may read data through
# helpers the discovery cannot see.
CONVENTIONAL_NAMES: tuple[str, ...] = (
    "stakeholder",
    "organisation",
    "seat",
    "seats",
    "purpose",
    "charter",
    "proposal",
    "target",
    "source",
    "focus",
    "working_group",
    "membership",
    "framework_document",
    "circulation",
    "option",
    "options",
    "amends",
)

# Form fields of these kinds cannot carry a record id.
NOT_ID_FIELDS = (forms.BooleanField, forms.DateField, forms.DateTimeField, forms.TimeField, forms.FileField)


# --- Models ---------------------------------------------------------------------------------


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.cache
def accord_models(*, history: bool = False) -> tuple[type[models.Model], ...]:
    return tuple(
        m
        for m in apps.get_models()
        if m.__module__.startswith(APP_PREFIX)
        and not m._meta.abstract
        and m.__name__.startswith("Historical") == history
    )


def model_named(name: str) -> type[models.Model]:
    found = [m for m in accord_models() if m.__name__ == name]
    assert len(found) == 1, f"expected one accord model named {name}, found {found}"
    return found[0]


def has_alliance(model: type[models.Model]) -> bool:
    return any(f.name == "alliance" and f.is_relation for f in model._meta.fields)


def tenant_models(*, history: bool = False) -> list[type[models.Model]]:
    """Models whose rows belong to one alliance."""
    return [m for m in accord_models(history=history) if has_alliance(m)]


def model_for_name(name: str) -> type[models.Model] | None:
    """The alliance model a request key names: `seat_ids`, `seat`, `seats`, `organisation`..."""
    base = re.sub(r"_ids?$", "", name)
    by_snake = {snake(m.__name__): m for m in tenant_models()}
    for candidate in (base, base[:-1] if base.endswith("s") else None):
        if candidate in ALIASES:
            return model_named(ALIASES[candidate])
        if candidate in by_snake:
            return by_snake[candidate]
    return None


# A record named by kind and id together: `subject` says which kind (a declared decision subject
# or text: "purpose", "framework"...), `record` / `record_id` which row of it.
SUBJECT = "subject"
POLYMORPHIC = ("record", "record_id")


@functools.cache
def record_subjects() -> dict[str, type[models.Model]]:
    """The kinds of record a `subject` key names, as the capabilities declare them."""
    try:
        registry = importlib.import_module(f"{APP_PREFIX}core.capabilities")
    except ImportError:  # before capabilities were declared
        return {}
    out: dict[str, type[models.Model]] = {}
    for spec in [*registry.decision_subjects(), *registry.text_kinds()]:
        if getattr(spec, "model", "") and spec.key not in out:
            model = apps.get_model(spec.model)
            if has_alliance(model):
                out[spec.key] = model
    return out


def subject_for(model: type[models.Model], keys: list[str]) -> str | None:
    """The first of `keys` that names records of `model`."""
    return next((k for k in keys if record_subjects().get(k) is model), None)


def names_a_record(name: str) -> bool:
    return name.endswith(("_id", "_ids")) or model_for_name(name) is not None


def is_many(name: str) -> bool:
    base = re.sub(r"_id$", "", name)
    return name.endswith("_ids") or (base.endswith("s") and model_for_name(base[:-1]) is not None)


# --- Services ---------------------------------------------------------------------------------


def service(name: str) -> Callable[..., Any]:
    """A service function by name, from whichever app's services module (`services`,
    `services_<part>` or a `services` package) holds it today."""
    found = []
    for module in _service_modules():
        fn = getattr(module, name, None)
        if callable(fn) and fn.__module__ == module.__name__ and fn not in found:
            found.append(fn)
    assert len(found) == 1, f"expected one service named {name}, found {found}"
    return found[0]


@functools.cache
def _service_modules() -> tuple[types.ModuleType, ...]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith(APP_PREFIX):
            continue
        for info in pkgutil.iter_modules([config.path]):
            if info.name != "services" and not info.name.startswith("services_"):
                continue
            module = importlib.import_module(f"{config.name}.{info.name}")
            modules.append(module)
            if info.ispkg:
                modules += [
                    importlib.import_module(f"{module.__name__}.{sub.name}")
                    for sub in pkgutil.iter_modules(module.__path__)
                ]
    return tuple(modules)


# --- Personas ---------------------------------------------------------------------------------


def b_observer(world: World) -> Any:
    """Olly holds only the observer role, in alliance B; built like the personas of conftest."""
    observer_role = next(role for role, user in world.by_role().items() if user == world.olga)
    olly = make_user("olly@b.test", name="Olly")
    service("seat_grant_role")(alliance=world.b, email=olly.email, role=observer_role, starts_on=dt.date(2020, 1, 1))
    return olly


# --- Rows of an alliance ---------------------------------------------------------------------


class Rows:
    """One row of each alliance model for one alliance: an existing one, or one made for it whose
    required links point at the same alliance's rows (so the made world is consistent)."""

    def __init__(self, alliance: Any, *, newest: bool = False) -> None:
        self.alliance = alliance
        self.order = "-pk" if newest else "pk"
        self.rows: dict[type[models.Model], models.Model] = {}

    def row(self, model: type[models.Model]) -> models.Model:
        if model not in self.rows:
            assert has_alliance(model), f"{model.__name__} has no `alliance`"
            row = model._base_manager.filter(alliance=self.alliance).order_by(self.order).first()
            self.rows[model] = row if row is not None else self.make(model)
        return self.rows[model]

    def make(self, model: type[models.Model]) -> models.Model:
        links: dict[str, models.Model] = {}
        for f in model._meta.fields:
            if not f.is_relation or f.null or f.name == "alliance" or f.related_model is model:
                continue
            if not has_alliance(f.related_model):
                continue
            # A second link to the same model gets a row of its own (a tie joins two stakeholders).
            taken = any(type(v) is f.related_model for v in links.values())
            links[f.name] = self.make(f.related_model) if taken else self.row(f.related_model)
        return baker.make(model, alliance=self.alliance, **links)

    def pk(self, model: type[models.Model]) -> int:
        return int(self.row(model).pk)

    def pk_if_any(self, model: type[models.Model]) -> int | None:
        """The id of a row of `model`, or None when the alliance has none and model_bakery cannot
        make one (a check constraint its random values break)."""
        known = set(self.rows)
        try:
            with transaction.atomic():
                return self.pk(model)
        except IntegrityError:  # the savepoint took back every row made on the way
            for made in set(self.rows) - known:
                del self.rows[made]
            return None


# --- What must not change ----------------------------------------------------------------------


@dataclass(frozen=True)
class TenantState:
    rows: dict[str, dict[Any, tuple[Any, ...]]]  # model label -> pk -> values
    links: frozenset[str]  # "landscape.Tie #7 of alliance 2 -> source #1 of alliance 1"

    @classmethod
    def of(cls, alliance: Any, *, tables: set[str] | None = None) -> TenantState:
        """Every row of A and every link between A and another alliance, or only those held in
        `tables` (a request can change rows and links only in the tables it writes to)."""

        def read(model: type[models.Model]) -> bool:
            return tables is None or model._meta.db_table in tables

        rows: dict[str, dict[Any, tuple[Any, ...]]] = {}
        for model in [*tenant_models(), *tenant_models(history=True)]:
            if read(model):
                rows[model._meta.label] = _values(model._base_manager.filter(alliance_id=alliance.pk))
            for m2m in model._meta.many_to_many:
                through = m2m.remote_field.through
                if read(through):
                    mine = {f"{m2m.m2m_field_name()}__alliance_id": alliance.pk}
                    rows[through._meta.label] = _values(through._base_manager.filter(**mine))
        if read(type(alliance)):
            rows[type(alliance)._meta.label] = _values(type(alliance)._base_manager.filter(pk=alliance.pk))
        return cls(rows=rows, links=frozenset(_cross_links(alliance, read)))

    def changes_since(self, before: TenantState) -> list[str]:
        out = []
        for label in sorted(set(before.rows) | set(self.rows)):
            old, new = before.rows.get(label, {}), self.rows.get(label, {})
            out += [f"{label} #{pk} of A added" for pk in sorted(new.keys() - old.keys())]
            out += [f"{label} #{pk} of A deleted" for pk in sorted(old.keys() - new.keys())]
            out += [f"{label} #{pk} of A changed" for pk in sorted(old.keys() & new.keys()) if old[pk] != new[pk]]
        out += [f"new link across alliances: {link}" for link in sorted(self.links - before.links)]
        return out


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)


class Watch:
    """Runs requests and tells how each changed alliance A.

    Each request runs in a savepoint. When it wrote to no accord table it cannot have changed A
    and is kept; otherwise A's state in the tables it wrote is read, the savepoint is rolled
    back and the state read again: the difference is what the request did. Rolling back also
    gives the next request the same world (a co-chair's write does not lock the observer out)."""

    def __init__(self, alliance: Any) -> None:
        self.alliance = alliance
        self.tables = {
            t._meta.db_table
            for m in [*accord_models(), *accord_models(history=True)]
            for t in [m, *(f.remote_field.through for f in m._meta.many_to_many)]
        }

    def run(self, fn: Callable[[], Any]) -> tuple[Any, Exception | None, list[str]]:
        """`fn()`'s result (None if it raised), what it raised, and how it changed A."""
        result, error = None, None
        savepoint = transaction.savepoint()
        with CaptureQueriesContext(connection) as queries:
            try:
                result = fn()
            except Exception as exc:  # the test client re-raises a view's error: a 500
                error = exc
        wrote = {m.group(1) for q in queries.captured_queries if (m := WRITE.match(q["sql"]))} & self.tables
        if isinstance(error, DatabaseError):  # the transaction is broken: nothing it wrote can stay
            transaction.savepoint_rollback(savepoint)
            return result, error, []
        if not wrote:
            transaction.savepoint_commit(savepoint)
            return result, error, []
        after = TenantState.of(self.alliance, tables=wrote)
        transaction.savepoint_rollback(savepoint)
        before = TenantState.of(self.alliance, tables=wrote)
        return result, error, after.changes_since(before)


def _values(qs: models.QuerySet[Any]) -> dict[Any, tuple[Any, ...]]:
    meta = qs.model._meta
    fields = [f.attname for f in meta.concrete_fields]
    return {r[0]: r[1:] for r in qs.order_by(meta.pk.attname).values_list(meta.pk.attname, *fields)}


def _cross_links(alliance: Any, read: Callable[[type[models.Model]], bool]) -> Iterator[str]:
    """Links whose two ends belong to different alliances, one of them A."""
    for model in tenant_models():
        for f in model._meta.fields if read(model) else ():
            if f.is_relation and f.name != "alliance" and has_alliance(f.related_model):
                yield from _links(model, "", f.name, alliance)
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            if has_alliance(m2m.related_model) and read(through):
                yield from _links(through, m2m.m2m_field_name(), m2m.m2m_reverse_field_name(), alliance)
        if read(model):
            yield from _subject_links(model, alliance)


def _subject_links(model: type[models.Model], alliance: Any) -> Iterator[str]:
    """Links held as (`subject`, `record_id`) rather than a foreign key."""
    if not {SUBJECT, "record_id"} <= {f.name for f in model._meta.concrete_fields}:
        return
    for key, target in record_subjects().items():
        rows = list(model._base_manager.filter(**{SUBJECT: key}).values_list("pk", "alliance_id", "record_id"))
        owners = dict(target._base_manager.filter(pk__in={r[2] for r in rows}).values_list("pk", "alliance_id"))
        for pk, own, record_id in rows:
            theirs = owners.get(record_id)
            if theirs is not None and theirs != own and alliance.pk in (own, theirs):
                yield f"{model._meta.label} #{pk} of alliance {own} -> {key} #{record_id} of alliance {theirs}"


def _links(model: type[models.Model], source: str, target: str, alliance: Any) -> Iterator[str]:
    # `source` is "" for a row's own alliance, or the through table's link to the owning row.
    own = f"{source}__alliance_id" if source else "alliance_id"
    theirs = f"{target}__alliance_id"
    qs = (
        model._base_manager.filter(**{f"{target}__isnull": False})
        .exclude(**{theirs: F(own)})
        .filter(Q(**{own: alliance.pk}) | Q(**{theirs: alliance.pk}))
        .values_list("pk", own, f"{target}_id", theirs)
    )
    for pk, own_alliance, target_pk, their_alliance in qs:
        yield (
            f"{model._meta.label} #{pk} of alliance {own_alliance} -> {target} #{target_pk} "
            f"of alliance {their_alliance}"
        )


# --- Forms and request keys a page reads ---------------------------------------------------------


def view_function(callback: Any) -> Any:
    view = inspect.unwrap(callback)
    return getattr(view, "view_class", view)


def _code_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _code_names(const)
    return names


def forms_of(callback: Any) -> list[type[forms.BaseForm]]:
    """The form classes a view refers to by name, directly or as `module.Form`."""
    view = view_function(callback)
    if inspect.isclass(view):  # a class-based view names its form in `form_class`
        form_class = getattr(view, "form_class", None)
        return [form_class] if form_class else []
    code = getattr(view, "__code__", None)
    if code is None:
        return []
    scope = getattr(view, "__globals__", {})
    modules = [v for v in scope.values() if inspect.ismodule(v) and v.__name__.startswith(APP_PREFIX)]
    found: list[type[forms.BaseForm]] = []
    for name in sorted(_code_names(code)):
        for obj in [scope.get(name), *(getattr(m, name, None) for m in modules)]:
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj not in found:
                found.append(obj)
    return found


REQUEST_KEY = re.compile(r"request\.(?:GET|POST)(?:\.get|\.getlist|\.pop)?[\[(]\s*[\"'](\w+)[\"']")


def request_keys_of(callback: Any) -> set[str]:
    """Keys a view reads straight from the query string or the form body."""
    try:
        source = inspect.getsource(view_function(callback))
    except (OSError, TypeError):
        return set()
    return set(REQUEST_KEY.findall(source))


def form_instance(form_class: type[forms.BaseForm], rows_b: Rows) -> forms.BaseForm:
    """The form as the view would build it in alliance B, so choices are B's; keyword arguments
    are filled by name (`alliance`, or a model's snake name such as `proposal`)."""
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(form_class.__init__).parameters.items():
        if param.kind is not param.KEYWORD_ONLY or param.default is not param.empty:
            continue
        if name == "alliance":
            kwargs[name] = rows_b.alliance
        elif (model := model_for_name(name)) is not None:
            kwargs[name] = rows_b.row(model)
        else:
            kwargs[name] = []
    try:
        return form_class(**kwargs)
    except Exception:  # a constructor the crawler cannot satisfy: read the declared fields
        return form_class()


@dataclass(frozen=True)
class IdField:
    name: str
    model: type[models.Model]
    many: bool
    subject: str | None = None  # the `subject` key sent with it, for a record named by kind and id
    prefixed: bool = False  # the value is "<subject>:<id>", as a grouped select of records gives it


def id_fields(form: forms.BaseForm) -> list[IdField]:
    """The form's fields that take a record of an alliance model: model choice fields, fields
    named after a model, and `record` beside `subject` (once per kind the subject offers)."""
    subjects = [str(v) for v, _label in _flat_choices(form.fields[SUBJECT])] if SUBJECT in form.fields else []
    subjects = [k for k in subjects if k in record_subjects()]
    out = []
    for name, field in form.fields.items():
        if name in POLYMORPHIC and subjects:
            for key in subjects:
                model = record_subjects()[key]
                out += [IdField(name, model, False, key, prefixed=True), IdField(name, model, False, key)]
            continue
        if isinstance(field, forms.ModelChoiceField):
            model = field.queryset.model
            many = isinstance(field, forms.ModelMultipleChoiceField)
        elif not isinstance(field, NOT_ID_FIELDS) and (found := model_for_name(name)) is not None:
            model, many = found, isinstance(field, forms.MultipleChoiceField) or is_many(name)
        else:
            continue
        if has_alliance(model):
            out.append(IdField(name, model, many, subject_for(model, subjects)))
    return out


def _flat_choices(field: forms.Field) -> list[tuple[Any, Any]]:
    out = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):  # an option group
            out += list(label)
        else:
            out.append((value, label))
    return out


def _first_choice(field: forms.ChoiceField) -> Any:
    return next((value for value, _label in _flat_choices(field) if value not in ("", None)), "")


def plausible_data(form: forms.BaseForm, *, email: str) -> dict[str, Any]:
    """Values B's own form would accept, so that a refusal comes from the id being probed: the
    form's initial values, nothing for optional fields, else the first choice or a simple value.
    `email` is an existing account's (forms that name a person take one)."""
    data: dict[str, Any] = {}
    now = timezone.now()
    for name, field in form.fields.items():
        value: Any = form.get_initial_for_field(field, name)
        if value not in (None, "", []):
            data[name] = value.pk if isinstance(value, models.Model) else value
            continue
        if not field.required:
            continue
        if isinstance(field, forms.ModelMultipleChoiceField):
            first = field.queryset.first()
            value = [first.pk] if first else []
        elif isinstance(field, forms.ModelChoiceField):
            first = field.queryset.first()
            value = first.pk if first else ""
        elif isinstance(field, forms.MultipleChoiceField):
            value = [_first_choice(field)]
        elif isinstance(field, forms.ChoiceField):
            value = _first_choice(field)
        elif isinstance(field, forms.BooleanField):
            value = "on"
        elif isinstance(field, forms.DateTimeField):
            value = (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
        elif isinstance(field, forms.DateField):  # ahead: hand-overs and terms are planned
            value = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        elif isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
            value = field.min_value if field.min_value is not None else 1
        elif isinstance(field, forms.EmailField):
            value = email
        elif isinstance(field, forms.URLField):
            value = "https://lear.test/"
        elif isinstance(field, forms.FileField):
            continue
        else:
            value = "Lear crawler"
        data[name] = value
    return data


# --- What A's rows say ----------------------------------------------------------------------------

# Free text shorter than this is too likely to occur on any page by chance.
MIN_DISTINCTIVE = 12


def distinctive_text(alliance: Any, other: Any) -> set[str]:
    """The free text of `alliance`'s rows (names, titles, notes, model_bakery's random words)
    that no row of `other` holds in the same field: a page of `other` that shows one reads A."""
    out: set[str] = set()
    for model in tenant_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name != "key_digest"
        ]
        if not fields:
            continue
        candidates: dict[str, set[str]] = {name: set() for name in fields}
        for row in model._base_manager.filter(alliance_id=alliance.pk).values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                if isinstance(value, str) and len(value.strip()) >= MIN_DISTINCTIVE:
                    candidates[name].add(value)
        shared = Q()
        for name, values in candidates.items():
            if values:
                shared |= Q(**{f"{name}__in": values})
        if not shared:
            continue
        for row in model._base_manager.filter(shared, alliance_id=other.pk).values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                candidates[name].discard(value)
        out |= {v.strip() for values in candidates.values() for v in values}
    return out
