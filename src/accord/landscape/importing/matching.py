"""Matching checked rows against the alliance, and deciding what a commit would write (reads only).

A row's `id` finds the stakeholder Accord exported it from (Accord's own number) or imported it
from (its external id); failing that, the exact name does. A row that matches nothing is new; if
its name is probably an existing stakeholder's (nearly the same words, the same acronym, or one
name containing the other: `similarity`) it is a probable duplicate, and the person chooses to merge it into the
existing one, skip it, or create it anyway (skipped unless they choose). Creating one whose name
differs from a known one only in letter case is refused, as the register form refuses it.

Only the columns present in the file are applied, so a file of names and types never blanks
contacts. Then the landscape's rules (`accord.landscape.rules`, the same the forms obey) are
applied to the register as it would be after the file: every value, the names, and the
belongs-to graph as a whole (nobody inside a person, no loops, also through stakeholders the file
does not mention). The plan says per row what changes, so the preview's counts and the commit's
writes come from the same place: "new" is a row that creates a stakeholder, "updated" one whose
values or current assessment actually change, "unchanged" the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from accord.core.models import Alliance
from accord.landscape import rules, selectors
from accord.landscape.importing import similarity
from accord.landscape.importing.checks import TIE_COLUMN_OF, assessment_values, tie_values
from accord.landscape.importing.columns import (
    FIELD_OF,
    KEEP_WHEN_BLANK,
    MAX_ERRORS_KEPT,
    SHEET_LABELS,
    Error,
    S,
    T,
    error,
)
from accord.lib.sentences import Sentence

DUPLICATE_THRESHOLD = similarity.SIMILAR_AT

NEW, UPDATE, UNCHANGED, SKIP, BAD = "new", "update", "unchanged", "skip", "bad"
MERGE, CREATE = "merge", "create"
CHOICES = (MERGE, SKIP, CREATE)


def depends_on(row: int) -> Sentence:
    return Sentence(gettext_noop("depends on row %(row)s, which has an error"), {"row": row})


# A stakeholder in the plan: ("pk", id) for one Accord knows, ("row", index) for a new one.
Ref = tuple[str, int]

# The file's column for each model field a rule may name.
COLUMN_OF = {
    **{model_field: column for column, model_field in FIELD_OF.items()},
    "organisation": "belongs_to",
    "external_id": "id",
}


@dataclass
class Known:
    """The alliance's stakeholders, current assessments and ties, as the plan needs them."""

    by_pk: dict[int, dict[str, Any]]
    by_external: dict[str, int]
    by_name: dict[str, int]
    by_name_key: dict[str, int]  # rules.name_key(name) -> id: who holds a name whatever the case
    assessments: dict[int, tuple[int | None, int, int, dt.date]]
    ties: dict[tuple[int, int, str], tuple[int, int, str]]

    @classmethod
    def load(cls, alliance: Alliance) -> Known:
        fields = ["pk", "external_id", "organisation_id", *FIELD_OF.values()]
        by_pk = {r["pk"]: r for r in alliance.stakeholders.values(*fields)}
        by_external: dict[str, int] = {}
        for pk, r in by_pk.items():
            if r["external_id"]:
                by_external.setdefault(r["external_id"], pk)
        current = selectors.current_assessments(alliance)
        return cls(
            by_pk=by_pk,
            by_external=by_external,
            by_name={r["name"]: pk for pk, r in by_pk.items()},
            by_name_key={rules.name_key(r["name"]): pk for pk, r in by_pk.items()},
            assessments={k: (a.position, a.influence, a.interest, a.assessed_on) for k, a in current.items()},
            ties={
                (s, t, k): (pk, st, note)
                for pk, s, t, k, st, note in alliance.ties.values_list(
                    "pk", "source_id", "target_id", "kind", "strength", "note"
                )
            },
        )

    def find(self, ident: str) -> int | None:
        if not ident:
            return None
        if ident.isdigit() and int(ident) in self.by_pk:
            return int(ident)
        return self.by_external.get(ident)


@dataclass
class Plan:
    actions: list[str]  # NEW, UPDATE, UNCHANGED, SKIP or BAD per stakeholder row
    matches: list[int | None]
    # Per row, the model fields the commit sets (all of them for a new row, what changed for an
    # existing one); "organisation" holds a Ref or None.
    fields: list[dict[str, Any]]
    changed: list[list[str]]  # the file's columns that change an existing stakeholder
    assess: list[bool]  # whether the row adds an assessment
    ties: list[tuple[str, Any, Any, int | None]]  # (action, source ref, target ref, existing tie pk)
    duplicates: list[dict[str, Any]]
    errors: list[Error]
    counts: dict[str, int]
    # Per updated row, {model field: [old, new]} for the preview (see `_Planner._diff`).
    diff: list[dict[str, list[Any]]] = field(default_factory=list)
    untyped: list[int] = field(default_factory=list)  # new rows read with `blank_type`


def plan(
    alliance: Alliance,
    parsed_rows: list[list[Any]],
    tie_rows: list[list[Any]],
    present: dict[str, list[str]],
    *,
    fmt: str,
    today: dt.date,
    choices: dict[int, str] | None = None,
    known: Known | None = None,
    bad_refs: dict[str, int] | None = None,
    blank_type: str | None = None,
) -> Plan:
    """Match every checked row against the alliance and decide what the commit would do.
    `today` is the alliance's: no assessment is dated later.

    `bad_refs` holds the id and name of the file's rows that had a problem (-> row number), so a
    row pointing at one says it depends on that row. A new stakeholder without a type is given
    `blank_type` when there is one (the dry run's value mapping), and refused otherwise."""
    planner = _Planner(
        alliance,
        parsed_rows,
        present,
        fmt=fmt,
        today=today,
        choices=choices or {},
        known=known,
        bad_refs=bad_refs or {},
        blank_type=blank_type,
    )
    planner.match()
    planner.index_rows()
    planner.belongs_to()
    planner.apply_rules()
    planner.assessments()
    ties = planner.ties(tie_rows)
    return planner.result(ties)


@dataclass
class _Planner:
    alliance: Alliance
    rows: list[list[Any]]
    present: dict[str, list[str]]
    fmt: str
    today: dt.date
    choices: dict[int, str]
    known: Known | None
    bad_refs: dict[str, int] = field(default_factory=dict)
    blank_type: str | None = None
    errors: list[Error] = field(default_factory=list)
    bad: set[tuple[str, int]] = field(default_factory=set)  # (sheet, row number) with a problem

    def __post_init__(self) -> None:
        self.known = self.known or Known.load(self.alliance)
        self.labels = SHEET_LABELS[self.fmt]
        self.cols = set(self.present.get("stakeholders", []))
        self.applied = [c for c in FIELD_OF if c in self.cols]
        n = len(self.rows)
        self.actions = [NEW] * n
        self.matches: list[int | None] = [None] * n
        self.fields: list[dict[str, Any]] = [{} for _ in range(n)]
        self.assess = [False] * n
        self.duplicates: list[dict[str, Any]] = []
        self.untyped: list[int] = []

    @property
    def k(self) -> Known:
        assert self.known is not None
        return self.known

    def err(self, sheet: str, row: int, column: str, message: str) -> None:
        self.bad.add((sheet, row))
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error(self.labels[sheet], row, column, message))

    def missing(self, sheet: str, row: int, column: str, ref: str, where: Sentence) -> None:
        """A row names a stakeholder that is nowhere: if it is a row of the file that has a
        problem, say that this row depends on it."""
        bad_row = self.bad_refs.get(ref)
        if bad_row is not None:
            self.err(sheet, row, column, depends_on(bad_row))
        else:
            self.err(sheet, row, column, where)

    # --- which stakeholder each row is ------------------------------------------------------

    def match(self) -> None:
        known = self.k
        claimed: dict[int, int] = {}
        choice_names = [r["name"] for r in known.by_pk.values()]
        index: similarity.Index | None = None
        for i, item in enumerate(self.rows):
            row, ident, name = item[0], item[S["id"]], item[S["name"]]
            pk = known.find(ident)
            if pk is None:
                pk = known.by_name.get(name)
            if pk is None:
                if choice_names:
                    if index is None:
                        index = similarity.Index(choice_names)
                    best = index.best(name)
                    if best is not None:
                        pk = self._duplicate(i, choice_names[best.index], best)
                        if self.actions[i] == SKIP:
                            continue
                if pk is None:
                    if not item[S["type"]]:
                        if self.blank_type:
                            self.rows[i] = [*item]
                            self.rows[i][S["type"]] = self.blank_type
                            self.untyped.append(i)
                        else:
                            self.err(
                                "stakeholders",
                                row,
                                "type",
                                Sentence(gettext_noop("the type is missing for a new stakeholder")),
                            )
                    self.fields[i] = self._new_fields(self.rows[i])
                    continue
            if pk in claimed:
                self.err(
                    "stakeholders",
                    row,
                    "id" if ident else "name",
                    Sentence(gettext_noop("this is the same stakeholder as row %(row)s"), {"row": claimed[pk]}),
                )
                self.actions[i] = BAD
                continue
            claimed[pk] = row
            self.matches[i] = pk
            self.fields[i] = self._changed_fields(self.rows[i], known.by_pk[pk])

    def _duplicate(self, i: int, existing_name: str, found: similarity.Match) -> int | None:
        """Record a probable duplicate and follow the person's choice: the existing stakeholder's
        id to merge into, or None to create or skip."""
        item = self.rows[i]
        existing_pk = self.k.by_name[existing_name]
        choice = self.choices.get(item[0], SKIP)
        self.duplicates.append(
            {
                "sheet": self.labels["stakeholders"],
                "row": item[0],
                "name": item[S["name"]],
                "existing_id": existing_pk,
                "existing_name": existing_name,
                "score": found.score,
                "reason": found.reason,
                "choice": choice,
            }
        )
        if choice == SKIP:
            self.actions[i] = SKIP
            return None
        if choice == MERGE:
            # Merging keeps the name Accord knows; the file's spelling was the variant.
            self.rows[i] = [*item]
            self.rows[i][S["name"]] = existing_name
            return existing_pk
        return None

    def _new_fields(self, item: list[Any]) -> dict[str, Any]:
        ident = item[S["id"]]
        out: dict[str, Any] = {"name": item[S["name"]], "external_id": "" if ident.isdigit() else ident}
        for col in self.applied:
            if item[S[col]] not in ("", None) or col not in KEEP_WHEN_BLANK:
                out[FIELD_OF[col]] = item[S[col]]
        out["target_ask"] = rules.target_ask(is_target=bool(out.get("is_target")), ask=out.get("target_ask", ""))
        return out

    def _changed_fields(self, item: list[Any], current: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for col in self.applied:
            value = item[S[col]]
            if col in KEEP_WHEN_BLANK and not value:
                continue
            if current[FIELD_OF[col]] != value:
                out[FIELD_OF[col]] = value
        is_target = out.get("is_target", current["is_target"])
        ask = rules.target_ask(is_target=is_target, ask=out.get("target_ask", current["target_ask"]))
        out.pop("target_ask", None)
        if ask != current["target_ask"]:
            out["target_ask"] = ask
        ident = item[S["id"]]
        if ident and not ident.isdigit() and not current["external_id"]:
            out["external_id"] = ident  # kept so the next import of the same file matches by id
        return out

    # --- belongs to ---------------------------------------------------------------------------

    def ref(self, i: int) -> Ref:
        pk = self.matches[i]
        return ("pk", pk) if pk is not None else ("row", i)

    def index_rows(self) -> None:
        """Each id and name of the file (names as matched), for belongs_to and ties to point at."""
        self.row_of: dict[str, int] = {}
        for i, item in enumerate(self.rows):
            if item[S["id"]]:
                self.row_of.setdefault(item[S["id"]], i)
        for i, item in enumerate(self.rows):
            self.row_of.setdefault(item[S["name"]], i)

    def resolve(self, ref: str) -> Ref | None:
        """Where an id or name of the file points: a row of the file first, then the register."""
        row = self.row_of.get(ref)
        if row is not None:
            return ("skip", row) if self.actions[row] == SKIP else self.ref(row)
        pk = self.k.find(ref)
        if pk is None:
            pk = self.k.by_name.get(ref)
        return ("pk", pk) if pk is not None else None

    def belongs_to(self) -> None:
        if "belongs_to" not in self.cols:
            return
        for i, item in enumerate(self.rows):
            if self.actions[i] in (SKIP, BAD):
                continue
            wanted = item[S["belongs_to"]]
            target: Ref | None = None
            if wanted:
                target = self.resolve(wanted)
                if target is None:
                    self.missing(
                        "stakeholders",
                        item[0],
                        "belongs_to",
                        wanted,
                        Sentence(gettext_noop("no stakeholder with the id or name “%(v)s”"), {"v": wanted[:60]}),
                    )
                    continue
                if target[0] == "skip":  # it belongs to a row skipped as a duplicate: left as it is
                    continue
            pk = self.matches[i]
            current = self.k.by_pk[pk]["organisation_id"] if pk is not None else None
            if pk is None or target != (("pk", current) if current is not None else None):
                self.fields[i]["organisation"] = target

    # --- the landscape's rules, over the register as the file would leave it --------------------

    def apply_rules(self) -> None:
        for i, item in enumerate(self.rows):
            if self.actions[i] in (SKIP, BAD):
                continue
            problems = rules.stakeholder_value_problems(self.fields[i])
            for name, message in problems.items():
                self.err("stakeholders", item[0], COLUMN_OF.get(name, name), message)
        self._names()
        if "belongs_to" in self.cols or "individual" in self.cols:
            self._belongs_to_graph()

    def _names(self) -> None:
        """One stakeholder per name whatever the letter case, counting the names the file gives
        and those it takes away (a file may swap two names)."""
        holder: dict[str, Hashable] = dict(self.k.by_name_key.items())
        renamed = [i for i, f in enumerate(self.fields) if "name" in f and self.actions[i] not in (SKIP, BAD)]
        for i in renamed:
            pk = self.matches[i]
            if pk is not None and holder.get(rules.name_key(self.k.by_pk[pk]["name"])) == pk:
                del holder[rules.name_key(self.k.by_pk[pk]["name"])]
        for i in renamed:
            key = rules.name_key(self.fields[i]["name"])
            other = holder.get(key)
            me = self.matches[i] if self.matches[i] is not None else ("row", i)
            if other is not None and other != me:
                taken = self.k.by_pk[other]["name"] if isinstance(other, int) else self.fields[i]["name"]
                self.err("stakeholders", self.rows[i][0], "name", rules.name_taken(taken))
            else:
                holder[key] = me

    def _belongs_to_graph(self) -> None:
        entries: dict[Ref, rules.Entry] = {
            ("pk", pk): rules.Entry(
                r["name"], r["is_individual"], ("pk", r["organisation_id"]) if r["organisation_id"] else None
            )
            for pk, r in self.k.by_pk.items()
        }
        changed: dict[Ref, set[str]] = {}
        row_of: dict[Ref, int] = {}
        for i, fields in enumerate(self.fields):
            if self.actions[i] in (SKIP, BAD):
                continue
            key = self.ref(i)
            before = entries.get(key)
            entry = rules.Entry(
                fields.get("name", before.name if before else ""),
                fields.get("is_individual", before.is_individual if before else False),
                fields.get("organisation", before.organisation if before else None),
            )
            entries[key] = entry
            row_of[key] = self.rows[i][0]
            changed[key] = (
                {"organisation", "is_individual"}
                if before is None
                else {f for f in ("organisation", "is_individual") if f in fields}
            )
        for key, problems in rules.belongs_to_problems(entries, changed).items():
            for name, message in problems.items():
                self.err("stakeholders", row_of[key], COLUMN_OF.get(name, name), message)

    # --- assessments ----------------------------------------------------------------------------

    def assessments(self) -> None:
        for i, item in enumerate(self.rows):
            if self.actions[i] in (SKIP, BAD) or item[S["influence"]] is None:
                continue
            for name, message in rules.assessment_problems(**assessment_values(item, today=self.today)).items():
                self.err("stakeholders", item[0], name, message)
            triple = (item[S["position"]], item[S["influence"]], item[S["interest"]])
            pk = self.matches[i]
            current = self.k.assessments.get(pk) if pk is not None else None
            self.assess[i] = current is None or current[:3] != triple

    # --- ties -----------------------------------------------------------------------------------

    def ties(self, tie_rows: list[list[Any]]) -> list[tuple[str, Any, Any, int | None]]:
        out: list[tuple[str, Any, Any, int | None]] = []
        self.tie_numbers = [tie[0] for tie in tie_rows]
        seen: dict[tuple[Any, Any, str], int] = {}
        for tie in tie_rows:
            row = tie[0]
            ends = []
            for col in ("from", "to"):
                ref = self.resolve(tie[T[col]])
                at = self.row_of.get(tie[T[col]])
                if ref is not None and at is not None and ("stakeholders", self.rows[at][0]) in self.bad:
                    self.err("ties", row, col, depends_on(self.rows[at][0]))
                if ref is None:
                    self.missing(
                        "ties",
                        row,
                        col,
                        tie[T[col]],
                        Sentence(
                            gettext_noop("no stakeholder with the id or name “%(v)s” in this file or this alliance"),
                            {"v": tie[T[col]][:60]},
                        ),
                    )
                ends.append(ref)
            source, target = ends
            values = tie_values(tie)
            values["same_ends"] = values["same_ends"] or (source is not None and source == target)
            problems = rules.tie_problems(**values)
            for name, message in problems.items():
                self.err("ties", row, TIE_COLUMN_OF.get(name, name), message)
            if problems or source is None or target is None:
                out.append((BAD, None, None, None))
                continue
            if source[0] == "skip" or target[0] == "skip":
                out.append((SKIP, source, target, None))
                continue
            key = (source, target, tie[T["kind"]])
            if key in seen:  # the same pair named twice, once by id and once by name
                self.err(
                    "ties", row, "to", Sentence(gettext_noop("the same tie is on row %(row)s"), {"row": seen[key]})
                )
                out.append((BAD, None, None, None))
                continue
            seen[key] = row
            existing = None
            if source[0] == "pk" and target[0] == "pk":
                existing = self.k.ties.get((source[1], target[1], tie[T["kind"]]))
            if existing is None:
                out.append((NEW, source, target, None))
            elif (existing[1], existing[2]) != (tie[T["strength"]], tie[T["note"]]):
                out.append((UPDATE, source, target, existing[0]))
            else:
                out.append((UNCHANGED, source, target, existing[0]))
        return out

    # --- the outcome ----------------------------------------------------------------------------

    def result(self, ties: list[tuple[str, Any, Any, int | None]]) -> Plan:
        changed: list[list[str]] = [[] for _ in self.rows]
        for i, item in enumerate(self.rows):
            if (item and ("stakeholders", item[0]) in self.bad) or self.actions[i] == BAD:
                self.actions[i] = BAD  # a row with a problem is neither new, updated nor unchanged
                continue
            if self.actions[i] == SKIP or self.matches[i] is None:
                continue
            changed[i] = [COLUMN_OF[f] for f in self.fields[i]]
            self.actions[i] = UPDATE if self.fields[i] or self.assess[i] else UNCHANGED
        ties = [
            (BAD, None, None, None) if ("ties", tie_row) in self.bad else t
            for t, tie_row in zip(ties, self.tie_numbers, strict=True)
        ]
        counts = {
            "new": self.actions.count(NEW),
            "updated": self.actions.count(UPDATE),
            "unchanged": self.actions.count(UNCHANGED),
            "skipped": self.actions.count(SKIP),
            "duplicates": len(self.duplicates),
            "ties_new": sum(1 for t in ties if t[0] == NEW),
            "ties_updated": sum(1 for t in ties if t[0] == UPDATE),
            "ties_unchanged": sum(1 for t in ties if t[0] == UNCHANGED),
            "ties_skipped": sum(1 for t in ties if t[0] == SKIP),
            "assessments": sum(1 for i, a in enumerate(self.assess) if a and self.actions[i] in (NEW, UPDATE)),
        }
        return Plan(
            self.actions,
            self.matches,
            self.fields,
            changed,
            self.assess,
            ties,
            self.duplicates,
            self.errors,
            counts,
            diff=[self._diff(i) if a == UPDATE else {} for i, a in enumerate(self.actions)],
            untyped=self.untyped,
        )

    def name_of(self, ref: Ref | None) -> str:
        if ref is None:
            return ""
        if ref[0] == "pk":
            return str(self.k.by_pk[ref[1]]["name"])
        return str(self.fields[ref[1]].get("name") or self.rows[ref[1]][S["name"]])

    def _diff(self, i: int) -> dict[str, list[Any]]:
        """What row i changes, as [old, new] per model field ("organisation" by name;
        "assessment" as [position, influence, interest]), for the preview."""
        pk = self.matches[i]
        assert pk is not None
        current = self.k.by_pk[pk]
        out: dict[str, list[Any]] = {}
        for name, new in self.fields[i].items():
            if name == "organisation":
                org = current["organisation_id"]
                out[name] = [self.name_of(("pk", org)) if org is not None else "", self.name_of(new)]
            else:
                out[name] = [current.get(name), new]
        if self.assess[i]:
            previous = self.k.assessments.get(pk)
            item = self.rows[i]
            out["assessment"] = [
                list(previous[:3]) if previous is not None else None,
                [item[S["position"]], item[S["influence"]], item[S["interest"]]],
            ]
        return out
