"""Malformed files thrown at every importer: each gets a clear message and writes nothing.

Property tests that write (an import record per example) run in hypothesis' Django TestCase, so
each example rolls back on its own (see TRAPS.md).
"""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accord.landscape.importing import commit, dry_run, jobs
from accord.landscape.models import Assessment, ImportJob, Stakeholder, Tie
from tests.conftest import build_world

FORMATS = ["csv", "xlsx", "kumu", "graphml"]
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cell = st.one_of(
    # Spreadsheets cannot hold control characters; the CSV tests add their own junk.
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
    st.sampled_from(["=1+1", '=HYPERLINK("http://evil")', "@SUM(A1)", "-2", "+3", "unknown", "9", "", "yes", "maybe"]),
    st.integers(min_value=-10, max_value=10),
)
column = st.sampled_from(
    [
        "id",
        "name",
        "type",
        "scope",
        "position",
        "influence",
        "interest",
        "from",
        "to",
        "kind",
        "strength",
        "belongs_to",
        "bogus",
        "record",
        "",
    ]
)


def xlsx_of(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "stakeholders"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class MalformedFiles(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_world()

    def counts(self) -> tuple[int, int, int]:
        return Stakeholder.objects.count(), Assessment.objects.count(), Tie.objects.count()

    def attempt(self, data: bytes, fmt: str | None, name: str = "upload") -> ImportJob | None:
        """Upload, and commit if the preview allows it; return the job (None when refused)."""
        try:
            job = jobs.import_job_create(
                alliance=self.world.a, user=self.world.alice, upload=io.BytesIO(data), filename=name, fmt=fmt
            )
        except ValidationError as exc:
            assert exc.messages and all(m.strip() for m in exc.messages)
            return None
        assert job.status in (ImportJob.Status.FAILED, ImportJob.Status.PREVIEWED)
        for e in job.errors:
            assert e["message"].strip() and len(e["message"]) < 400, e
        if job.status == ImportJob.Status.FAILED:
            assert len(job.errors) == 1 and job.errors[0]["row"] == 0
        return job

    def assert_refused_without_writing(self, data: bytes, fmt: str | None, name: str = "upload") -> None:
        before = self.counts()
        job = self.attempt(data, fmt, name)
        if job is not None and job.status == ImportJob.Status.PREVIEWED and job.errors:
            try:
                commit.import_job_commit(job=job, user=self.world.alice)
            except ValidationError:
                pass
            else:
                raise AssertionError("a file with bad rows was committed")
        assert self.counts() == before

    @PROPERTY
    @given(data=st.binary(max_size=2000), fmt=st.sampled_from([*FORMATS, None]))
    def test_binary_junk_is_refused_clearly(self, data: bytes, fmt: str | None) -> None:
        self.assert_refused_without_writing(data, fmt, "junk.bin")

    @PROPERTY
    @given(
        header=st.lists(column, min_size=0, max_size=8),
        rows=st.lists(st.lists(cell, max_size=9), max_size=6),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
        delimiter=st.sampled_from([",", ";", "\t"]),
    )
    def test_csv_with_any_columns_cells_and_encoding_never_half_writes(
        self, header: list[str], rows: list[list[object]], encoding: str, delimiter: str
    ) -> None:
        lines = [delimiter.join(header)] + [delimiter.join(str(c).replace("\n", " ") for c in r) for r in rows]
        data = ("\n".join(lines) + "\n").encode(encoding, errors="replace")
        before = self.counts()
        job = self.attempt(data, "csv", "f.csv")
        if job is not None and job.status == ImportJob.Status.PREVIEWED and not job.errors:
            # A clean preview commits whole: what it said is what is written.
            counts = job.preview["counts"]
            commit.import_job_commit(job=job, user=self.world.alice)
            assert Stakeholder.objects.count() == before[0] + counts["new"]
        else:
            self.assertEqual(self.counts(), before)

    @PROPERTY
    @given(header=st.lists(column, max_size=8), rows=st.lists(st.lists(cell, max_size=9), max_size=6))
    def test_xlsx_with_any_columns_and_cells_never_writes_bad_rows(
        self, header: list[str], rows: list[list[object]]
    ) -> None:
        before = self.counts()
        job = self.attempt(xlsx_of([header, *rows]) if header or rows else xlsx_of([]), "xlsx", "f.xlsx")
        if job is None or job.status == ImportJob.Status.FAILED or job.errors:
            self.assertEqual(self.counts(), before)

    @PROPERTY
    @given(
        doc=st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda c: (
                st.lists(c, max_size=3)
                | st.dictionaries(
                    st.sampled_from(["elements", "connections", "label", "type", "from", "to", "attributes", "x"]),
                    c,
                    max_size=4,
                )
            ),
            max_leaves=20,
        )
    )
    def test_kumu_json_of_any_shape_is_refused_or_checked(self, doc: object) -> None:
        self.assert_refused_without_writing(json.dumps(doc).encode(), "kumu", "map.json")

    def test_other_encodings_are_read_or_get_a_clear_message(self) -> None:
        latin = "name,type\nAsociación de Promotoras,member_based\n".encode("latin-1")
        job = self.attempt(latin, "csv", "latin.csv")
        assert job is not None and job.status == ImportJob.Status.PREVIEWED, job.errors
        assert job.preview["stakeholders"][0][2] == "Asociación de Promotoras"
        # Chosen by the person and wrong: said so, with the line.
        job = jobs.import_job_create(
            alliance=self.world.a,
            user=self.world.alice,
            upload=io.BytesIO("name,type\nok,expert\nAsociación,expert\n".encode("latin-1")),
            filename="latin.csv",
            encoding="utf-8",
        )
        assert job.status == ImportJob.Status.FAILED
        assert "cannot be read as UTF-8 (line 3)" in job.errors[0]["message"], job.errors
        utf16 = "name,type\nAsociación de Promotoras,member_based\n".encode("utf-16")
        job = self.attempt(utf16, "csv", "utf16.csv")
        assert job is not None and job.status == ImportJob.Status.PREVIEWED and job.preview["counts"]["new"] == 1

    def test_empty_files_sheets_and_header_only_files(self) -> None:
        before = self.counts()
        assert self.attempt(b"", "csv") is None  # refused at the door
        for data, fmt, message in [
            (b"   \n", "csv", "empty"),
            (b"name,type\n", "csv", "no rows"),
            (xlsx_of([]), "xlsx", "empty"),
            (xlsx_of([["name", "type"]]), "xlsx", "no rows"),
            (xlsx_of([["nom", "genre"], ["x", "y"]]), "xlsx", "no “name” column"),
            (b'{"elements": []}', "kumu", "no elements"),
            (b"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'><graph/></graphml>", "graphml", "no nodes"),
        ]:
            job = self.attempt(data, fmt)
            assert job is not None and job.status == ImportJob.Status.FAILED, (data, job and job.errors)
            assert message in job.errors[0]["message"], job.errors
        assert self.counts() == before

    def test_huge_cells_formulas_duplicate_ids_and_unknown_ties(self) -> None:
        huge = "x" * 1_000_000
        job = self.attempt(f"name,type\n{huge},expert\n".encode(), "csv")
        assert job is not None and job.status == ImportJob.Status.FAILED and "too large" in job.errors[0]["message"]
        job = self.attempt(xlsx_of([["name", "type", "notes"], ["Big Notes", "expert", "y" * 32_000]]), "xlsx")
        assert job is not None and [(e["row"], e["column"]) for e in job.errors] == [(2, "notes")]
        rows = [
            ["id", "name", "type", "notes"],
            ["a1", "=2+2", "expert", '=HYPERLINK("http://evil")'],
            ["a1", "Second", "expert", ""],
            ["a3", "Third", "wizard", ""],
        ]
        job = self.attempt(xlsx_of(rows), "xlsx")
        assert job is not None
        assert {(e["row"], e["column"]) for e in job.errors} == {(3, "id")}
        # An unknown type is no longer a bad row: it is offered for mapping onto Accord's list.
        assert [v["raw"] for v in job.preview["values"] if v["column"] == "type"] == ["wizard"]
        # A formula is kept as the text of the formula, never evaluated.
        assert job.preview["stakeholders"][0][2] == "=2+2"
        before = self.counts()
        tie_file = b"record,name,type,from,to\nstakeholder,Alone,expert,,\ntie,,,Alone,Ghost\n"
        job = self.attempt(tie_file, "csv")
        assert job is not None and [(e["row"], e["column"]) for e in job.errors] == [(3, "to")]
        assert self.counts() == before

    def test_xml_bombs_and_external_entities_are_refused(self) -> None:
        bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<graphml><graph><node id="n1"><data key="name">&lol3;</data></node></graph></graphml>"""
        external = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<graphml><graph><node id="n1"><data key="name">&xxe;</data></node></graph></graphml>"""
        for data in (bomb, external):
            job = self.attempt(data, "graphml", "bomb.graphml")
            assert job is not None and job.status == ImportJob.Status.FAILED
            assert "refuses" in job.errors[0]["message"]
        job = self.attempt(b"<graphml><graph><node id='n1'>", "graphml")
        assert job is not None and "not valid XML" in job.errors[0]["message"]
        job = self.attempt(b'{"elements": [', "kumu")
        assert job is not None and "not valid JSON" in job.errors[0]["message"]

    def test_an_xlsx_zip_bomb_is_refused_before_opening(self) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024 + 1))
        with self.settings(ACCORD_IMPORT_LIMITS={"xlsx_unpacked_mb": 2}):
            job = self.attempt(out.getvalue(), "xlsx")
        assert job is not None and job.status == ImportJob.Status.FAILED
        assert "Unpacked, this spreadsheet would take 2.0 MB; Accord unpacks at most 2 MB." in job.errors[0]["message"]

    def test_missing_and_extra_columns(self) -> None:
        job = self.attempt(b"type,scope\nexpert,local\n", "csv")
        assert job is not None and job.status == ImportJob.Status.FAILED and "“name”" in job.errors[0]["message"]
        job = self.attempt(b"name,type,shoe size\nA Person,expert,44\n", "csv")
        assert job is not None and job.status == ImportJob.Status.PREVIEWED and not job.errors
        assert any("shoe size" in n for n in dry_run.import_summary(job)["notices"])


_URLISH = st.text(alphabet="abcXYZ019-._~%/:@?#hts ı\u212a", max_size=40)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        _URLISH,
        st.builds(lambda a, b: f"https://{a}.{b}", _URLISH, _URLISH),
        st.builds(lambda a, b: f"http://{a}.org/{b}", _URLISH, _URLISH),
    )
)
def test_the_fast_web_address_check_agrees_with_djangos_validator(text: str) -> None:
    """Plain web addresses are accepted by a quick pattern before Django's validator: the answer
    is always the validator's own."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    from accord.landscape.importing.values import valid_url

    try:
        URLValidator(schemes=["http", "https"])(text)
        django_says = True
    except ValidationError:
        django_says = False
    assert valid_url(text) == django_says


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        _URLISH,
        st.builds(lambda a, b: f"{a}@{b}.org", _URLISH, _URLISH),
        st.builds(lambda a, b, c: f"{a}@{b}.{c}", _URLISH, _URLISH, _URLISH),
    )
)
def test_the_fast_email_check_agrees_with_djangos_validator(text: str) -> None:
    from django.core.exceptions import ValidationError
    from django.core.validators import EmailValidator

    from accord.landscape.importing.values import valid_email

    try:
        EmailValidator()(text)
        django_says = True
    except ValidationError:
        django_says = False
    assert valid_email(text) == django_says


@pytest.mark.parametrize(
    "text",
    ["https://example.org", "http://a-b.c-d.example.co.uk/path/to_x~y%20", "https://xn--80ak6aa92e.com/"],
)
def test_plain_web_addresses_take_the_fast_path(text: str) -> None:
    from accord.landscape.importing.values import _PLAIN_URL

    assert _PLAIN_URL.match(text)
