"""Import and export of activities: one format both ways (CSV and XLSX), previewed first, kept
whole or not at all, bad rows named by row and column, formulas escaped."""

from __future__ import annotations

import csv
import datetime as dt
import io as stdio
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.work import io, services
from accord.work.models import Activity
from tests.conftest import World
from tests.work.work_helpers import approved, seat, valley

URL = "/a/riverside/work/activities/"


def _group(world: World, name: str = "Extension and education") -> Any:
    return services.working_group_create(alliance=world.a, name=name, by=world.alice)


def _some_activities(world: World) -> list[Activity]:
    group = _group(world)
    today = world.a.today()
    first = approved(
        world,
        title='=HYPERLINK("http://evil.example")',
        description="Line one\nline two, with a comma",
        deliverables="Brief\nNote",
        working_group=group,
        owner=valley(world),
        responsible=seat(world, world.bob),
        starts_on=today,
        due_on=today + dt.timedelta(days=30),
    )
    second = services.activity_create(alliance=world.a, by=world.alice, title="Field schools without an owner")
    return [first, second]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(stdio.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    wb = load_workbook(stdio.BytesIO(data))
    return [list(r) for r in wb["activities"].iter_rows(values_only=True)]


def _snapshot(world: World) -> list[tuple[Any, ...]]:
    return list(
        Activity.objects.filter(alliance=world.a)
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "description",
            "deliverables",
            "working_group_id",
            "owner_id",
            "responsible_id",
            "starts_on",
            "due_on",
            "status",
            "progress",
            "no_extra_resources",
        )
    )


def test_csv_and_xlsx_have_the_same_columns_and_values(world: World) -> None:
    _some_activities(world)
    rows_csv = _csv_rows(io.export_csv(world.a))
    rows_xlsx = _xlsx_rows(io.export_xlsx(world.a))
    assert rows_csv[0] == list(io.COLUMNS) == [str(c) for c in rows_xlsx[0]]
    assert len(rows_csv) == len(rows_xlsx) == 3
    for a, b in zip(rows_csv[1:], rows_xlsx[1:], strict=True):
        assert a == ["" if v is None else str(v) for v in b]
    first = dict(zip(io.COLUMNS, rows_csv[1], strict=True))
    assert first["owner"] == "Valley Women's Network"
    assert first["responsible"] == "bob@a.test"
    assert first["no_extra_resources"] == "yes"
    assert first["status"] == "approved"


def test_formula_text_is_escaped_in_both_formats(world: World) -> None:
    _some_activities(world)
    assert _csv_rows(io.export_csv(world.a))[1][0].startswith("'=HYPERLINK")
    title = _xlsx_rows(io.export_xlsx(world.a))[1][0]
    assert isinstance(title, str) and title.startswith("'=")


def test_an_export_imported_back_changes_nothing(world: World) -> None:
    _some_activities(world)
    before = _snapshot(world)
    for data, name in ((io.export_csv(world.a), "a.csv"), (io.export_xlsx(world.a), "a.xlsx")):
        outcome = io.run(alliance=world.a, by=world.alice, rows=io.read(data, name), commit=True)
        assert outcome.errors == []
        assert (outcome.created, outcome.updated, outcome.unchanged) == ([], [], 2)
        assert _snapshot(world) == before
    # The escaped formula came back as the title it was.
    assert Activity.objects.filter(title__startswith="=HYPERLINK").exists()


def _edited(world: World, change: Any) -> bytes:
    rows = _csv_rows(io.export_csv(world.a))
    change(rows)
    out = stdio.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_row_without_id_comes_in_as_proposed_and_edits_are_kept(world: World) -> None:
    _some_activities(world)

    def change(rows: list[list[str]]) -> None:
        rows[1][1] = "A clearer description"
        new = list(rows[1])
        new[0], new[-1], new[9], new[10] = "Radio spots in Quechua", "", "", ""
        rows.append(new)

    outcome = io.run(alliance=world.a, by=world.alice, rows=io.read(_edited(world, change), "x.csv"), commit=True)
    assert outcome.errors == [] and outcome.committed
    new = Activity.objects.get(title="Radio spots in Quechua")
    assert new.status == Activity.Status.PROPOSED and new.approved_at is None
    assert new.owner == valley(world)
    # The row with an id changed that activity (the new row copied its description).
    assert Activity.objects.get(title__startswith="=HYPERLINK").description == "A clearer description"


def test_a_new_row_cannot_come_in_approved(world: World) -> None:
    _some_activities(world)

    def change(rows: list[list[str]]) -> None:
        new = list(rows[1])
        new[0], new[-1] = "Sneaked in", ""
        rows.append(new)

    outcome = io.run(alliance=world.a, by=world.alice, rows=io.read(_edited(world, change), "x.csv"), commit=True)
    assert [(e.row, e.column) for e in outcome.errors] == [(4, "status")]
    assert "proposed" in outcome.errors[0].message
    assert not Activity.objects.filter(title="Sneaked in").exists()


def test_bad_rows_are_named_and_nothing_is_written(world: World) -> None:
    _some_activities(world)
    before = _snapshot(world)

    def change(rows: list[list[str]]) -> None:
        rows[1][1] = "Changed, but another row is wrong"
        bad = [
            "Study",
            "",
            "",
            "",
            "No such group",
            "No such org",
            "nobody@x.test",
            "31/12/2026",
            "",
            "",
            "",
            "maybe",
            "",
        ]
        rows.append(bad)
        late = list(bad)
        late[4:9] = ["", "", "", "2026-12-31", "2026-01-01"]
        late[11] = "no"
        rows.append(late)
        foreign = list(rows[2])
        foreign[-1] = "999999"
        rows.append(foreign)

    outcome = io.run(alliance=world.a, by=world.alice, rows=io.read(_edited(world, change), "x.csv"), commit=True)
    found = {(e.row, e.column) for e in outcome.errors}
    assert {
        (4, "working_group"),
        (4, "owner"),
        (4, "responsible"),
        (4, "starts_on"),
        (4, "no_extra_resources"),
        (5, "due_on"),  # due before it starts: the service's rule
        (6, "id"),
    } <= found
    assert not outcome.committed
    assert _snapshot(world) == before  # the good row 2 was not kept either


def test_an_activity_of_another_alliance_is_an_unknown_id(world: World) -> None:
    theirs = services.activity_create(alliance=world.b, by=world.lear, title="Lear's activity")
    _some_activities(world)

    def change(rows: list[list[str]]) -> None:
        rows[1][-1] = str(theirs.pk)

    outcome = io.run(alliance=world.a, by=world.alice, rows=io.read(_edited(world, change), "x.csv"), commit=True)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "id")]
    theirs.refresh_from_db()
    assert theirs.title == "Lear's activity"


def test_a_file_without_the_columns_is_refused_with_what_is_missing() -> None:
    try:
        io.read(b"name,when\nx,y\n", "x.csv")
    except io.ImportError_ as exc:
        assert "missing" in str(exc) and "title" in str(exc)
    else:
        raise AssertionError("a file without the columns was read")


def test_a_windows_1252_csv_is_read(world: World) -> None:
    _some_activities(world)
    text = _edited(world, lambda rows: rows[2].__setitem__(0, "Café with the committee")).decode("utf-8")
    outcome = io.run(alliance=world.a, by=world.alice, rows=io.read(text.encode("cp1252"), "x.csv"), commit=True)
    assert outcome.errors == []
    assert Activity.objects.filter(title="Café with the committee").exists()


def test_the_pages_preview_then_commit(world: World) -> None:
    _some_activities(world)
    client = world.client_for(world.alice)
    assert client.get(URL + "io/").status_code == 200
    export = client.get(URL + "export/?format=csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    data = _edited(world, lambda rows: rows[2].__setitem__(0, "Renamed by import"))
    preview = client.post(URL + "import/", {"file": SimpleUploadedFile("a.csv", data, "text/csv")})
    assert preview.status_code == 200
    assert not Activity.objects.filter(title="Renamed by import").exists()  # a preview keeps nothing
    token = preview.context["token"]
    done = client.post(URL + "import/", {"token": token, "commit": "1"})
    assert done.status_code == 302
    assert Activity.objects.filter(title="Renamed by import").exists()


def test_the_page_shows_errors_by_row_with_a_400(world: World) -> None:
    _some_activities(world)
    client = world.client_for(world.alice)
    data = _edited(world, lambda rows: rows[1].__setitem__(5, "Nobody Inc."))
    page = client.post(URL + "import/", {"file": SimpleUploadedFile("a.csv", data, "text/csv")})
    assert page.status_code == 400
    assert "Nobody Inc." in page.content.decode()


def test_representatives_may_not_import_or_export(world: World) -> None:
    client = world.client_for(world.bob)
    assert client.get(URL + "export/?format=csv").status_code == 403
    assert client.get(URL + "io/").status_code == 403
