"""Words: a count is said through ngettext, never with "(s)"; each language has its own plural
forms (and Spanish and French agree the words around the noun too)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "accord"
PLURAL_HACK = re.compile(r"[A-Za-z]\((?:s|es|e)\)")  # target(s), organisation(s), proposition(s)
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext"}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def python_strings_with_plural_hacks() -> list[str]:
    """Every string a person may read: all constants and f-string parts outside docstrings."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            shown = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            if shown and PLURAL_HACK.search(node.value):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value[:80]!r}")
    return found


def template_texts_with_plural_hacks() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("templates/**/*")):
        if not path.is_file() or path.suffix not in {".html", ".txt"}:
            continue
        text = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", path.read_text(encoding="utf-8"), flags=re.S)
        for number, line in enumerate(text.splitlines(), 1):
            if PLURAL_HACK.search(line):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()[:80]}")
    return found


def translated_strings_with_plural_hacks() -> list[str]:
    """The strict part: gettext calls, where a translator would have to keep the "(s)"."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and PLURAL_HACK.search(arg.value):
                        found.append(f"{path.relative_to(SRC)}:{node.lineno}: {arg.value[:80]!r}")
    return found


def test_no_translatable_string_says_s_in_brackets() -> None:
    assert translated_strings_with_plural_hacks() == []
    assert template_texts_with_plural_hacks() == []


def test_no_message_printed_or_shown_says_s_in_brackets() -> None:
    assert python_strings_with_plural_hacks() == []


def test_the_check_sees_the_hack() -> None:
    assert PLURAL_HACK.search("%(n)s target(s) named") and PLURAL_HACK.search("organisation(s)")
    assert not PLURAL_HACK.search("%(s)s and %(name)s") and not PLURAL_HACK.search("Members (%(n)s)")


def test_type_names_inside_sentences_keep_their_case() -> None:
    """Types read in each language's case inside a sentence: "No local NGO among members"."""
    from accord.landscape.analytics import _kind_in_sentence
    from accord.landscape.models import StakeholderType

    assert _kind_in_sentence(StakeholderType.LOCAL_NGO) == "local NGO"
    assert _kind_in_sentence(StakeholderType.UN_AGENCY) == "UN agency"
    # Every type has one (a missing one would fall back to its code, "donor_bilateral").
    assert all("_" not in _kind_in_sentence(kind) for kind in StakeholderType.values)


def test_documents_write_days_in_words_and_an_open_turn_until_further_notice() -> None:
    from django.utils import translation

    from accord.framework.documents import sections
    from accord.framework.models import FrameworkDocument

    snapshot = {
        "purpose": {"version": 2, "agreed": True, "agreed_on": "2024-03-05", "deadline": "2026-12-31"},
        "secretariat": [
            {"name": "Ana", "organisation": "Valley Women", "from": "2024-01-15", "until": None, "current": True},
            {"name": "Tom", "organisation": "Seed Union", "from": "2025-01-15", "until": "2025-07-14"},
        ],
    }
    document = FrameworkDocument(kind="ways_of_working", title="How we work together", snapshot=snapshot)
    text = " ".join(" ".join([*s.paragraphs, *s.bullets]) for s in sections(document))
    assert "from 15 January 2024 until further notice" in text and "open-ended" not in text
    assert "from 15 January 2025 until 14 July 2025" in text
    assert "agreed on 5 March 2024" in text and "Deadline: 31 December 2026" in text
    assert "2024-" not in text
    with translation.override("es"):
        spanish = " ".join(" ".join([*s.paragraphs, *s.bullets]) for s in sections(document))
    assert "5 de marzo de 2024" in spanish and "31 de diciembre de 2026" in spanish


@pytest.mark.parametrize(("language", "words"), [("es", "Proponer como miembro candidato"), ("fr", "Proposer comme")])
def test_the_candidate_button_speaks_the_page_language(world: Any, language: str, words: str) -> None:
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from accord.landscape.models import Stakeholder, StakeholderType

    outsider = Stakeholder.objects.create(alliance=world.a, name="Hill Cooperative", kind=StakeholderType.LOCAL_NGO)
    client = world.client_for(world.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("landscape:stakeholder", kwargs={"alliance_slug": world.a.slug, "stakeholder_id": outsider.pk})
    html = client.get(url).content.decode()
    translation.activate(settings.LANGUAGE_CODE)
    assert words in html and "Propose as a candidate member" not in html
