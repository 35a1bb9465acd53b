"""How much an import may read, and for how long.

A spreadsheet is a zip of XML: a 1 MB upload can declare millions of cells or shared strings, or
one cell of hundreds of megabytes, and a reader that trusts it keeps a worker busy for minutes and
grows it past a gigabyte. Every limit is a setting (`ACCORD_IMPORT_LIMITS`, read from the
environment in `config/settings.py`; see docs/importing.md) with the defaults below, which a real
landscape never comes near. A file that breaks one ends its import as failed with a message that
names the limit and the numbers (`ImportLimitError`).

The time limit is cooperative: `reading_time(seconds)` (or `@within_time`) starts the clock for
one dry run, and the readers, checks and matching call `check_time()` as they go (`timed()` does
it for a stream of records).
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.utils.translation import gettext_noop

from accord.landscape.importing.columns import ImportFileError
from accord.lib.sentences import Sentence

DEFAULTS: dict[str, int] = {
    # Whole dry run (read, check, match), in seconds.
    "seconds": 300,
    # Rows of one sheet or file (the first row names the columns).
    "rows": 200_000,
    # XLSX: all parts of the zip once unpacked, and any one XML part other than a sheet or the
    # shared strings (styles, workbook, relationships), in megabytes.
    "xlsx_unpacked_mb": 300,
    "xlsx_part_mb": 20,
    # XLSX: cells in the sheets Accord reads, columns of a row.
    "xlsx_cells": 5_000_000,
    "xlsx_columns": 1_000,
    # XLSX: the shared-string table, read whole by any XLSX reader before the first row.
    "xlsx_shared_strings": 2_000_000,
    "xlsx_shared_strings_mb": 100,
    # Characters in one cell: Excel's own limit, so no file Excel wrote is refused for it.
    "cell_chars": 32_767,
}


@dataclass(frozen=True)
class Limits:
    seconds: int
    rows: int
    xlsx_unpacked_mb: int
    xlsx_part_mb: int
    xlsx_cells: int
    xlsx_columns: int
    xlsx_shared_strings: int
    xlsx_shared_strings_mb: int
    cell_chars: int


def current() -> Limits:
    """The limits in force: the defaults, overridden by `settings.ACCORD_IMPORT_LIMITS`."""
    given = getattr(settings, "ACCORD_IMPORT_LIMITS", None) or {}
    return Limits(**{key: int(given.get(key, default)) for key, default in DEFAULTS.items()})


def number(n: int | float) -> str:
    """A count as the messages show it: digits grouped, the same in every language."""
    return f"{n:,.0f}"


def megabytes(n_bytes: int) -> str:
    return f"{n_bytes / (1024 * 1024):,.1f}"


class ImportLimitError(ImportFileError):
    """The file breaks one of the limits; `limit` names it (a key of DEFAULTS) and the message,
    a Sentence told again in each reader's language, gives the numbers."""

    def __init__(self, limit: str, message: Sentence) -> None:
        super().__init__(message)
        self.limit = limit


def refuse(limit: str, msgid: str, params: dict[str, object]) -> ImportLimitError:
    """The error for breaking `limit`; mark `msgid` with gettext_noop where it is written."""
    return ImportLimitError(limit, Sentence(msgid, params))


_deadline: contextvars.ContextVar[tuple[float, int] | None] = contextvars.ContextVar("import_deadline", default=None)


@contextmanager
def reading_time(seconds: int | None = None) -> Iterator[None]:
    """Start the clock for one dry run: `check_time()` raises once `seconds` have passed."""
    seconds = current().seconds if seconds is None else seconds
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    """Raise ImportLimitError when the dry run has used up its time (no clock: no limit)."""
    clock = _deadline.get()
    if clock is not None and time.monotonic() > clock[0]:
        raise refuse(
            "seconds",
            gettext_noop(
                "Reading this file took longer than %(seconds)s seconds, the most an import may take. "
                "Split it into smaller files."
            ),
            {"seconds": number(clock[1])},
        )


T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def within_time(fn: F) -> F:
    """Run `fn` (a dry run) with the clock started: `reading_time()` around each call."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with reading_time():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def timed(items: Iterable[T], every: int = 256) -> Iterator[T]:
    """`items`, checking the clock every `every` items."""
    for i, item in enumerate(items):
        if i % every == 0:
            check_time()
        yield item
