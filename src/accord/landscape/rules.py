"""The landscape's rules, each written once.

Plain functions over values: no queries and no writes. The single-record services
(`accord.landscape.services`) call them for one stakeholder, assessment or tie; the import
(`accord.landscape.importing.matching`) calls them for a whole file at once, over the register as
it would be after the file's rows are applied. So an import obeys exactly the rules a form or
the API obeys, and stays linear on 100,000 rows: the belongs-to rules walk the whole graph once,
never once per row.

A check returns its problems as {field: message} (model field names); the caller raises them
(`raise_for`) or turns them into a row's errors. Messages are `Sentence`s: text in the active
language that an import can also store as its message id and parameters, to tell it again in the
language of whoever reads the import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Hashable, Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop

from accord.landscape.models import Stakeholder, Tie
from accord.lib.sentences import Sentence, verbatim

POSITION_RANGE = (-2, 2)
INFLUENCE_RANGE = (0, 5)
INTEREST_RANGE = (0, 5)
STRENGTH_RANGE = (1, 3)
# The scales' names, translated only when a problem is told (an import checks 100,000 rows).
POSITION = gettext_lazy("Position")
INFLUENCE = gettext_lazy("Influence")
INTEREST = gettext_lazy("Interest")
STRENGTH = gettext_lazy("Strength")

Problems = dict[str, str]


def raise_for(problems: Problems) -> None:
    if problems:
        raise ValidationError(problems)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def text_limit(model: type[models.Model], field: str) -> int:
    """The longest text the model keeps in `field`."""
    return int(_field(model, field).max_length or 0)


NOTE_LIMIT = text_limit(Tie, "note")


# --- values -------------------------------------------------------------------------------------


def range_problem(value: Any, bounds: tuple[int, int], label: Any, *, allow_none: bool = False) -> str | None:
    """Why `value` is not a whole number within `bounds`, or None when it is."""
    if value is None and allow_none:
        return None
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return Sentence(
            gettext_noop("%(label)s must be a whole number from %(low)s to %(high)s."),
            {
                "label": label,
                "low": f"{low:+d}" if low < 0 else low,
                "high": f"{high:+d}" if low < 0 else high,
            },
        )
    return None


def assessment_problems(
    *, position: Any, influence: Any, interest: Any, assessed_on: dt.date | None, today: dt.date
) -> Problems:
    """An assessment judges a stakeholder's position on the purpose (−2 strongly against … +2
    strongly for, or unknown), its influence (0–5) and its interest (0–5), as known on a day that
    is not later than the alliance's today."""
    problems: Problems = {}
    for field, value, bounds, label, allow_none in (
        ("position", position, POSITION_RANGE, POSITION, True),
        ("influence", influence, INFLUENCE_RANGE, INFLUENCE, False),
        ("interest", interest, INTEREST_RANGE, INTEREST, False),
    ):
        problem = range_problem(value, bounds, label, allow_none=allow_none)
        if problem:
            problems[field] = problem
    if assessed_on is not None and assessed_on > today:
        problems["assessed_on"] = Sentence(
            gettext_noop("An assessment records what is known today; it cannot be dated later.")
        )
    return problems


def tie_problems(*, same_ends: bool, kind: Any, strength: Any, note: str) -> Problems:
    """A tie joins two different stakeholders, with one of the kinds, a strength of 1 (weak) to
    3 (strong) and a short note."""
    problems: Problems = {}
    if same_ends:
        problems["target"] = Sentence(gettext_noop("A tie links two different stakeholders; choose someone else."))
    if kind not in Tie.Kind.values:
        problems["kind"] = Sentence(gettext_noop("Choose one of the kinds of tie."))
    if range_problem(strength, STRENGTH_RANGE, STRENGTH):
        problems["strength"] = Sentence(gettext_noop("Strength must be 1, 2 or 3."))
    if len(note or "") > NOTE_LIMIT:
        problems["note"] = Sentence(
            gettext_noop("The note is too long: at most %(max)s characters."), {"max": NOTE_LIMIT}
        )
    return problems


# --- a stakeholder's own values -----------------------------------------------------------------


def clean_name(name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": Sentence(gettext_noop("Give the stakeholder a name."))})
    return name


def name_key(name: str) -> str:
    """Names are one per alliance whatever the letter case: "Oxfam" and "OXFAM" are the same."""
    return name.strip().casefold()


def name_taken(existing: str) -> str:
    return Sentence(gettext_noop("“%(name)s” is already in the register: edit that entry instead."), {"name": existing})


def target_ask(*, is_target: bool, ask: str) -> str:
    """What we want from someone is only recorded for the people we are trying to move."""
    return ask if is_target else ""


# Fields whose values come from a list, and the text fields with a length or format: their rules
# are the model's own (choices, max_length, the email and URL validators), read from it once.
_CHOICES = {name: {value for value, _label in _field(Stakeholder, name).choices or ()} for name in ("kind", "scope")}
_VALIDATED = (
    "name",
    "political_orientation",
    "contact_person",
    "email",
    "phone",
    "website",
    "external_id",
)


def stakeholder_value_problems(values: Mapping[str, Any]) -> Problems:
    """The model's own field rules for the given values (model field names), without a full
    `full_clean`: what the bulk import needs to re-check a row cheaply."""
    problems: Problems = {}
    for name, allowed in _CHOICES.items():
        if name in values and values[name] not in allowed:
            problems[name] = Sentence(gettext_noop("Choose one of the listed values."))
    for name in _VALIDATED:
        value = values.get(name)
        if value:
            try:
                _field(Stakeholder, name).run_validators(value)
            except ValidationError as exc:
                problems[name] = _validator_sentence(exc)
    return problems


def _validator_sentence(exc: ValidationError) -> Sentence:
    """A model validator's message as a sentence (its message id and parameters when it has one
    message, else the text)."""
    if len(exc.error_list) == 1:
        only = exc.error_list[0]
        args: tuple[Any, ...] = tuple(getattr(only.message, "_args", ())) if isinstance(only.message, Promise) else ()
        if len(args) == 1 and isinstance(args[0], str):
            return Sentence(args[0], only.params or {})
    return verbatim(" ".join(exc.messages))


# --- the belongs-to graph -----------------------------------------------------------------------


# A loop is named in the message by its first stakeholders, up to this many.
LOOP_NAMES_SHOWN = 6


class Entry(NamedTuple):
    """A stakeholder as the belongs-to rules see it: its name, whether it is a person, and the
    key of the organisation it belongs to. (A tuple: the import builds one per stakeholder.)"""

    name: str
    is_individual: bool
    organisation: Hashable | None


def belongs_to_problems(entries: Mapping[Any, Entry], changed: Mapping[Any, Collection[str]]) -> dict[Any, Problems]:
    """The rules of belonging, over the register as it would be after a change.

    - Nobody belongs to a person: an individual belongs to an organisation (a technical official
      in a ministry), an organisation can sit inside another (a department in a ministry).
    - Nothing belongs to itself, however indirectly: a stakeholder inside an organisation that is
      inside it is a loop.

    `entries` holds at least every stakeholder the change touches and the organisations above
    them; `changed` says, for each changed stakeholder, which of its fields changed
    ("organisation", "is_individual"; a new one lists both). A problem is told to the change that
    caused it: to the one that now belongs to a person, or to the one just marked a person while
    people still belong to it; to each changed member of a loop. What was already wrong before
    and is not touched is not reported. Linear in the number of entries.
    """
    problems: dict[Any, Problems] = {}

    def add(key: Any, field: str, message: str) -> None:
        problems.setdefault(key, {}).setdefault(field, message)

    for key, entry in entries.items():
        parent = entries.get(entry.organisation) if entry.organisation is not None else None
        if parent is None or not parent.is_individual or entry.organisation == key:
            continue
        if "organisation" in changed.get(key, ()):
            add(
                key,
                "organisation",
                Sentence(gettext_noop("%(name)s is a person, not an organisation."), {"name": parent.name}),
            )
        elif "is_individual" in changed.get(entry.organisation, ()):
            add(
                entry.organisation,
                "is_individual",
                Sentence(gettext_noop("People belong to this organisation; move them before marking it as a person.")),
            )

    # Each stakeholder has at most one organisation, so following "belongs to" from any start
    # either ends or runs into a loop. Every loop through a changed stakeholder is reached from
    # it; stakeholders met on an earlier walk are not walked again.
    walk_of: dict[Any, int] = {}
    for walk, start in enumerate(changed):
        if start in walk_of or start not in entries:
            continue
        path: list[Any] = []
        node: Any = start
        while node is not None and node in entries and node not in walk_of:
            walk_of[node] = walk
            path.append(node)
            node = entries[node].organisation
        if node is None or walk_of.get(node) != walk:
            continue
        loop = path[path.index(node) :]
        shown = [entries[k].name for k in loop[:LOOP_NAMES_SHOWN]]
        names = " → ".join([*shown, entries[loop[0]].name] if len(loop) <= LOOP_NAMES_SHOWN else [*shown, "…"])
        message = Sentence(
            gettext_noop("A stakeholder cannot belong to itself or to one of its own parts: %(loop)s."), {"loop": names}
        )
        for key in loop:
            if "organisation" in changed.get(key, ()):
                add(key, "organisation", message)
    return problems
