"""Exports: formats, formula safety, the log, and who may export or import."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.landscape.models import ExportLog, ImportJob
from tests.api.conftest import bearer, token_for
from tests.conftest import World
from tests.landscape.conftest import Landscape


def post_export(world: World, user: object, fmt: str) -> object:
    return world.client_for(user).post(reverse("landscape:export", args=[world.a.slug]), {"format": fmt})  # type: ignore[arg-type]


def test_exports_escape_formulas_in_csv_and_xlsx(landscape: Landscape) -> None:
    world = landscape.world
    landscape.donor.notes = "=cmd|' /C calc'!A0"
    landscape.donor.phone = "+995 32 200 00 00"
    landscape.donor.save(update_fields=["notes", "phone"])
    csv = post_export(world, world.alice, "csv").content  # type: ignore[attr-defined]
    assert csv.startswith(b"\xef\xbb\xbf")
    text = csv.decode("utf-8-sig")
    assert "'=cmd|" in text and "'+995 32" in text
    assert ",=cmd" not in text
    xlsx = post_export(world, world.alice, "xlsx").content  # type: ignore[attr-defined]
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))["stakeholders"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_kumu_and_graphml_exports_have_the_documented_shape(landscape: Landscape) -> None:
    world = landscape.world
    kumu = json.loads(post_export(world, world.alice, "kumu").content)  # type: ignore[attr-defined]
    labels = {e["label"]: e for e in kumu["elements"]}
    assert labels["Nino Beridze"]["type"] == "national_government"
    assert labels["Nino Beridze"]["position"] == 1 and labels["Nino Beridze"]["influence"] == 4
    assert {"from": "Nino Beridze", "to": "Ministry of Seeds", "type": "reports_to"}.items() <= kumu["connections"][
        0
    ].items()
    graphml = ElementTree.fromstring(post_export(world, world.alice, "graphml").content)  # type: ignore[attr-defined]
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert graphml.find("g:graph", ns).get("edgedefault") == "directed"  # type: ignore[union-attr]
    assert len(graphml.findall("g:graph/g:node", ns)) == world.a.stakeholders.count()  # type: ignore[attr-defined]
    assert len(graphml.findall("g:graph/g:edge", ns)) == 2


def test_every_export_is_logged_and_the_log_is_on_the_page(landscape: Landscape) -> None:
    world = landscape.world
    for user, fmt in [(world.alice, "xlsx"), (world.sam, "graphml")]:
        assert post_export(world, user, fmt).status_code == 200  # type: ignore[attr-defined]
    logs = list(ExportLog.objects.filter(alliance=world.a).order_by("pk"))
    rows = world.a.stakeholders.count() + 2  # type: ignore[attr-defined]
    assert [(log.exported_by, log.format, log.rows) for log in logs] == [
        (world.alice, "xlsx", rows),
        (world.sam, "graphml", rows),
    ]
    page = world.client_for(world.alice).get(reverse("landscape:io", args=[world.a.slug])).content.decode()
    assert "Export log" in page and "graphml" in page and "Sam" in page


def test_the_io_page_pins_its_queries(landscape: Landscape, django_assert_num_queries: object) -> None:
    world = landscape.world
    for _ in range(3):
        post_export(world, world.alice, "csv")
    client = world.client_for(world.alice)
    client.get(reverse("landscape:io", args=[world.a.slug]))
    # Expect: session, user, alliance, roles, imports with their uploader, exports with who made them,
    # and the navigation's alliance list.
    with django_assert_num_queries(7):  # type: ignore[operator]
        client.get(reverse("landscape:io", args=[world.a.slug]))


@pytest.mark.parametrize("role", ["bob", "walt", "olga", "eve"])
def test_only_co_chairs_and_the_secretariat_import_or_export(world: World, role: str) -> None:
    user = getattr(world, role)
    client = world.client_for(user)
    slug = world.a.slug
    assert client.get(reverse("landscape:io", args=[slug])).status_code == 403
    assert client.post(reverse("landscape:export", args=[slug]), {"format": "csv"}).status_code == 403
    assert client.get(reverse("landscape:import_template", args=[slug])).status_code == 403
    upload = SimpleUploadedFile("x.csv", b"name,type\nX,expert\n")
    assert client.post(reverse("landscape:import_upload", args=[slug]), {"file": upload}).status_code == 403
    assert not ExportLog.objects.exists() and not ImportJob.objects.exists()


def test_the_templates_download(world: World) -> None:
    client = world.client_for(world.sam)
    url = reverse("landscape:import_template", args=[world.a.slug])
    wb = openpyxl.load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert wb.sheetnames == ["stakeholders", "ties", "lists", "instructions"]
    assert [c.value for c in wb["stakeholders"][1]][:3] == ["id", "name", "type"]
    assert wb["stakeholders"].data_validations.dataValidation  # drop-down lists for type, scope, yes/no
    assert wb["ties"].data_validations.dataValidation
    header = client.get(url + "?format=csv").content.decode("utf-8-sig").strip()
    assert header.startswith("record,id,name,type,scope") and header.endswith("from,to,kind,strength,note")


# --- API ---------------------------------------------------------------------------------------


def test_api_import_dry_run_then_commit(landscape: Landscape) -> None:
    world = landscape.world
    token = token_for(world.a, world.alice)
    client = world.client_for(None)
    base = f"/api/alliances/{world.a.slug}"
    bad = b"name,type,influence,interest\nRiver Guardians,local_ngo,8,3\n"
    response = client.post(f"{base}/imports", {"file": SimpleUploadedFile("m.csv", bad)}, **bearer(token))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "previewed"
    assert body["errors"] == [{"sheet": "", "row": 2, "column": "influence", "message": body["errors"][0]["message"]}]
    assert (
        client.post(
            f"{base}/imports/{body['id']}/commit", {}, content_type="application/json", **bearer(token)
        ).status_code
        == 409
    )
    good = b"name,type,influence,interest,position\nRiver Guardians,local_ngo,3,4,+1\nministry of seeds,national_government,,,\n"
    response = client.post(f"{base}/imports", {"file": SimpleUploadedFile("m.csv", good)}, **bearer(token))
    body = response.json()
    assert body["counts"]["new"] == 1 and body["counts"]["duplicates"] == 1
    assert body["duplicates"][0]["existing_id"] == landscape.ministry.pk
    status = client.get(f"{base}/imports/{body['id']}", **bearer(token))
    assert status.status_code == 200 and status.json()["status"] == "previewed"
    response = client.post(
        f"{base}/imports/{body['id']}/commit",
        {"choices": {"3": "skip"}},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 200 and response.json()["status"] == "committed"
    river = world.a.stakeholders.get(name="River Guardians")  # type: ignore[attr-defined]
    assert river.assessments.get().position == 1
    assert not world.a.stakeholders.filter(name="ministry of seeds").exists()  # type: ignore[attr-defined]


def test_api_import_without_a_file_or_with_junk(world: World) -> None:
    token = token_for(world.a, world.alice)
    client = world.client_for(None)
    base = f"/api/alliances/{world.a.slug}"
    response = client.post(f"{base}/imports", **bearer(token))
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "file"]
    junk = SimpleUploadedFile("m.xlsx", b"PK\x03\x04 this is not a workbook")
    response = client.post(f"{base}/imports", {"file": junk}, **bearer(token))
    assert response.status_code == 201 and response.json()["status"] == "failed"
    assert "not a readable XLSX" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("fmt", "ctype"),
    [
        ("csv", "text/csv"),
        ("xlsx", "application/vnd"),
        ("kumu", "application/json"),
        ("graphml", "application/graphml"),
    ],
)
def test_api_export_each_format_and_log_it(landscape: Landscape, fmt: str, ctype: str) -> None:
    world = landscape.world
    token = token_for(world.a, world.sam, "read")
    response = world.client_for(None).get(f"/api/alliances/{world.a.slug}/export?format={fmt}", **bearer(token))
    assert response.status_code == 200 and response["Content-Type"].startswith(ctype)
    assert ExportLog.objects.get(alliance=world.a).format == fmt


def test_api_observers_and_representatives_get_403(world: World) -> None:
    for user in (world.olga, world.bob):
        token = token_for(world.a, user)
        client = world.client_for(None)
        assert client.get(f"/api/alliances/{world.a.slug}/export", **bearer(token)).status_code == 403
        upload = SimpleUploadedFile("m.csv", b"name,type\nX,expert\n")
        assert (
            client.post(f"/api/alliances/{world.a.slug}/imports", {"file": upload}, **bearer(token)).status_code == 403
        )
    assert not ExportLog.objects.exists() and not ImportJob.objects.exists()


def test_the_export_is_stamped_with_the_alliance_s_today(landscape: Landscape) -> None:
    """Noon in UTC is already tomorrow on Kiritimati (UTC+14): the file is named after the day
    where the alliance works, not the server's."""
    import datetime as dt
    from unittest import mock

    from accord.landscape import exporters

    world = landscape.world
    world.a.timezone = "Pacific/Kiritimati"
    world.a.save(update_fields=["timezone"])
    noon = dt.datetime.now(dt.UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    with mock.patch("django.utils.timezone.now", return_value=noon):
        file = exporters.map_export(alliance=world.a, user=world.alice, fmt="csv")
    assert file.filename == f"{world.a.slug}-landscape-{(noon.date() + dt.timedelta(days=1)).isoformat()}.csv"
