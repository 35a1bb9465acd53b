"""CSV files as spreadsheet programs save them: Excel in Spanish or French (semicolons,
Windows-1252), "CSV UTF-8" with its byte-order mark, "Unicode text" (UTF-16, tabs), the Mac's own
encoding, Cyrillic. Each is read as written; the dry run says how it was read, and the person can
choose the encoding and the separator (on upload, read again, API)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.landscape.importing import csv_text, jobs
from accord.landscape.importing.checks import parse
from accord.landscape.models import ImportJob
from tests.api.conftest import bearer, token_for
from tests.conftest import World

TODAY = dt.date(2026, 1, 1)
SPANISH = (
    "name;type;scope;notes\r\n"
    "Asociación de Mujeres Rurales;member_based;local;Reunión en Cusco, año 2025\r\n"
    "Ministerio de Economía y Finanzas;national_government;national;Peña, Núñez: «urgente»\r\n"
)
FRENCH = (
    "name;type;notes\r\n"
    "Fédération nationale des élèves;member_based;Cotisation 12 € — vœu adopté\r\n"
    "Cœur des Régions;local_ngo;« Dès que possible »\r\n"
)
NAMES = {
    SPANISH: ["Asociación de Mujeres Rurales", "Ministerio de Economía y Finanzas"],
    FRENCH: ["Fédération nationale des élèves", "Cœur des Régions"],
}


def names(data: bytes, **options: str) -> tuple[list[str], list[str], dict[str, Any]]:
    parsed = parse(data, "csv", today=TODAY, options=options or None)
    return [row[2] for row in parsed.stakeholders], [row[16] for row in parsed.stakeholders], parsed.read_as


@pytest.mark.parametrize(
    ("text", "encoding", "read_as"),
    [
        (SPANISH, "cp1252", ("cp1252", ";")),  # Excel, Spanish Windows: "CSV (delimitado por comas)"
        (FRENCH, "cp1252", ("cp1252", ";")),  # Excel, French Windows: "CSV (séparateur : point-virgule)"
        (SPANISH, "latin-1", ("cp1252", ";")),  # the same text; Latin-1 is Windows-1252 below 0x80-0x9F
        (FRENCH, "mac_roman", ("mac_roman", ";")),  # Excel for Mac, "Comma Separated Values"
        (SPANISH, "utf-8-sig", ("utf-8-sig", ";")),  # "CSV UTF-8"
        (FRENCH.replace(";", ","), "utf-8", ("utf-8", ",")),  # LibreOffice, Google Sheets
        (SPANISH.replace(";", "\t"), "utf-16", ("utf-16", "\t")),  # Excel "Unicode text"
    ],
)
def test_files_as_spreadsheet_programs_save_them_are_read_as_written(
    text: str, encoding: str, read_as: tuple[str, str]
) -> None:
    found, notes, how = names(text.encode(encoding))
    expected = NAMES.get(text) or NAMES.get(text.replace("\t", ";")) or NAMES[text.replace(",", ";")]
    assert found == expected
    assert (how["encoding"], how["delimiter"]) == read_as
    assert how["encoding_chosen"] is False and how["delimiter_chosen"] is False
    if text is SPANISH:
        assert notes == ["Reunión en Cusco, año 2025", "Peña, Núñez: «urgente»"]  # commas inside stay in the cell


def test_cyrillic_windows_1251_is_left_to_charset_normalizer() -> None:
    text = "name;type\r\nМинистерство сельского хозяйства;national_government\r\nАссоциация фермеров;member_based\r\n"
    found, _notes, how = names(text.encode("cp1251"))
    assert found == ["Министерство сельского хозяйства", "Ассоциация фермеров"]
    assert how["encoding"] == "cp1251"


def test_excel_s_sep_line_decides_the_separator() -> None:
    found, _notes, how = names(b"sep=;\r\nname;type;notes\r\nA, B and C;expert;x\r\n")
    assert found == ["A, B and C"] and how["delimiter"] == ";"


def test_the_person_s_choice_wins_over_detection() -> None:
    data = FRENCH.encode("cp1252")
    found, _notes, how = names(data, encoding="cp1251")
    assert found[0] != "Fédération nationale des élèves"  # what a wrong choice looks like
    assert how["encoding_chosen"] is True
    found, _notes, how = names(data, encoding="cp1252", delimiter=";")
    assert found == NAMES[FRENCH] and how["delimiter_chosen"] is True


@pytest.mark.parametrize(
    ("read_as", "sentence"),
    [
        ({"encoding": "cp1252", "delimiter": ";"}, "Read as Windows-1252, separated by semicolons."),
        ({"encoding": "utf-8-sig", "delimiter": ","}, "Read as UTF-8, separated by commas."),
        ({"encoding": "utf-16", "delimiter": "\t"}, "Read as UTF-16, separated by tabs."),
    ],
)
def test_the_dry_run_says_how_it_read_the_file(read_as: dict[str, str], sentence: str) -> None:
    assert csv_text.describe(read_as) == sentence


def test_a_spanish_excel_file_through_the_pages_then_read_again(world: World) -> None:
    client = world.client_for(world.alice)
    upload = SimpleUploadedFile("mapeo.csv", FRENCH.encode("cp1252"), content_type="text/csv")
    response = client.post(
        reverse("landscape:import_upload", args=[world.a.slug]), {"file": upload, "encoding": "cp1251"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = world.a.import_jobs.get()
    page = client.get(reverse("landscape:import_job", args=[world.a.slug, job.pk])).content.decode()
    assert "Read as Windows-1251, separated by semicolons." in page
    assert 'id="id_again_encoding"' in page
    # Not right: read it again, letting Accord detect the encoding this time.
    response = client.post(
        reverse("landscape:import_job_read_again", args=[world.a.slug, job.pk]), {"encoding": "", "delimiter": ""}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED, job.errors
    assert [row[2] for row in job.preview["stakeholders"]] == NAMES[FRENCH]
    page = client.get(reverse("landscape:import_job", args=[world.a.slug, job.pk])).content.decode()
    assert "Read as Windows-1252, separated by semicolons." in page
    assert job.preview["counts"]["new"] == 2


def test_the_api_takes_the_encoding_and_separator_and_reads_again(world: World, client: Any) -> None:
    token = token_for(world.a, world.alice)
    url = f"/api/alliances/{world.a.slug}/imports"
    data = SPANISH.encode("cp1252")
    response = client.post(
        f"{url}?encoding=latin-1&delimiter=semicolon",
        {"file": SimpleUploadedFile("m.csv", data)},
        **bearer(token),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["read_as"] == {
        "encoding": "latin-1",
        "delimiter": "semicolon",
        "encoding_chosen": True,
        "delimiter_chosen": True,
        "description": "Read as Latin-1, separated by semicolons.",
    }
    again = client.post(
        f"{url}/{body['id']}/read-again", {"delimiter": "comma"}, content_type="application/json", **bearer(token)
    )
    assert again.status_code == 200, again.content
    # Read with commas, the header is one column that is not "name": refused, and it says so.
    assert again.json()["status"] == "failed" and "“name”" in again.json()["errors"][0]["message"]
    again = client.post(f"{url}/{body['id']}/read-again", {}, content_type="application/json", **bearer(token))
    assert again.json()["status"] == "previewed", again.json()["errors"]
    assert again.json()["read_as"]["delimiter"] == "semicolon" and again.json()["read_as"]["encoding"] == "cp1252"
    plain = client.post(url, {"file": SimpleUploadedFile("m.csv", b"name\nA\n")}, **bearer(token)).json()
    assert (
        client.post(f"{url}/{plain['id']}/read-again", {}, content_type="application/json", **bearer(token)).status_code
        == 200
    )
    bad = client.post(f"{url}?encoding=klingon", {"file": SimpleUploadedFile("m.csv", data)}, **bearer(token))
    assert bad.status_code == 422


def test_a_committed_import_no_longer_keeps_its_file(world: World) -> None:
    from django.core.files.storage import default_storage

    from accord.landscape.importing import commit

    job = jobs.import_job_create(
        alliance=world.a, user=world.alice, upload=io.BytesIO(SPANISH.encode("cp1252")), filename="m.csv"
    )
    path = job.preview["upload"]
    assert default_storage.exists(path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, **kw: fn())
        commit.import_job_commit(job=job, user=world.alice)
    assert not default_storage.exists(path)
    job.refresh_from_db()
    assert job.preview.get("read_as", {}).get("encoding") == "cp1252"
