"""Reading a GraphML file into records, like `reading` does for spreadsheets, as the tools people
use write it:

- Accord's own export and most tools: data keys named after the columns (`attr.name`);
- networkx (`write_graphml`): the node ids are the names, there may be no name or label key at
  all, and an edge may carry a numeric `weight`;
- igraph (`write_graphml`): nodes numbered n0, n1, … with the name in a `name` key;
- yEd: the name is the text of the node's `y:NodeLabel`, inside a key whose `yfiles.type` is
  `nodegraphics`; an edge's `y:EdgeLabel` is read as its kind of tie.

A node's name is its name (or label) key, else its yEd label, else its id. Ids numbered n0, n1, …
in order are only positions in the file, so they are not kept as the stakeholder's id (the next
file would number different nodes the same way). Numeric weights become strengths
(`values.strength_scale`, which says how); keys Accord does not use are listed.

The XML is parsed with defusedxml, which refuses entity expansion and external references.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_noop

from accord.landscape.importing.columns import ImportFileError
from accord.landscape.importing.reading import Source, _columns
from accord.landscape.importing.values import strength_scale
from accord.lib.sentences import Sentence

_POSITIONAL = re.compile(r"n\d+")


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _label_text(data: Any, tag: str) -> str:
    """The first non-empty yEd label (NodeLabel or EdgeLabel) inside a data element."""
    for el in data.iter():
        if _local(el.tag) == tag:
            text = "".join(el.itertext()).strip()
            if text:
                return text
    return ""


def read_graphml(data: bytes) -> Source:
    from defusedxml import ElementTree as SafeET  # refuses entity expansion (XML bombs) and DTD tricks
    from defusedxml.common import DefusedXmlException

    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise ImportFileError(
            Sentence(
                gettext_noop("The XML file uses entities or external references, which Accord refuses for safety.")
            )
        ) from None
    except Exception as exc:
        raise ImportFileError(Sentence(gettext_noop("This is not valid XML (%(e)s)."), {"e": str(exc)[:120]})) from None

    if _local(root.tag) != "graphml":
        raise ImportFileError(Sentence(gettext_noop("This XML file is not GraphML.")))
    keys: dict[str, str] = {}  # key id -> attribute name
    drawings: dict[str, str] = {}  # key id -> yfiles.type (yEd's drawing data)
    defaults: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    graph = None
    for child in root:
        if _local(child.tag) == "key":
            ident = child.get("id", "")
            yfiles = child.get("yfiles.type")
            if yfiles:
                drawings[ident] = yfiles
                continue
            name = child.get("attr.name") or ident
            keys[ident] = name
            for d in child:
                if _local(d.tag) == "default" and child.get("for") in defaults:
                    defaults[child.get("for", "")][name] = (d.text or "").strip()
        elif _local(child.tag) == "graph" and graph is None:
            graph = child
    if graph is None:
        raise ImportFileError(Sentence(gettext_noop("The GraphML file has no graph.")))
    nodes = [el for el in graph if _local(el.tag) == "node"]
    edges = [el for el in graph if _local(el.tag) == "edge"]
    if not nodes:
        raise ImportFileError(Sentence(gettext_noop("The GraphML graph has no nodes.")))
    source = Source(unescape=False)

    def attrs(el: Any, kind: str) -> tuple[dict[str, Any], str]:
        """The element's data by attribute name (defaults first) and its yEd label."""
        out: dict[str, Any] = dict(defaults[kind])
        label = ""
        for d in el:
            if _local(d.tag) != "data":
                continue
            key = d.get("key", "")
            if key in drawings:
                if not label:
                    label = _label_text(d, "NodeLabel" if kind == "node" else "EdgeLabel")
                continue
            out[keys.get(key, key)] = (d.text or "").strip()
        return out, label

    node_data = [attrs(n, "node") for n in nodes]
    edge_data = [attrs(e, "edge") for e in edges]
    ids = [n.get("id", "") for n in nodes]
    positional = all(_POSITIONAL.fullmatch(i) for i in ids)

    n_head = list(dict.fromkeys(k for a, _label in node_data for k in a))
    n_cols = dict(
        zip(n_head, _columns(n_head, "stakeholders", source, label=Sentence(gettext_noop("Nodes"))), strict=True)
    )
    named = "name" in n_cols.values()
    labelled = any(label for _a, label in node_data)
    if not named and not labelled:
        source.notices.append(
            Sentence(gettext_noop("The nodes have no name or label: each node's id is read as its name."))
        )
    elif not named:
        source.notices.append(Sentence(gettext_noop("The nodes' names are read from their yEd labels.")))
    source.present["stakeholders"] |= {"name"} | (set() if positional else {"id"})

    e_head = list(dict.fromkeys(k for a, _label in edge_data for k in a))
    e_cols = dict(zip(e_head, _columns(e_head, "ties", source, label=Sentence(gettext_noop("Edges"))), strict=True))
    source.present["ties"] |= {"from", "to"}
    strength_keys = [k for k, c in e_cols.items() if c == "strength"]
    scale, said = strength_scale([a.get(k) for a, _label in edge_data for k in strength_keys])
    if said is not None:
        source.notices.append(said)
    kind_from_label = "kind" not in e_cols.values() and any(label for _a, label in edge_data)

    names: dict[str, str] = {}
    node_values: list[dict[str, Any]] = []
    for node_id, (a, label) in zip(ids, node_data, strict=True):
        values = {str(n_cols[k]): v for k, v in a.items() if n_cols.get(k)}
        if not str(values.get("name") or "").strip():
            values["name"] = label or node_id
        if not positional:
            values["id"] = node_id
        names[node_id] = str(values["name"])
        node_values.append(values)

    def end(node_id: str) -> str:
        # Positional ids are not kept, so an edge names its ends by the nodes' names.
        return names.get(node_id, node_id) if positional else node_id

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        for i, values in enumerate(node_values, start=1):
            yield "stakeholders", i, values
        for i, (edge, (a, label)) in enumerate(zip(edges, edge_data, strict=True), start=1):
            values = {str(e_cols[k]): v for k, v in a.items() if e_cols.get(k)}
            if "strength" in values:
                values["strength"] = scale(values["strength"])
            if kind_from_label and label:
                values["kind"] = label
            values["from"], values["to"] = end(edge.get("source", "")), end(edge.get("target", ""))
            yield "ties", i, values

    source.records = records()
    return source
