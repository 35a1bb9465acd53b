"""Reading a Kumu map exported as JSON (`{"elements": [...], "connections": [...]}`) into records,
like `reading` does for spreadsheets. Kumu's own minimal blueprint (elements with a label,
connections from one label to another) is enough; element and connection types are Kumu's words
("Organization", "Person", "influence"), read through the value mapping (`mapping`), and numeric
strengths are cut into Accord's three (`values.strength_scale`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_noop

from accord.landscape.importing.columns import ImportFileError
from accord.landscape.importing.reading import Source, _columns, _decode_text, _require
from accord.landscape.importing.values import strength_scale
from accord.lib.sentences import Sentence

# Kumu attributes that are objects are kept as JSON text, cut a little beyond what a cell holds.
LONG_TEXT = 10_000


def _flat(item: Any, kind: str, index: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ImportFileError(Sentence(gettext_noop("%(kind)s %(n)s is not an object."), {"kind": kind, "n": index}))
    attrs = item.get("attributes")
    flat = {**attrs, **{k: v for k, v in item.items() if k != "attributes"}} if isinstance(attrs, dict) else dict(item)
    return flat


def read_kumu(data: bytes) -> Source:
    try:
        doc = json.loads(_decode_text(data))
    except ImportFileError:
        raise
    except (ValueError, RecursionError) as exc:
        raise ImportFileError(
            Sentence(gettext_noop("This is not valid JSON (%(e)s)."), {"e": str(exc)[:120]})
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        raise ImportFileError(
            Sentence(
                gettext_noop("This JSON is not a Kumu map: it needs an “elements” list (and may have “connections”).")
            )
        )
    connections = doc.get("connections") or []
    if not isinstance(connections, list):
        raise ImportFileError(Sentence(gettext_noop("In this Kumu map, “connections” is not a list.")))
    if not doc["elements"]:
        raise ImportFileError(Sentence(gettext_noop("The Kumu map has no elements.")))
    source = Source(unescape=False)
    elements = [_flat(e, Sentence(gettext_noop("Element")), i + 1) for i, e in enumerate(doc["elements"])]
    conns = [_flat(c, Sentence(gettext_noop("Connection")), i + 1) for i, c in enumerate(connections)]

    def header_of(items: list[dict[str, Any]]) -> list[str]:
        seen: dict[str, None] = {}
        for it in items:
            for k in it:
                seen.setdefault(str(k), None)
        return list(seen)

    e_head = header_of(elements)
    e_cols = dict(
        zip(e_head, _columns(e_head, "stakeholders", source, label=Sentence(gettext_noop("Elements"))), strict=True)
    )
    _require(source, "stakeholders", Sentence(gettext_noop("Elements")))
    c_head = header_of(conns)
    c_cols = dict(
        zip(c_head, _columns(c_head, "ties", source, label=Sentence(gettext_noop("Connections"))), strict=True)
    )
    if conns:
        _require(source, "ties", Sentence(gettext_noop("Connections")))

    def value(v: Any) -> Any:
        if isinstance(v, list):  # Kumu tags
            return ", ".join(str(x) for x in v)
        if isinstance(v, dict):
            return json.dumps(v)[: LONG_TEXT + 1]
        return v

    strength_keys = [k for k, c in c_cols.items() if c == "strength"]
    scale, said = strength_scale([c.get(k) for c in conns for k in strength_keys])
    if said is not None:
        source.notices.append(said)

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        for i, e in enumerate(elements, start=1):
            yield "stakeholders", i, {e_cols[k]: value(v) for k, v in e.items() if e_cols.get(k)}  # type: ignore[misc]
        for i, c in enumerate(conns, start=1):
            values = {c_cols[k]: value(v) for k, v in c.items() if c_cols.get(k)}
            if "strength" in values:
                values["strength"] = scale(values["strength"])
            yield "ties", i, values  # type: ignore[misc]

    source.records = records()
    return source
