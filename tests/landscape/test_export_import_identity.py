"""Export then import is the identity for CSV and XLSX, whatever the text holds: formula starts
(= + - @ tab CR), apostrophes already there (`'=already quoted`), quotes, line breaks, control
characters an XLSX cannot carry, any script.

Accord trims the spaces around a cell it imports (people's spreadsheets are full of them), so the
values here have none around them, except a tab or carriage return at the start, which the
formula escape protects. Property tests that write run in hypothesis' Django TestCase, one
rollback per example (TRAPS.md).
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accord.landscape import exporters, services
from accord.landscape.importing import commit, jobs
from accord.landscape.models import ImportJob, StakeholderType
from accord.lib.spreadsheet import escape_formula, unescape_formula, xlsx_text, xlsx_untext
from tests.conftest import build_world

HOSTILE = [
    "'=already quoted",
    "''=twice",
    "'",
    "''",
    "'quoted",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil","x")',
    "+995 32 2 00 00",
    "-2 degrees",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "'\tcmd",
    'said "yes", then no',
    "a\r\nb\nc\rd",
    "#N/A",
    "00123",
    "2024-01-10",
    "_x000D_ and _x005F_",
    "vertical\x0btab from Word",
    "Fédération «ñ» — 中文 😀 עברית",
]
PREFIXES = ["", "'", "''", "=", "+", "-", "@", "\t", "\r", "'=", "'\t", "'+"]
body = (
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=25)
    .map(str.strip)
    .filter(bool)
)
value = st.one_of(st.sampled_from(HOSTILE), st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), body))
TEXT_FIELDS = ("notes", "contact_person", "political_orientation", "target_ask")
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@given(value)
@example("'=already quoted")
def test_the_formula_escape_is_undone_exactly(text: str) -> None:
    assert unescape_formula(escape_formula(text)) == text
    assert unescape_formula(xlsx_untext(xlsx_text(text))) == text


def test_an_apostrophe_before_a_formula_start_is_escaped_once_more() -> None:
    assert escape_formula("'=already quoted") == "''=already quoted"
    assert escape_formula("'quoted") == "'quoted"  # nothing to protect
    assert xlsx_text("a\x0bb_x0041_") == "a_x000B_b_x005F_x0041_"
    assert xlsx_untext("a_x000B_b_x005F_x0041_") == "a\x0bb_x0041_"


class ExportImportIdentity(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_world()

    def round_trip(self, fmt: str, name: str, texts: dict[str, str], phone: str) -> None:
        a, alice = self.world.a, self.world.alice
        try:
            person = services.stakeholder_create(
                alliance=a, name=name, kind=StakeholderType.EXPERT, is_target=True, phone=phone, **texts
            )
        except ValidationError:
            assume(False)
        stored = {f: getattr(person, f) for f in ("name", "phone", *TEXT_FIELDS)}
        file = exporters.map_export(alliance=a, user=alice, fmt=fmt)
        job = jobs.import_job_create(alliance=a, user=alice, upload=io.BytesIO(file.content), filename=file.filename)
        assert job.status == ImportJob.Status.PREVIEWED, job.errors
        assert job.errors == [], job.errors
        counts = job.preview["counts"]
        assert counts["new"] == 0 and counts["updated"] == 0, (counts, job.preview.get("changes"))
        commit.import_job_commit(job=job, user=alice)
        person.refresh_from_db()
        assert {f: getattr(person, f) for f in stored} == stored

    @PROPERTY
    @given(name=value, notes=value, contact=value, orientation=value, ask=value, phone=st.sampled_from(HOSTILE[:12]))
    @example(name="'=already quoted", notes="\rcmd", contact="@x", orientation="-1", ask="'", phone="+995 32")
    def test_csv_export_then_import_changes_nothing(
        self, name: str, notes: str, contact: str, orientation: str, ask: str, phone: str
    ) -> None:
        texts = {"notes": notes, "contact_person": contact, "political_orientation": orientation, "target_ask": ask}
        self.round_trip("csv", name, texts, phone)

    @PROPERTY
    @given(name=value, notes=value, contact=value, orientation=value, ask=value, phone=st.sampled_from(HOSTILE[:12]))
    @example(
        name="'=already quoted", notes="vertical\x0btab _x000D_", contact="\tx", orientation="+1", ask="''", phone="=1"
    )
    def test_xlsx_export_then_import_changes_nothing(
        self, name: str, notes: str, contact: str, orientation: str, ask: str, phone: str
    ) -> None:
        texts = {"notes": notes, "contact_person": contact, "political_orientation": orientation, "target_ask": ask}
        self.round_trip("xlsx", name, texts, phone)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hostile_values_written_out_are_text_not_formulas(fmt: str) -> None:
    rows = exporters.MapRows(
        [{c: "" for c in exporters.STAKEHOLDER_COLUMNS} | {"name": "'=already quoted", "notes": "=1+1"}], []
    )
    content = exporters.WRITERS[fmt](rows)
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        assert "''=already quoted" in text and ",'=1+1," in text
    else:
        import openpyxl

        ws = openpyxl.load_workbook(io.BytesIO(content))["stakeholders"]
        assert ws["B2"].data_type == "s" and ws["B2"].value == "''=already quoted"
        assert ws.cell(row=2, column=exporters.STAKEHOLDER_COLUMNS.index("notes") + 1).value == "'=1+1"
