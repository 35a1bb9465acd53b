"""Small parsers for one cell of an imported file: text, yes/no, whole numbers, positions,
dates, email and web addresses, and the method's lists (types, scopes, kinds of tie). Each
returns the clean value or raises CellError with a message that names what is wrong."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import translation
from django.utils.translation import gettext_noop

from accord.landscape import rules
from accord.landscape.models import Scope, Stakeholder, StakeholderType, Tie
from accord.lib.sentences import Sentence
from accord.lib.spreadsheet import unescape_formula


class CellError(Exception):
    pass


def _enum_lookup(choices: Any, extra: dict[str, str] | None = None) -> dict[str, str]:
    """value, English label and spaced value (all lower case) -> value."""
    out: dict[str, str] = {}
    with translation.override("en"):
        for value, label in choices.choices:
            out[value] = value
            out[squash(str(label))] = value
            out[squash(value.replace("_", " "))] = value
    out.update(extra or {})
    return out


def squash(text: str) -> str:
    return " ".join(text.lower().split())


_LOOKUPS: dict[str, dict[str, str]] = {}


def lookup(name: str) -> dict[str, str]:
    if name not in _LOOKUPS:
        if name == "type":
            _LOOKUPS[name] = _enum_lookup(StakeholderType)
        elif name == "scope":
            _LOOKUPS[name] = _enum_lookup(Scope)
        else:
            extra = {k.removeprefix("is "): v for k, v in _enum_lookup(Tie.Kind).items()}
            _LOOKUPS[name] = {**_enum_lookup(Tie.Kind), **extra}
    return _LOOKUPS[name]


TRUE = {"yes", "y", "true", "1", "x", "oui", "si", "sí", "✓"}
FALSE = {"no", "n", "false", "0", "non", ""}


def cell_text(value: Any, limit: int, *, unescape: bool) -> str:
    if value is None:
        return ""
    if type(value) is str:  # the commonest cell, read for every column of every row
        text = value.strip()
        if unescape and text[:1] == "'":
            text = unescape_formula(text)
        if len(text) <= limit and "\x00" not in text:
            return text
        unescape = False  # done above; what is wrong with it is said below
    elif isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if unescape:
        text = unescape_formula(text)
    if "\x00" in text:
        raise CellError(Sentence(gettext_noop("contains a NUL character; remove it")))
    if len(text) > limit:
        raise CellError(
            Sentence(gettext_noop("is too long: %(n)s characters, at most %(max)s"), {"n": len(text), "max": limit})
        )
    return text


def cell_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = squash(str(value)) if value is not None else ""
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError(Sentence(gettext_noop("write yes or no, not “%(v)s”"), {"v": str(value)[:40]}))


def cell_number(value: Any, bounds: tuple[int, int], label: Any) -> int | None:
    """A whole number, or None for a blank cell. Whether it is within `bounds` is the landscape's
    rule (`rules`), checked on the whole row; a cell that is not a whole number at all gets the
    same rule's words."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: Any = value
    if isinstance(value, str):
        try:
            number = float(value.strip().replace("−", "-").replace(",", "."))
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, int | float) or not float(number).is_integer():
        raise CellError(rules.range_problem(None, bounds, label))
    return int(number)


UNKNOWN_POSITION = {"unknown", "?", "n/a", "na", "desconocido", "inconnu", "inconnue"}


def cell_position(value: Any) -> tuple[bool, int | None]:
    """(given, position): "unknown" is a given value that means no known position."""
    if isinstance(value, str) and squash(value) in UNKNOWN_POSITION:
        return True, None
    number = cell_number(value, rules.POSITION_RANGE, rules.POSITION)
    return number is not None, number


def cell_date(value: Any) -> str | None:
    """A day as YYYY-MM-DD, or None for a blank cell. A day after the alliance's today is the
    assessment rule's to refuse (`rules.assessment_problems`)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            raise CellError(
                Sentence(gettext_noop("is not a date: write it as YYYY-MM-DD, for example 2025-03-31"))
            ) from None
    if day.year < 1950:
        raise CellError(Sentence(gettext_noop("is too far in the past")))
    return day.isoformat()


_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])

# The plain addresses most rows hold, which Django's validators accept for certain (each pattern
# matches a subset of what they accept: ASCII labels of at most 63 characters that neither start
# nor end with a hyphen, a top-level domain of letters). Matching them first saves the
# validators' slower checks on 100,000 rows; anything else is asked of the validators.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = rf"(?:{_LABEL}\.){{1,8}}[a-z]{{2,24}}"
_PLAIN_URL = re.compile(rf"https?://{_HOST}(?:/[a-z0-9._~%/-]*)?\Z", re.IGNORECASE | re.ASCII)
_PLAIN_EMAIL = re.compile(rf"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@{_HOST}\Z", re.IGNORECASE | re.ASCII)
_PLAIN_MAX = 200  # characters: far below either validator's limits


def valid_email(text: str) -> bool:
    if len(text) <= _PLAIN_MAX and _PLAIN_EMAIL.match(text):
        return True
    try:
        _email(text)
    except ValidationError:
        return False
    return True


def valid_url(text: str) -> bool:
    if len(text) <= _PLAIN_MAX and _PLAIN_URL.match(text):
        return True
    try:
        _url(text)
    except ValidationError:
        return False
    return True


def cell_email(value: Any) -> str:
    text = cell_text(value, rules.text_limit(Stakeholder, "email"), unescape=True)
    if text and not valid_email(text):
        raise CellError(Sentence(gettext_noop("is not an email address")))
    return text


def cell_website(value: Any) -> str:
    text = cell_text(value, rules.text_limit(Stakeholder, "website"), unescape=True)
    if text and "://" not in text and "." in text and " " not in text:
        text = "https://" + text
    if text and not valid_url(text):
        raise CellError(Sentence(gettext_noop("is not a web address")))
    return text


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace("−", "-").replace(",", "."))
        except ValueError:
            return None
    return None


def strength_scale(raw: list[Any]) -> tuple[Callable[[Any], Any], Sentence | None]:
    """How a file's numeric tie weights become Accord's strengths (1 weak, 2 medium, 3 strong),
    and the sentence that says so. Whole numbers from 1 to 3 are kept; any other range is cut
    into three equal bands between the lowest and the highest weight in the file; text (such as
    "strong") is left for the value mapping."""
    numbers = [n for n in (_as_number(v) for v in raw) if n is not None]
    if not numbers or all(n.is_integer() and 1 <= n <= 3 for n in numbers):
        return (lambda v: v), None
    low, high = min(numbers), max(numbers)
    if high == low:
        return (lambda v: 2 if _as_number(v) is not None else v), Sentence(
            gettext_noop("Every tie in the file has the same weight (%(w)s): each is read as of medium strength (2)."),
            {"w": f"{low:g}"},
        )
    step = (high - low) / 3
    first, second = low + step, low + 2 * step

    def convert(value: Any) -> Any:
        n = _as_number(value)
        if n is None:
            return value
        return 1 if n <= first else 2 if n <= second else 3

    return convert, Sentence(
        gettext_noop(
            "Tie weights in the file run from %(low)s to %(high)s. They are read as strength in three equal "
            "bands: up to %(first)s weak (1), up to %(second)s medium (2), above that strong (3)."
        ),
        {"low": f"{low:g}", "high": f"{high:g}", "first": f"{first:.3g}", "second": f"{second:.3g}"},
    )
