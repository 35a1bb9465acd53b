"""Framework documents as DOCX and PDF files."""

from __future__ import annotations

import io

from docx import Document

from accord.framework.documents import DOCX_MIME, render_docx, render_pdf
from accord.framework.models import FrameworkDocument
from accord.framework.services import framework_document_generate, framework_element_save
from accord.purpose.services import purpose_save
from tests.alliances.test_charters import NON_NEG, agree_purpose, save
from tests.conftest import World


def _generated(world: World) -> FrameworkDocument:
    purpose = purpose_save(
        alliance=world.a,
        user=world.alice,
        data={"change_sought": "Farmers may exchange uncertified seed <of local varieties>"},
        base_version=None,
    )
    agree_purpose(purpose)
    save(world, NON_NEG, ["The policy must include seed banks & fairs."], None)
    framework_element_save(alliance=world.a, name="Memorandum of understanding", formal=False, note="None")
    return framework_document_generate(
        alliance=world.a, user=world.sam, kind="ways_of_working", preamble="How we work."
    )


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    """The words of a PDF, read back as a reader's viewer would, spaces and line breaks folded."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_docx_carries_the_purpose_co_chairs_and_elements(world: World) -> None:
    doc = _generated(world)
    response = world.client_for(world.bob).get(f"/a/riverside/framework/{doc.pk}/docx/")
    assert response["Content-Type"] == DOCX_MIME
    assert "attachment" in response["Content-Disposition"]
    text = _docx_text(response.content)
    assert "Farmers may exchange uncertified seed <of local varieties>" in text
    assert "Alice Amiranashvili (Riverside Farmers Union)" in text
    assert "The policy must include seed banks & fairs." in text
    assert "Memorandum of understanding" in text and "Informal" in text
    assert "{{" not in text and "{%" not in text  # every template tag was rendered


def test_the_pdf_carries_the_purpose_co_chairs_and_elements(world: World) -> None:
    doc = _generated(world)
    response = world.client_for(world.olga).get(f"/a/riverside/framework/{doc.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Farmers may exchange uncertified seed <of local varieties>" in text  # not &lt;of
    assert "Alice Amiranashvili (Riverside Farmers Union)" in text
    assert "The policy must include seed banks & fairs." in text  # not &amp;
    assert "Memorandum of understanding" in text and "Informal" in text
    assert "{{" not in text and "{%" not in text


def test_a_document_shows_the_records_it_was_generated_from_not_todays(world: World) -> None:
    doc = _generated(world)
    purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "Something else"}, base_version=1)
    for text in (_docx_text(render_docx(doc)), _pdf_text(render_pdf(doc))):
        assert "uncertified seed" in text and "Something else" not in text


def test_a_document_with_an_empty_snapshot_still_renders(world: World) -> None:
    doc = FrameworkDocument.objects.create(alliance=world.a, kind="mou", version=1, title="Bare", snapshot={})
    assert "Bare" in _docx_text(render_docx(doc))
    assert "Bare" in _pdf_text(render_pdf(doc))
