"""Spanish and French stay complete: every message of the catalogues is translated, none is left
fuzzy (a guess xgettext made from an older message), and each translation keeps the message's
placeholders, so no reader gets English or a broken sentence. `make makemessages` refreshes the
catalogues from the code; this test fails until the new messages are translated."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[1] / "src" / "accord" / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{[a-z_0-9]+\}")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalogue = _catalogue(language)
    entries = [e for e in catalogue if not e.obsolete]
    assert len(entries) > 1000  # the real catalogue, not an empty file
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    empty = [e.msgid for e in entries if not (e.msgstr or (all(e.msgstr_plural.values()) and e.msgstr_plural))]
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:5]}"
    assert not empty, f"{len(empty)} untranslated in {language}: {empty[:5]}"


@pytest.mark.parametrize("language", ["es", "fr"])
def test_translations_keep_their_placeholders(language: str) -> None:
    wrong = []
    for entry in _catalogue(language):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            # A singular form may drop the count ("one representative"); the plural keeps it.
            expected = _placeholders(entry.msgid_plural)
            forms = [text for n, text in sorted(entry.msgstr_plural.items()) if n > 0]
        else:
            expected = _placeholders(entry.msgid)
            forms = [entry.msgstr]
        wrong += [(entry.msgid, text) for text in forms if _placeholders(text) != expected]
    assert not wrong, f"{len(wrong)} in {language}: {wrong[:5]}"
