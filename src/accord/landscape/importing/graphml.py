"""Reading a GraphML file into records, like `reading` does for spreadsheets. The XML is parsed
with defusedxml, which refuses entity expansion and external references."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from accord.landscape.importing.columns import ImportFileError
from accord.landscape.importing.reading import Source, _columns


def read_graphml(data: bytes) -> Source:
    from defusedxml import ElementTree as SafeET  # refuses entity expansion (XML bombs) and DTD tricks
    from defusedxml.common import DefusedXmlException

    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise ImportFileError(
            _("The XML file uses entities or external references, which Accord refuses for safety.")
        ) from None
    except Exception as exc:
        raise ImportFileError(_("This is not valid XML (%(e)s).") % {"e": str(exc)[:120]}) from None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    if local(root.tag) != "graphml":
        raise ImportFileError(_("This XML file is not GraphML."))
    keys: dict[str, str] = {}
    graph = None
    for child in root:
        if local(child.tag) == "key":
            keys[child.get("id", "")] = child.get("attr.name") or child.get("id", "")
        elif local(child.tag) == "graph" and graph is None:
            graph = child
    if graph is None:
        raise ImportFileError(_("The GraphML file has no graph."))
    nodes = [el for el in graph if local(el.tag) == "node"]
    edges = [el for el in graph if local(el.tag) == "edge"]
    if not nodes:
        raise ImportFileError(_("The GraphML graph has no nodes."))
    source = Source(unescape=False)

    def attrs(el: Any) -> dict[str, Any]:
        return {keys.get(d.get("key", ""), d.get("key", "")): (d.text or "") for d in el if local(d.tag) == "data"}

    node_attrs = [attrs(n) for n in nodes]
    edge_attrs = [attrs(e) for e in edges]
    n_head = list(dict.fromkeys(k for a in node_attrs for k in a))
    n_cols = dict(zip(n_head, _columns(n_head, "stakeholders", source, label=_("Nodes")), strict=True))
    source.present["stakeholders"] |= {"id"}
    if "name" not in source.present["stakeholders"]:
        raise ImportFileError(_("The GraphML nodes have no “name” (or “label”) data key."))
    e_head = list(dict.fromkeys(k for a in edge_attrs for k in a))
    e_cols = dict(zip(e_head, _columns(e_head, "ties", source, label=_("Edges")), strict=True))
    source.present["ties"] |= {"from", "to"}

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        for i, (node, a) in enumerate(zip(nodes, node_attrs, strict=True), start=1):
            values = {n_cols[k]: v for k, v in a.items() if n_cols.get(k)}
            values["id"] = node.get("id", "")
            yield "stakeholders", i, values  # type: ignore[misc]
        for i, (edge, a) in enumerate(zip(edges, edge_attrs, strict=True), start=1):
            values = {e_cols[k]: v for k, v in a.items() if e_cols.get(k)}
            values["from"], values["to"] = edge.get("source", ""), edge.get("target", "")
            yield "ties", i, values  # type: ignore[misc]

    source.records = records()
    return source
