"""A CSV file as people's spreadsheet programs save it: which encoding, which separator.

Excel on Windows saves "CSV" in the computer's ANSI code page (Windows-1252 in Western Europe and
the Americas), "CSV UTF-8" with a byte-order mark and "Unicode text" as UTF-16 with tabs; Excel
set to Spanish or French separates by semicolons, because the comma is their decimal mark. So:

- **Encoding**: a byte-order mark decides (UTF-8, UTF-16); else text that is valid UTF-8 is UTF-8;
  else, since charset-normalizer alone mistakes short French or Spanish text in Windows-1252 for
  Central European or even Chinese encodings, Windows-1252 is taken when it reads the file as
  mostly plain Latin letters (Latin-1 when the file has bytes Windows-1252 leaves undefined, Mac
  Roman when the accents sit where the Mac puts them), and charset-normalizer decides the rest
  (Cyrillic, Greek, UTF-16 without a mark...).
- **Separator**: a first line `sep=;` (Excel's own hint) decides; else, of comma, semicolon and
  tab, the one that splits the header into the most of Accord's column names, then into rows of
  one width.

The person sees what was chosen ("Read as Windows-1252, separated by semicolons") and can choose
otherwise (`ENCODINGS`, `DELIMITERS`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy, gettext_noop, pgettext_lazy

from accord.landscape.importing.columns import (
    STAKEHOLDER_ALIASES,
    STAKEHOLDER_COLUMNS,
    TIE_ALIASES,
    TIE_COLUMNS,
    ImportFileError,
)
from accord.lib.sentences import Sentence

# What a person may choose (codec, label); the codecs are Python's.
ENCODINGS: list[tuple[str, Any]] = [
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("cp1252", gettext_lazy("Windows-1252 (Western European)")),
    ("latin-1", "Latin-1 (ISO-8859-1)"),
    ("iso-8859-15", "Latin-9 (ISO-8859-15)"),
    ("mac_roman", "Mac Roman"),
    ("cp1250", gettext_lazy("Windows-1250 (Central European)")),
    ("cp1251", gettext_lazy("Windows-1251 (Cyrillic)")),
]
DELIMITERS: list[tuple[str, Any]] = [
    (",", pgettext_lazy("separator", "comma")),
    (";", pgettext_lazy("separator", "semicolon")),
    ("\t", pgettext_lazy("separator", "tab")),
]
# The separators by name, as forms and the API take them.
DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t"}
NAME_OF_DELIMITER = {v: k for k, v in DELIMITER_NAMES.items()}
ENCODING_CODES = [code for code, _label in ENCODINGS]
# Names of encodings in sentences; a detected encoding not listed is named by its codec.
NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
    "iso-8859-15": "Latin-9",
    "mac_roman": "Mac Roman",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
}
SAMPLE = 64 * 1024
# Bytes Windows-1252 does not define: a file with them is Latin-1 (or something else).
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# High bytes common in Windows-1252 text: euro, ellipsis, curly quotes, dashes.
CP1252_PUNCTUATION = frozenset(b"\x80\x85\x91\x92\x93\x94\x95\x96\x97")
SEP_LINE = re.compile(r"\Asep=(.)[ \t]*\r?\n")
KNOWN = set(STAKEHOLDER_COLUMNS) | set(TIE_COLUMNS) | set(STAKEHOLDER_ALIASES) | set(TIE_ALIASES) | {"record"}


@dataclass(frozen=True)
class ReadAs:
    """How a CSV was read: the codec, the separator, and whether each was the person's choice."""

    encoding: str
    delimiter: str
    encoding_chosen: bool = False
    delimiter_chosen: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "encoding_chosen": self.encoding_chosen,
            "delimiter_chosen": self.delimiter_chosen,
        }


def describe(read_as: dict[str, Any] | None) -> str:
    """ "Read as Windows-1252, separated by semicolons." in the active language ("" for none)."""
    if not read_as:
        return ""
    name = NAMES.get(read_as.get("encoding", ""), str(read_as.get("encoding", "")).upper())
    sentence = {
        ",": gettext("Read as %(encoding)s, separated by commas."),
        ";": gettext("Read as %(encoding)s, separated by semicolons."),
        "\t": gettext("Read as %(encoding)s, separated by tabs."),
    }.get(read_as.get("delimiter", ""), gettext("Read as %(encoding)s."))
    return sentence % {"encoding": name}


def _canon(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower().replace("\ufeff", "")).strip("_")


def _line_of(data: bytes, at: int) -> int:
    return data[:at].count(b"\n") + 1


def _western(data: bytes) -> str | None:
    """Windows-1252, Latin-1 or Mac Roman when the file reads as mostly plain Latin letters in
    one of them, else None."""
    high = [b for b in data[: SAMPLE * 4] if b >= 0x80]
    # Mac Roman puts é, è, à, ñ, ó... in 0x80-0x9F, where Windows-1252 has rare capitals and
    # punctuation (and Latin-1 control codes): a file whose accents are mostly there was saved on
    # a Mac.
    low_block = [b for b in high if 0x80 <= b <= 0x9F and b not in CP1252_PUNCTUATION]
    if high and len(low_block) * 2 >= len(high):
        codec = "mac_roman"
    elif any(b in CP1252_UNDEFINED for b in high):
        codec = "latin-1"
    else:
        codec = "cp1252"
    text = data.decode(codec, errors="replace")
    letters = [c for c in text[: SAMPLE * 4] if c.isalpha()]
    if not letters:
        return codec
    foreign = sum(1 for c in letters if ord(c) > 0x7F)
    # Spanish or French: a few accented letters among plain ones; Cyrillic or Greek bytes read
    # as Windows-1252 come out as accented letters nearly everywhere.
    return codec if foreign * 10 <= len(letters) * 3 else None


def _detect_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    if b"\x00" not in data[:SAMPLE]:
        western = _western(data)
        if western:
            return western
    from charset_normalizer import from_bytes

    best = from_bytes(data[: SAMPLE * 4]).best()
    if best is None:
        if b"\x00" in data[:SAMPLE]:
            raise ImportFileError(
                Sentence(
                    gettext_noop(
                        "This is not a text CSV file (it contains binary data). "
                        "Upload a CSV, XLSX, Kumu JSON or GraphML file."
                    )
                )
            )
        return "cp1252"
    return str(best.encoding)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, codec): the file decoded with `encoding`, or with the one detected."""
    chosen = bool(encoding)
    codec = encoding or _detect_encoding(data)
    if codec in ("utf-8", "utf_8") and data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    try:
        text = data.decode(codec)
    except LookupError:
        raise ImportFileError(Sentence(gettext_noop("Unknown encoding “%(name)s”."), {"name": codec[:40]})) from None
    except UnicodeDecodeError as exc:
        params = {"name": NAMES.get(codec, codec.upper()), "line": _line_of(data, exc.start)}
        if chosen:
            message = gettext_noop(
                "The file cannot be read as %(name)s (line %(line)s). Choose another encoding, or save it "
                "from your spreadsheet program as “CSV UTF-8”."
            )
        else:
            message = gettext_noop(
                "The file looks like %(name)s but cannot be read as it (line %(line)s). Choose its encoding, "
                "or save it from your spreadsheet program as “CSV UTF-8”."
            )
        raise ImportFileError(Sentence(message, params)) from None
    if "\x00" in text[:SAMPLE]:
        raise ImportFileError(
            Sentence(
                gettext_noop(
                    "This is not a text CSV file (it contains binary data). "
                    "Upload a CSV, XLSX, Kumu JSON or GraphML file."
                )
            )
        )
    return text, codec


def _score(sample: str, delimiter: str) -> tuple[int, int, float, int]:
    try:
        rows = [
            r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(c.strip() for c in r)
        ]
    except csv.Error:
        return (-1, 0, 0.0, 0)
    if not rows:
        return (0, 0, 0.0, 0)
    header = rows[0]
    body = rows[1:-1] if len(rows) > 2 else rows[1:]  # the sample may cut the last row
    known = sum(1 for h in header if _canon(h) in KNOWN)
    same = sum(1 for r in body if len(r) == len(header)) / len(body) if body else 1.0
    return (known, int(len(header) > 1), same, len(header))


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that names most of Accord's columns in the header, then
    splits the rows into one width, then into the most columns."""
    sample = text[:SAMPLE]
    return max((",", ";", "\t"), key=lambda d: _score(sample, d))


def read_text(data: bytes, *, encoding: str | None = None, delimiter: str | None = None) -> tuple[str, ReadAs]:
    """The file's text (without an Excel `sep=` line) and how it was read."""
    text, codec = decode(data, encoding or None)
    hint = SEP_LINE.match(text)
    if hint:
        text = text[hint.end() :]
    chosen = delimiter if delimiter in {d for d, _label in DELIMITERS} else None
    found = chosen or (hint.group(1) if hint else None) or detect_delimiter(text)
    return text, ReadAs(codec, found, encoding_chosen=bool(encoding), delimiter_chosen=bool(chosen))
