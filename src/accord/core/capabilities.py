"""The capability contract: what each domain app brings to the platform, declared in one place.

Every domain app (purpose, landscape, membership, decisions, charters, framework, work, …) has a
`capability.py` that builds one `Capability` and calls `register()`. The platform reads these
declarations and never names a domain app itself:

- `config.settings` installs every package of `accord` that has a `capability.py`;
- `config.urls` includes each capability's URL module under `/a/<alliance_slug>/<prefix>`;
- `api.api` adds each capability's routers;
- the base template draws the alliance navigation from `nav_entries()`;
- the settings form offers every declared threshold;
- `core.roadmap` merges every declared step check;
- `decisions` proposes, decides and applies any declared `DecisionSubject`;
- `charters` circulates and endorses any declared `TextKind`;
- the demo loader runs every declared demo builder in order;
- the health capability will read every declared `HealthIndicator`.

A capability refers to its own modules by dotted path ("accord.landscape.urls") so that `core`
imports no domain app; the path is imported when the platform first needs it. The worked example
is "Adding a capability" in docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accord.core.models import Alliance
    from accord.core.roadmap import Check

Text = str | Promise


@dataclass(frozen=True)
class NavEntry:
    """One link in the alliance navigation. `perm` hides it from people who may not use it."""

    label: Text
    url_name: str  # reversed with the alliance's slug as its only argument
    order: int
    perm: str = "core.view_alliance"


@dataclass(frozen=True)
class Threshold:
    """A number the roadmap or the health check compares against, editable in the settings.

    Thresholds that predate the contract are columns of Alliance (`column=True`); a new
    capability's thresholds live in `Alliance.thresholds` (JSON) under `key`, so adding one needs
    no migration of core."""

    key: str
    label: Text
    default: int
    minimum: int
    maximum: int
    help_text: Text = ""
    column: bool = False
    order: int = 100

    @classmethod
    def of_column(cls, name: str, *, order: int = 100) -> Threshold:
        """A threshold stored as a column of Alliance: label, default, bounds and help come from
        the model field, so they are written once."""
        from django.core.validators import MaxValueValidator, MinValueValidator

        from accord.core.models import Alliance

        f: Any = Alliance._meta.get_field(name)
        low = next((v.limit_value for v in f.validators if isinstance(v, MinValueValidator)), 0)
        high = next((v.limit_value for v in f.validators if isinstance(v, MaxValueValidator)), 32767)
        return cls(
            key=name,
            label=f.verbose_name,
            default=int(f.default),
            minimum=int(low),
            maximum=int(high),
            help_text=f.help_text,
            column=True,
            order=order,
        )

    def value(self, alliance: Alliance) -> int:
        if self.column:
            return int(getattr(alliance, self.key))
        stored = (alliance.thresholds or {}).get(self.key)
        return self.default if stored is None else int(stored)


@dataclass(frozen=True)
class DecisionSubject:
    """Something the members can decide by proposal, owned by the capability that declares it.

    The decisions app stores a proposal's subject as (`key`, record id) and calls back here:
    `records` lists what may be proposed now, `refuse` says why one record cannot be (or returns
    ""), `apply` carries out a passed proposal, `url` links to the record. A subject with
    `model=""` decides nothing recorded elsewhere (a general proposal, a public stance).
    `warn` lists what the members should know before deciding one record (a purpose that fails
    its SMART check): shown when the proposal is written, it does not refuse it."""

    key: str
    label: Text
    model: str = ""  # "app_label.ModelName"; its rows carry `alliance`
    texts_only: bool = True  # agreed by consent or consensus, never by a vote between options
    records: Callable[[Alliance], models.QuerySet[Any]] | None = None
    refuse: Callable[[Any], str] | None = None
    apply: Callable[..., Any] | None = None  # apply(record=…, proposal=…)
    url: Callable[[Any], str] | None = None
    warn: Callable[[Any], list[str]] | None = None
    describe: Callable[[Any], str] = str
    api_field: str = ""  # the id field the API's proposal schema names it by ("purpose_id")
    order: int = 100

    @property
    def has_record(self) -> bool:
        return bool(self.model)

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def get(self, alliance: Alliance, record_id: Any) -> Any:
        """The record `record_id` of `alliance`, or None: a foreign id is the same as a missing one."""
        if not self.has_record or record_id in (None, ""):
            return None
        try:
            pk = int(record_id)
        except (TypeError, ValueError):
            return None
        return self.model_class()._default_manager.filter(alliance=alliance, pk=pk).first()


def agreement_subject(
    *,
    key: str,
    label: Text,
    model: type[models.Model],
    decided_at: str,
    decide: Callable[[Any, Any], Any],
    url: Callable[[Any], str],
    describe: Callable[[Any], str],
    api_field: str,
    order: int = 100,
    warn: Callable[[Any], list[str]] | None = None,
) -> DecisionSubject:
    """The subject of agreeing one version of a versioned text (a purpose, a charter, a framework
    document): only a version not decided yet may be proposed, read from the database since the
    caller's copy may predate another decision; passing it calls `decide(record, proposal)` once,
    and a version decided meanwhile by another proposal keeps that decision."""

    def refuse(record: Any) -> str:
        if model._default_manager.filter(pk=record.pk, **{f"{decided_at}__isnull": False}).exists():
            return str(_("This version is already agreed."))
        return ""

    def apply(*, record: Any, proposal: Any) -> None:
        if getattr(record, decided_at) is None:
            decide(record, proposal)

    return DecisionSubject(
        key=key,
        label=label,
        model=model._meta.label,
        records=lambda alliance: model._default_manager.filter(alliance=alliance, **{f"{decided_at}__isnull": True}),
        refuse=refuse,
        apply=apply,
        url=url,
        warn=warn,
        describe=describe,
        api_field=api_field,
        order=order,
    )


@dataclass(frozen=True)
class TextKind:
    """An agreed text that may be circulated to every representative and, if `endorsable`,
    endorsed by member organisations version by version."""

    key: str
    label: Text
    model: str
    is_agreed: Callable[[Any], bool]
    url: Callable[[Any], str]
    describe: Callable[[Any], str] = str
    endorsable: bool = False

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def get(self, alliance: Alliance, record_id: Any) -> Any:
        try:
            pk = int(record_id)
        except (TypeError, ValueError):
            return None
        return self.model_class()._default_manager.filter(alliance=alliance, pk=pk).first()


@dataclass(frozen=True)
class IndicatorValue:
    figure: float | None  # None: not enough data yet
    threshold: float | None = None
    healthy: bool | None = None
    evidence: Text = ""


@dataclass(frozen=True)
class HealthIndicator:
    """One measure of one of the method's six risks (1 unrealistic expectations, 2 INGOs
    overshadowing, 3 missing grassroots voices, 4 political bias, 5 local groups without
    resources, 6 limited participation). The health capability lists and trends them."""

    key: str
    risk: int
    label: Text
    compute: Callable[[Alliance], IndicatorValue]

    def __post_init__(self) -> None:
        if not 1 <= self.risk <= 6:
            raise ValueError(f"Risk {self.risk} is not one of the method's six.")


@dataclass(frozen=True)
class Roster:
    """Who holds a seat in an alliance and which roles today. Core asks on every request (the
    tenancy's 404, every permission); exactly one capability keeps people and declares it.
    Each field is the dotted path of a function."""

    roles_of: str  # (user, alliance) -> frozenset of Role values
    seat_of: str  # (user, alliance) -> the person's seat or None
    alliances_of: str  # (user) -> the alliances where they hold a role today


@dataclass(frozen=True)
class ApiRouter:
    router: str  # dotted path to a ninja Router
    tag: str


@dataclass(frozen=True)
class Capability:
    """What one domain app contributes. Only `label` is required."""

    label: str  # the app label
    url_prefix: str = ""  # "landscape/": mounted at /a/<alliance_slug>/landscape/
    urls: str = ""  # dotted path of the URL module mounted there
    public_urls: tuple[tuple[str, str], ...] = ()  # (prefix, module) outside any alliance
    api_routers: tuple[ApiRouter, ...] = ()
    nav: tuple[NavEntry, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    steps: tuple[tuple[int, Check], ...] = ()  # (step number, check)
    subjects: tuple[DecisionSubject, ...] = ()
    texts: tuple[TextKind, ...] = ()
    indicators: tuple[HealthIndicator, ...] = ()
    demo: tuple[tuple[int, str], ...] = ()  # (order, dotted path of a builder(ctx))
    reminders: tuple[str, ...] = ()  # dotted paths of send(now) -> int, run by `accord reminders`
    # Dotted paths of catch_up(alliance, now) -> None, run before the roadmap reads an alliance:
    # what fell due since the last `accord reminders` is done first (a proposal past its time
    # is closed and counted), so the steps never read a stale state.
    catch_up: tuple[str, ...] = ()
    roster: Roster | None = None


_registry: dict[str, Capability] = {}
_resolved: dict[str, Any] = {}


def register(capability: Capability) -> Capability:
    """Declare a capability (once per app; registering again replaces it, for reloads)."""
    _resolved.clear()
    keys = {s.key for c in _registry.values() if c.label != capability.label for s in c.subjects}
    clash = keys & {s.key for s in capability.subjects}
    if clash:
        raise ValueError(f"Decision subject {sorted(clash)} is declared twice.")
    _registry[capability.label] = capability
    return capability


def unregister(label: str) -> None:
    _registry.pop(label, None)
    _resolved.clear()


def capabilities() -> list[Capability]:
    return list(_registry.values())


def _all(attr: str) -> Iterable[Any]:
    for cap in _registry.values():
        yield from getattr(cap, attr)


def nav_entries() -> list[NavEntry]:
    return sorted(_all("nav"), key=lambda e: e.order)


def thresholds() -> list[Threshold]:
    return sorted(_all("thresholds"), key=lambda t: t.order)


def threshold(key: str) -> Threshold:
    for t in _all("thresholds"):
        if t.key == key:
            return t
    raise KeyError(key)


def step_checks(number: int) -> list[Check]:
    return [check for n, check in _all("steps") if n == number]


def decision_subjects() -> list[DecisionSubject]:
    return sorted(_all("subjects"), key=lambda s: s.order)


def decision_subject(key: str) -> DecisionSubject | None:
    return next((s for s in _all("subjects") if s.key == key), None)


def text_kinds() -> list[TextKind]:
    return list(_all("texts"))


def text_kind(key: str) -> TextKind | None:
    return next((t for t in _all("texts") if t.key == key), None)


def text_kind_for(record: models.Model) -> TextKind | None:
    """The declared kind of text `record` is, found by its model."""
    label = record._meta.label
    return next((t for t in _all("texts") if t.model == label), None)


def health_indicators(risk: int | None = None) -> list[HealthIndicator]:
    return [i for i in _all("indicators") if risk is None or i.risk == risk]


def demo_builders() -> list[Callable[..., None]]:
    return [import_string(path) for _order, path in sorted(_all("demo"))]


def reminder_senders() -> list[Callable[..., int]]:
    return [import_string(path) for path in _all("reminders")]


def catch_up_runners() -> list[Callable[..., None]]:
    return [import_string(path) for path in _all("catch_up")]


def api_routers() -> Sequence[tuple[Any, str]]:
    return [(import_string(r.router), r.tag) for r in _all("api_routers")]


@dataclass(frozen=True)
class ResolvedRoster:
    roles_of: Callable[[Any, Alliance], frozenset[str]]
    seat_of: Callable[[Any, Alliance], Any]
    alliances_of: Callable[[Any], list[Alliance]]


def roster() -> ResolvedRoster:
    """The one declared roster, its functions imported once."""
    if "roster" not in _resolved:
        declared = [c.roster for c in _registry.values() if c.roster is not None]
        if len(declared) != 1:
            raise LookupError(f"Exactly one capability must declare the roster, not {len(declared)}.")
        r = declared[0]
        _resolved["roster"] = ResolvedRoster(
            import_string(r.roles_of), import_string(r.seat_of), import_string(r.alliances_of)
        )
    return _resolved["roster"]


def autodiscover() -> None:
    """Import every installed app's `capability` module (each registers itself)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("capability")


__all__ = [
    "ApiRouter",
    "Capability",
    "DecisionSubject",
    "HealthIndicator",
    "IndicatorValue",
    "NavEntry",
    "Roster",
    "TextKind",
    "Threshold",
]
