"""Time zones as people pick them: current names only, grouped by region, and the usual zone of
a country.

The IANA database keeps old names as links so that stored values go on working ("US/Eastern",
"Cuba", "Etc/GMT+3", "Asia/Calcutta"); nobody should be offered them. The names in use are the
ones the database lists for a country (its zone.tab and zone1970.tab), plus UTC. Those tables
ship inside the `tzdata` package (a dependency), so they are there on a fresh machine; the
system's copy is read only when that package is missing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

UTC = "UTC"

# The regions in the order a picker shows them, with their names in words.
REGIONS: dict[str, Promise] = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}

# Where a country spans several zones, the one most of its people live in (zone.tab lists them
# west to east or the other way round, not by population).
PRINCIPAL_ZONE: dict[str, str] = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
}

# Other ways people write a country's name (after `_key`: lower case, no accents or punctuation).
COUNTRY_ALIASES: dict[str, str] = {
    "united kingdom": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united states of america": "US",
    "usa": "US",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of the congo": "CD",
    "democratic republic of congo": "CD",
    "republic of the congo": "CG",
    "south korea": "KR",
    "north korea": "KP",
    "ivory coast": "CI",
    "burma": "MM",
    "czechia": "CZ",
    "swaziland": "SZ",
    "timor leste": "TL",
    "cabo verde": "CV",
    "turkiye": "TR",
    "the gambia": "GM",
    "the netherlands": "NL",
    "holland": "NL",
    "the philippines": "PH",
    "uae": "AE",
    "lao pdr": "LA",
    "viet nam": "VN",
}


def _table(name: str) -> list[list[str]]:
    """The rows of one of the database's tables (`zone.tab`, `iso3166.tab`…), comments left out."""
    text = ""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        for root in zoneinfo.TZPATH:
            path = Path(root) / name
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                break
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@functools.cache
def _by_country() -> dict[str, tuple[str, ...]]:
    """Each country code with its zones, most populous first where the tables say so."""
    out: dict[str, list[str]] = {}
    for row in _table("zone.tab") + _table("zone1970.tab"):
        if len(row) < 3:
            continue
        for code in row[0].split(","):
            zones = out.setdefault(code, [])
            if row[2] not in zones:
                zones.append(row[2])
    return {code: tuple(zones) for code, zones in out.items()}


@functools.cache
def current_zones() -> frozenset[str]:
    """The zone names in use today: every one the database lists for a country, and UTC. Legacy
    links ("US/Eastern", "Cuba"), fixed offsets ("Etc/GMT+3") and old spellings are not in it.
    Every name returned can be loaded on this machine."""
    available = zoneinfo.available_timezones()
    listed = {zone for zones in _by_country().values() for zone in zones}
    if not listed:  # no table at all on this machine: keep the region/city names
        listed = {z for z in available if z.split("/", 1)[0] in REGIONS and "/" in z}
    return frozenset(z for z in listed | {UTC} if z in available)


def is_current(name: str) -> bool:
    return name in current_zones()


def _data(name: str) -> bytes | None:
    """The compiled rules of zone `name`: a link and its target have the same bytes."""
    parts = name.split("/")
    if not name or any(p in ("", ".", "..") for p in parts):
        return None
    try:
        return resources.files("tzdata").joinpath("zoneinfo", *parts).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError, NotADirectoryError):
        for root in zoneinfo.TZPATH:
            path = Path(root, *parts)
            if path.is_file():
                return path.read_bytes()
    return None


@functools.cache
def _current_by_data() -> dict[bytes, tuple[str, ...]]:
    out: dict[bytes, list[str]] = {}
    for zone in sorted(current_zones()):
        data = _data(zone)
        if data is not None:
            out.setdefault(data, []).append(zone)
    return {data: tuple(names) for data, names in out.items()}


@functools.cache
def current_name(name: str) -> str | None:
    """The current name of zone `name`: itself if it is current, the name it is an old spelling
    or link of otherwise ("US/Eastern" is "America/New_York", "Asia/Calcutta" "Asia/Kolkata"),
    None if it names no zone."""
    if is_current(name):
        return name
    data = _data(name)
    same = _current_by_data().get(data, ()) if data is not None else ()
    if not same:
        return None
    canonical = {row[2] for row in _table("zone1970.tab") if len(row) > 2}
    return min(same, key=lambda z: (city(z) != city(name), z not in canonical, z))


def city(name: str) -> str:
    """A zone's name as people say it: "Asia/Tbilisi" is "Tbilisi", "America/Argentina/Buenos_Aires"
    is "Buenos Aires"."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def grouped(zones: Iterable[str] | None = None) -> list[tuple[str, list[str]]]:
    """`zones` (default: the current ones) by region, regions in a fixed order and names by city
    within each; UTC comes first on its own. Returns [(region key, [zone, …]), …]."""
    names = set(current_zones() if zones is None else zones)
    out: list[tuple[str, list[str]]] = []
    if UTC in names:
        out.append((UTC, [UTC]))
    for region in REGIONS:
        members = sorted((z for z in names if z.split("/", 1)[0] == region and "/" in z), key=city)
        if members:
            out.append((region, members))
    return out


def choices(zones: Iterable[str] | None = None) -> list[tuple[Any, Any]]:
    """Choices for a form's select, grouped into <optgroup>s by region (UTC on its own at the top)."""
    out: list[tuple[Any, Any]] = []
    for region, names in grouped(zones):
        if region == UTC:
            out.append((UTC, UTC))
        else:
            # The lazy label: translated when the select is drawn, in the reader's language.
            out.append((REGIONS[region], [(z, city(z)) for z in names]))
    return out


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9()]+", " ", text).split())


@functools.cache
def _country_names() -> dict[str, str]:
    """Every way of writing a country this module knows, as a key, to its code."""
    names = {alias: code for alias, code in COUNTRY_ALIASES.items()}
    for row in _table("iso3166.tab"):
        if len(row) < 2:
            continue
        code, name = row[0], _key(row[1])
        names[code.lower()] = code
        names[name.replace("(", "").replace(")", "").strip()] = code
        # "Britain (UK)", "Korea (South)", "Myanmar (Burma)": each part on its own too.
        if "(" in name:
            head, _sep, tail = name.partition("(")
            tail = tail.rstrip(")").strip()
            names.setdefault(head.strip(), code)
            names.setdefault(tail, code)
            names.setdefault(f"{tail} {head.strip()}", code)  # "south korea"
    names.pop("", None)
    return names


def country_code(country: str) -> str | None:
    """The ISO code of a country written in English, with or without accents, or as its code;
    "Lusaka, Zambia" finds Zambia. None when it is not recognised."""
    known = _country_names()
    whole = _key(country).replace("(", "").replace(")", "").strip()
    if whole in known:
        return known[whole]
    for part in reversed(re.split(r"[,/;]", country)):
        key = _key(part).replace("(", "").replace(")", "").strip()
        if key in known:
            return known[key]
    return None


def zone_for_country(country: str) -> str | None:
    """The usual zone of `country` (free text, as an alliance records it), or None if unknown."""
    code = country_code(country or "")
    if code is None:
        return None
    zones = [z for z in _by_country().get(code, ()) if is_current(z)]
    principal = PRINCIPAL_ZONE.get(code)
    if principal in zones:
        return principal
    return zones[0] if zones else None


class ZoneSelect(forms.Select):
    """The zone select drawn in Python: Django draws each <option> through a template of its own,
    which for four hundred zones takes longer than the rest of the settings page together. The
    same markup: the attributes the form gives (id, required, aria-*), <optgroup>s, the stored
    value selected."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}

        def option(key: Any, label: Any) -> str:
            selected = " selected" if str(key) in chosen else ""
            return f'<option value="{escape(str(key))}"{selected}>{escape(str(label))}</option>'

        parts = [f'<select name="{escape(name)}"{flatatt(final)}>']  # name first, as Django writes it
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{escape(str(key))}">')
                parts.extend(option(k, v) for k, v in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(key, label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


class ZoneField(forms.ChoiceField):
    """A select of the current zone names, grouped by region. A stored old name ("US/Eastern")
    shows as its current one, so saving a form does not silently move the clock; one that has
    no current equivalent ("Etc/GMT+3") stays offered on its own until it is changed.

    `blank` adds a first, empty choice with that label (for "from the country")."""

    widget = ZoneSelect

    def __init__(
        self, *, zones: Iterable[str] | None = None, blank: str | Promise | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.zones = None if zones is None else frozenset(zones)
        head: list[tuple[Any, Any]] = [("", blank)] if blank is not None else []
        self.offered = head + choices(self.zones)
        self.choices = self.offered

    def keep(self, stored: str) -> None:
        """Offer `stored` too when it has no current name (a value already saved stays valid)."""
        if stored and current_name(stored) is None and stored in zoneinfo.available_timezones():
            # A new list: a form's copy of the field shares the class's one.
            self.offered = [*self.offered, (stored, stored)]
            self.choices = self.offered

    def validate(self, value: Any) -> None:
        """An old name typed or posted ("Europe/Kiev") is refused with its current one named, rather
        than "not one of the available choices": the form stores only what it offers."""
        if isinstance(value, str) and value and not self.valid_value(value):
            current = current_name(value)
            if current is not None and self.valid_value(current):
                raise forms.ValidationError(
                    _("%(zone)s is an old name of this time zone: choose %(city)s (%(current)s)."),
                    code="old_name",
                    params={"zone": value, "city": city(current), "current": current},
                )
        super().validate(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and value:
            return current_name(value) or value
        return value
