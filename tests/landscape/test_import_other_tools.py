"""Files as other tools write them: GraphML from networkx, igraph and yEd, Kumu's blueprints and
spreadsheets. Names come from the node ids when there is nothing else, yEd's labels are read,
numeric weights become strengths (and the dry run says how), unused attributes are listed, and
values that are not Accord's ("Organization", "Person", "influence") are mapped once per value,
applied to every row and remembered for the alliance's next import."""

from __future__ import annotations

import io
import json

import networkx as nx
import openpyxl
from django.urls import reverse

from accord.landscape.importing import commit, jobs
from accord.landscape.models import ImportJob, ImportValueMapping, Stakeholder, StakeholderType, Tie
from accord.lib.sentences import tell
from tests.conftest import World


def dry_run(world: World, data: bytes, filename: str, alliance: object = None, user: object = None) -> ImportJob:
    return jobs.import_job_create(
        alliance=alliance or world.a,  # type: ignore[arg-type]
        user=user or world.alice,
        upload=io.BytesIO(data),
        filename=filename,
    )


def notices(job: ImportJob) -> str:
    return " ".join(tell(n) for n in job.preview["notices"])


def values(job: ImportJob) -> dict[tuple[str, str], tuple[str, str, int]]:
    return {(v["column"], v["key"]): (v["value"], v["source"], len(v["rows"])) for v in job.preview["values"]}


# --- GraphML --------------------------------------------------------------------------------------


def networkx_file() -> bytes:
    g = nx.DiGraph()
    g.add_node("Ministry of Health", color="red")
    g.add_node("Farmers Union of Georgia", color="green")
    g.add_node("Rural Radio", color="blue")
    g.add_edge("Farmers Union of Georgia", "Ministry of Health", weight=0.5)
    g.add_edge("Rural Radio", "Ministry of Health", weight=2.5)
    g.add_edge("Rural Radio", "Farmers Union of Georgia", weight=7.0)
    out = io.BytesIO()
    nx.write_graphml(g, out)
    return out.getvalue()


def test_a_networkx_graphml_uses_the_node_ids_as_names_and_maps_weights_onto_strength(world: World) -> None:
    data = networkx_file()
    assert b'attr.name="name"' not in data and b'attr.name="label"' not in data  # no name key at all
    job = dry_run(world, data, "network.graphml")
    assert job.status == ImportJob.Status.PREVIEWED and job.errors == []
    said = notices(job)
    assert "id is read as its name" in said
    assert "from 0.5 to 7" in said and "weak (1)" in said and "strong (3)" in said
    assert "color" in said  # the attribute Accord does not use is reported
    # Nodes without a type are listed once, with a guess, rather than refused one by one.
    assert values(job)[("type", "")] == ("local_ngo", "guess", 3)
    commit.import_job_commit(job=job, user=world.alice)
    names = set(Stakeholder.objects.filter(alliance=world.a).values_list("name", flat=True))
    assert {"Ministry of Health", "Farmers Union of Georgia", "Rural Radio"} <= names
    strengths = {
        (t.source.name, t.target.name): t.strength
        for t in Tie.objects.filter(alliance=world.a).select_related("source", "target")
    }
    assert strengths == {
        ("Farmers Union of Georgia", "Ministry of Health"): 1,
        ("Rural Radio", "Ministry of Health"): 1,  # 2.5 is under the first third (0.5 + 6.5/3)
        ("Rural Radio", "Farmers Union of Georgia"): 3,
    }


# What igraph's write_graphml produces (igraph's documented GraphML writer: nodes numbered n0, n1,
# …, the vertex attribute "name" under the key v_name, edge attributes prefixed e_).
IGRAPH = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
<!-- Created by igraph -->
  <key id="g_name" for="graph" attr.name="name" attr.type="string"/>
  <key id="v_name" for="node" attr.name="name" attr.type="string"/>
  <key id="v_group" for="node" attr.name="group" attr.type="string"/>
  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="G" edgedefault="directed">
    <data key="g_name">Seed policy network</data>
    <node id="n0">
      <data key="v_name">Ministry of Agriculture</data>
      <data key="v_group">A</data>
    </node>
    <node id="n1">
      <data key="v_name">Seed Savers Network</data>
      <data key="v_group">B</data>
    </node>
    <node id="n2">
      <data key="v_name">Agro Traders</data>
      <data key="v_group">B</data>
    </node>
    <edge source="n1" target="n0">
      <data key="e_weight">2</data>
    </edge>
    <edge source="n2" target="n0">
      <data key="e_weight">3</data>
    </edge>
  </graph>
</graphml>
"""


def test_an_igraph_graphml_reads_names_and_keeps_no_positional_ids(world: World) -> None:
    job = dry_run(world, IGRAPH, "igraph.graphml")
    assert job.errors == []
    assert "group" in notices(job)  # ignored attribute, said
    commit.import_job_commit(job=job, user=world.alice)
    ministry = Stakeholder.objects.get(alliance=world.a, name="Ministry of Agriculture")
    assert ministry.external_id == ""  # n0 is a position in that file, not an id to match later
    ties = {(t.source.name, t.strength) for t in Tie.objects.filter(alliance=world.a, target=ministry)}
    assert ties == {("Seed Savers Network", 2), ("Agro Traders", 3)}  # 1-3 weights are kept as they are


# yEd's GraphML: the name is in y:NodeLabel, under a key with yfiles.type="nodegraphics"
# (as in yEd's documentation of its GraphML); an edge label says the kind of tie.
YED = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:java="http://www.yworks.com/xml/yfiles-common/1.0/java"
 xmlns:sys="http://www.yworks.com/xml/yfiles-common/markup/primitives/2.0" xmlns:x="http://www.yworks.com/xml/yfiles-common/markup/2.0"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:y="http://www.yworks.com/xml/graphml"
 xmlns:yed="http://www.yworks.com/xml/yed/3"
 xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">
  <!--Created by yEd 3.23-->
  <key attr.name="Description" attr.type="string" for="graph" id="d0"/>
  <key for="port" id="d1" yfiles.type="portgraphics"/>
  <key attr.name="url" attr.type="string" for="node" id="d4"/>
  <key attr.name="description" attr.type="string" for="node" id="d5"/>
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="graphml" id="d7" yfiles.type="resources"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0">
      <data key="d5">Leads the seed law</data>
      <data key="d6">
        <y:ShapeNode>
          <y:Geometry height="30.0" width="109.0" x="545.0" y="324.0"/>
          <y:Fill color="#FFCC00" transparent="false"/>
          <y:BorderStyle color="#000000" type="line" width="1.0"/>
          <y:NodeLabel alignment="center" autoSizePolicy="content" fontFamily="Dialog" fontSize="13"
            modelName="internal" modelPosition="c" textColor="#000000" visible="true">Ministerio de Agricultura</y:NodeLabel>
          <y:Shape type="rectangle"/>
        </y:ShapeNode>
      </data>
    </node>
    <node id="n1">
      <data key="d6">
        <y:ShapeNode>
          <y:Geometry height="30.0" width="109.0" x="245.0" y="124.0"/>
          <y:NodeLabel>Fondation Semences Paysannes</y:NodeLabel>
          <y:Shape type="ellipse"/>
        </y:ShapeNode>
      </data>
    </node>
    <edge id="e0" source="n1" target="n0">
      <data key="d10">
        <y:PolyLineEdge>
          <y:LineStyle color="#000000" type="line" width="1.0"/>
          <y:Arrows source="none" target="standard"/>
          <y:EdgeLabel>funds</y:EdgeLabel>
        </y:PolyLineEdge>
      </data>
    </edge>
  </graph>
  <data key="d7"><y:Resources/></data>
</graphml>
"""


def test_a_yed_graphml_reads_the_names_from_the_node_labels(world: World) -> None:
    job = dry_run(world, YED, "drawn-in-yed.graphml")
    assert job.errors == [], job.errors
    assert "yEd labels" in notices(job)
    commit.import_job_commit(job=job, user=world.alice)
    ministry = Stakeholder.objects.get(alliance=world.a, name="Ministerio de Agricultura")
    assert ministry.notes == "Leads the seed law"
    tie = Tie.objects.get(alliance=world.a, target=ministry)
    assert tie.source.name == "Fondation Semences Paysannes" and tie.kind == Tie.Kind.FUNDS


# --- Kumu -----------------------------------------------------------------------------------------

# Kumu's documented minimal blueprint (docs.kumu.io, "JSON / Blueprints").
KUMU_MINIMAL = {"elements": [{"label": "A"}, {"label": "B"}], "connections": [{"from": "A", "to": "B"}]}

KUMU_MAP = {
    "elements": [
        {"label": "Ministry of Health", "type": "Organization"},
        {"label": "Women Farmers Union", "type": "Organization"},
        {"label": "Nana Lomidze", "type": "Person", "description": "Adviser to the minister"},
    ],
    "connections": [
        {"from": "Nana Lomidze", "to": "Ministry of Health", "type": "influence"},
        {"from": "Women Farmers Union", "to": "Ministry of Health", "type": "influence"},
    ],
}


def test_kumus_minimal_blueprint_is_imported(world: World) -> None:
    job = dry_run(world, json.dumps(KUMU_MINIMAL).encode(), "blueprint.json")
    assert job.errors == []
    assert values(job) == {("type", ""): ("local_ngo", "guess", 2)}
    commit.import_job_commit(job=job, user=world.alice)
    a = Stakeholder.objects.get(alliance=world.a, name="A")
    assert Tie.objects.filter(alliance=world.a, source=a, target__name="B", kind=Tie.Kind.INFLUENCES).exists()


def test_kumu_values_are_listed_once_mapped_on_every_row_and_remembered(world: World) -> None:
    job = dry_run(world, json.dumps(KUMU_MAP).encode(), "kumu.json")
    assert job.errors == []  # nothing refused row by row
    assert values(job) == {
        ("type", "organization"): ("local_ngo", "guess", 2),
        ("type", "person"): ("expert", "guess", 1),
        ("kind", "influence"): ("influences", "guess", 2),
    }
    client = world.client_for(world.alice)
    page = client.get(reverse("landscape:import_job", args=[world.a.slug, job.pk])).content.decode()
    assert "Values Accord does not use" in page and "“Organization”" in page
    order = [(v["column"], v["key"]) for v in job.preview["values"]]
    # The person reads "Organization" as a member-based organisation instead, and commits.
    posted = {f"val-{n}": v["value"] for n, v in enumerate(job.preview["values"])}
    posted[f"val-{order.index(('type', 'organization'))}"] = "member_based"
    response = client.post(reverse("landscape:import_job_commit", args=[world.a.slug, job.pk]), posted)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED
    kinds = dict(
        Stakeholder.objects.filter(alliance=world.a, name__in=[e["label"] for e in KUMU_MAP["elements"]]).values_list(
            "name", "kind"
        )
    )
    assert kinds == {
        "Ministry of Health": StakeholderType.MEMBER_BASED,
        "Women Farmers Union": StakeholderType.MEMBER_BASED,
        "Nana Lomidze": StakeholderType.EXPERT,
    }
    assert Tie.objects.filter(alliance=world.a, kind=Tie.Kind.INFLUENCES).count() == 2
    remembered = set(ImportValueMapping.objects.filter(alliance=world.a).values_list("column", "value_key", "value"))
    assert ("type", "organization", "member_based") in remembered

    # The next import of a Kumu file offers the choice made last time, for this alliance only.
    again = {"elements": [{"label": "Ministry of Finance", "type": "Organization"}]}
    next_job = dry_run(world, json.dumps(again).encode(), "kumu2.json")
    assert values(next_job) == {("type", "organization"): ("member_based", "remembered", 1)}
    elsewhere = dry_run(world, json.dumps(again).encode(), "kumu2.json", alliance=world.b, user=world.lear)
    assert values(elsewhere) == {("type", "organization"): ("local_ngo", "guess", 1)}


def test_choosing_a_value_rewrites_every_row_and_checks_again(world: World) -> None:
    job = dry_run(world, json.dumps(KUMU_MAP).encode(), "kumu.json")
    order = [(v["column"], v["key"]) for v in job.preview["values"]]
    client = world.client_for(world.alice)
    posted = {
        f"val-{order.index(('kind', 'influence'))}": "allied_with",
        f"val-{order.index(('type', 'person'))}": "nonsense",
    }
    response = client.post(reverse("landscape:import_job_values", args=[world.a.slug, job.pk]), posted)
    assert response.status_code == 302
    job.refresh_from_db()
    assert {t[3] for t in job.preview["ties"]} == {"allied_with"}
    assert values(job)[("type", "person")][0] == "expert"  # a value not on the list is ignored
    assert job.status == ImportJob.Status.PREVIEWED and not Tie.objects.filter(alliance=world.a).exists()


def test_kumu_spreadsheets_as_kumu_documents_them(world: World) -> None:
    # Elements with Label, Type, Description, Tags; connections with From, To, Type, Strength.
    wb = openpyxl.Workbook()
    elements = wb.active
    elements.title = "Elements"
    elements.append(["Label", "Type", "Description", "Tags"])
    elements.append(["Jeff Mohr", "Person", "Co-founder", "Founder|Runner"])
    elements.append(["Kumu", "Company", "A platform for mapping relationships", "Mapping|Technology"])
    connections = wb.create_sheet("Connections")
    connections.append(["From", "To", "Type", "Strength"])
    connections.append(["Jeff Mohr", "Kumu", "Contractor", "Strong"])
    out = io.BytesIO()
    wb.save(out)
    job = dry_run(world, out.getvalue(), "kumu.xlsx")
    assert job.errors == [], job.errors
    assert values(job) == {
        ("type", "person"): ("expert", "guess", 1),
        ("type", "company"): ("private", "guess", 1),
        ("kind", "contractor"): ("reports_to", "guess", 1),
        ("strength", "strong"): ("3", "guess", 1),
    }
    commit.import_job_commit(job=job, user=world.alice)
    tie = Tie.objects.get(alliance=world.a, source__name="Jeff Mohr")
    assert (tie.target.name, tie.kind, tie.strength) == ("Kumu", Tie.Kind.REPORTS_TO, 3)

    csv_elements = b"Label,Type,Description\nMaria Quispe,Person,Community leader\n"
    job = dry_run(world, csv_elements, "elements.csv")
    # "Person" was read as an individual expert at the import just committed: remembered.
    assert job.errors == [] and values(job) == {("type", "person"): ("expert", "remembered", 1)}


def test_the_api_lists_the_values_and_takes_the_choices_with_the_commit(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.api.conftest import bearer, token_for

    token = token_for(world.a, world.alice)
    client = world.client_for(None)
    base = f"/api/alliances/{world.a.slug}"
    upload = SimpleUploadedFile("kumu.json", json.dumps(KUMU_MAP).encode())
    body = client.post(f"{base}/imports", {"file": upload}, **bearer(token)).json()
    listed = {(v["column"], v["key"]): (v["raw"], v["value"], v["source"], v["count"]) for v in body["values"]}
    assert listed[("type", "person")] == ("Person", "expert", "guess", 1)
    response = client.post(
        f"{base}/imports/{body['id']}/commit",
        {"values": [{"column": "type", "key": "organization", "value": "un_agency"}]},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 200 and response.json()["status"] == "committed"
    assert Stakeholder.objects.get(alliance=world.a, name="Ministry of Health").kind == StakeholderType.UN_AGENCY
    assert (
        ImportValueMapping.objects.get(alliance=world.a, column="type", value_key="organization").value == "un_agency"
    )
