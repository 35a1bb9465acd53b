"""Framework documents as files: DOCX (docxtpl) and PDF (WeasyPrint), both drawn from the
snapshot stored with the document, so a download always shows the records it was generated from.

The DOCX template is built with python-docx in code (no template file to keep in sync): a
generic run of sections, each with a heading, paragraphs and bullet points, and a table of the
formal and informal elements.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from accord.framework.models import FrameworkDocument

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _day(value: Any) -> str:
    """A day in words in the reader's language ("5 March 2024", "5 de marzo de 2024"); the
    snapshot keeps it as an ISO date so any language can write it."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    return _str(value)


def _status(entry: dict[str, Any]) -> str:
    if entry.get("agreed"):
        return _("version %(v)s, agreed on %(d)s") % {
            "v": entry.get("version"),
            "d": _day(entry.get("agreed_on")) or "—",
        }
    return _("version %(v)s, a draft not agreed yet") % {"v": entry.get("version")}


def _who(p: dict[str, Any]) -> str:
    org = _str(p.get("organisation"))
    return f"{_str(p.get('name'))} ({org})" if org else _str(p.get("name"))


def sections(document: FrameworkDocument) -> list[Section]:
    """The document's content, in the reader's language, from its snapshot."""
    snap: dict[str, Any] = document.snapshot if isinstance(document.snapshot, dict) else {}
    out: list[Section] = []

    purpose = snap.get("purpose")
    s = Section(_("Purpose"))
    if purpose:
        s.paragraphs.append(_str(purpose.get("change_sought")) or _str(purpose.get("policy")) or "—")
        for label, key in (
            (_("Policy, law or budget line"), "policy"),
            (_("Who decides"), "decision_maker"),
            (_("Measure of success"), "measure"),
            (_("Target value"), "target"),
            (_("Deadline"), "deadline"),
        ):
            if purpose.get(key):
                value = _day(purpose[key]) if key == "deadline" else _str(purpose[key])
                s.bullets.append(f"{label}: {value}")
        if purpose.get("added_value"):
            s.paragraphs.append(_("Why we work together: %(text)s") % {"text": _str(purpose["added_value"])})
        s.paragraphs.append(_("Purpose %(status)s.") % {"status": _status(purpose)})
    else:
        s.paragraphs.append(_("No purpose written yet."))
    out.append(s)

    for key, heading in (("principles", _("Principles")), ("non_negotiables", _("Non-negotiables"))):
        entry = snap.get(key)
        s = Section(heading)
        if entry:
            s.bullets = [
                f"{_str(i.get('title'))}: {_str(i.get('text'))}" if i.get("title") else _str(i.get("text"))
                for i in entry.get("items", [])
            ]
            s.paragraphs.append(_("%(what)s, %(status)s.") % {"what": heading, "status": _status(entry)})
        else:
            s.paragraphs.append(_("Not written yet."))
        out.append(s)

    s = Section(_("Roles"))
    co_chairs = snap.get("co_chairs") or []
    s.paragraphs.append(
        _("Co-chairs: %(names)s.") % {"names": "; ".join(_who(p) for p in co_chairs)}
        if co_chairs
        else _("No co-chairs named yet.")
    )
    turns = snap.get("secretariat") or []
    current = [p for p in turns if p.get("current")]
    upcoming = [p for p in turns if not p.get("current")]
    s.paragraphs.append(
        _("Secretariat: %(names)s.") % {"names": "; ".join(_who(p) for p in current)}
        if current
        else _("No secretariat assigned yet.")
    )
    for p in current + upcoming:
        turn = {"who": _who(p), "start": _day(p.get("from")), "end": _day(p.get("until"))}
        s.bullets.append(
            _("Secretariat turn: %(who)s, from %(start)s until %(end)s") % turn
            if p.get("until")
            else _("Secretariat turn: %(who)s, from %(start)s until further notice") % turn
        )
    out.append(s)

    cadence = snap.get("meeting_cadence_days")
    out.append(
        Section(
            _("Meetings"),
            paragraphs=[
                _(
                    "The alliance meets about every %(n)s days, when there is a reason to meet, always with an agenda sent beforehand and minutes circulated afterwards."
                )
                % {"n": cadence}
                if cadence
                else _("Meeting cadence not set.")
            ],
        )
    )

    s = Section(_("Decisions"))
    s.paragraphs.append(
        _(
            "Each member organisation has one voice in decisions, given by its designated representative. Proposals, votes and outcomes are recorded in Accord."
        )
    )
    out.append(s)

    groups = snap.get("working_groups") or []
    if groups:
        s = Section(_("Working groups"))
        for g in groups:
            leads = ", ".join(g.get("leads") or [])
            line = f"{_str(g.get('name'))} ({_str(g.get('kind'))})"
            if leads:
                line += " — " + _("led by %(names)s") % {"names": leads}
            if g.get("description"):
                line += ": " + _str(g.get("description"))
            s.bullets.append(line)
        out.append(s)

    members = snap.get("members") or []
    s = Section(_("Members"))
    s.bullets = [f"{_str(m.get('name'))} ({_str(m.get('kind'))})" for m in members]
    if not members:
        s.paragraphs.append(_("No member organisations yet."))
    out.append(s)
    return out


@dataclass
class ElementRow:
    name: str
    status: str
    note: str


def element_rows(document: FrameworkDocument) -> list[ElementRow]:
    snap: dict[str, Any] = document.snapshot if isinstance(document.snapshot, dict) else {}
    return [
        ElementRow(_str(e.get("name")), _("Formal") if e.get("formal") else _("Informal"), _str(e.get("note")))
        for e in snap.get("elements") or []
    ]


def context(document: FrameworkDocument) -> dict[str, Any]:
    snap: dict[str, Any] = document.snapshot if isinstance(document.snapshot, dict) else {}
    alliance = snap.get("alliance") or {}
    # Days are the alliance's, in its time zone.
    local = document.alliance.local
    return {
        "title": document.title,
        "kind_label": str(document.get_kind_display()),
        "version_label": _("Version %(v)s, generated on %(d)s")
        % {"v": document.version, "d": _day(snap.get("generated_on") or local(document.created_at).date())},
        "alliance_name": _str(alliance.get("name")) or document.alliance.name,
        "preamble": document.preamble,
        "sections": sections(document),
        "elements": element_rows(document),
        "elements_heading": _("Formal and informal elements"),
        "elements_intro": _("What the alliance keeps formal (written, signed) and what it keeps informal."),
        "element_header": [_("Element"), _("Formal or informal"), _("Note")],
        "adopted": _("Adopted by decision on %(d)s.") % {"d": _day(local(document.adopted_at).date())}
        if document.adopted_at
        else _("Not adopted yet: adoption is a decision of the members."),
    }


def _docx_template() -> bytes:
    """A docxtpl template, built with python-docx: the loops are Jinja tags docxtpl expands."""
    from docx import Document

    doc = Document()
    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph("{{ alliance_name }} · {{ kind_label }} · {{ version_label }}")
    doc.add_paragraph("{{ preamble }}")
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_heading("{{ s.heading }}", level=1)
    doc.add_paragraph("{%p for text in s.paragraphs %}")
    doc.add_paragraph("{{ text }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for b in s.bullets %}")
    doc.add_paragraph("{{ b }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("{{ elements_heading }}", level=1)
    doc.add_paragraph("{{ elements_intro }}")
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for i in range(3):
        table.cell(0, i).text = "{{ element_header[" + str(i) + "] }}"
    table.cell(1, 0).text = "{%tr for e in elements %}"
    table.cell(2, 0).text = "{{ e.name }}"
    table.cell(2, 1).text = "{{ e.status }}"
    table.cell(2, 2).text = "{{ e.note }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    doc.add_paragraph("{{ adopted }}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_docx(document: FrameworkDocument) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(_docx_template()))
    # autoescape: the records are people's own text, which may hold < or &.
    template.render(context(document), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_html(document: FrameworkDocument) -> str:
    return render_to_string("framework/documents/framework.html", context(document))


def render_pdf(document: FrameworkDocument) -> bytes:
    # Imported here: WeasyPrint loads pango at import, which only the download needs.
    from weasyprint import HTML

    return bytes(HTML(string=render_html(document)).write_pdf())


def filename(document: FrameworkDocument, ext: str) -> str:
    from django.utils.text import slugify

    return f"{slugify(document.title)[:60] or 'framework'}-v{document.version}.{ext}"


def download(document: FrameworkDocument, fmt: str) -> HttpResponse:
    """The document as a file to save ("docx" or "pdf"), for the page and the API alike."""
    body, mime = (render_docx(document), DOCX_MIME) if fmt == "docx" else (render_pdf(document), PDF_MIME)
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename(document, fmt)}"'
    return response
