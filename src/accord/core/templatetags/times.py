"""Dates and times as the alliance reads them: `{% load times %}`.

`{{ moment|when:alliance }}` is "3 Dec 2026, 14:00 (Tbilisi)": the instant on the alliance's
clock with the zone's name, so a member elsewhere knows whose clock it is. Alliance pages
also run in the alliance's zone (AllianceMiddleware), so a plain `|date` of an instant shows
the alliance's day; `when` says so in words and works where no alliance zone is active (the
public invitation page, an email).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import template
from django.utils import formats
from django.utils import timezone as djtz
from django.utils.translation import gettext as _

from accord.lib import zones

register = template.Library()

# The language's own short date and time ("3 Dec 2026, 14:00"; accord/core/formats).
WHEN_FORMAT = "SHORT_DATETIME_FORMAT"


def zone_of(alliance: Any) -> dt.tzinfo:
    """The alliance's zone; without an alliance, the zone the request runs in."""
    zone = getattr(alliance, "zone", None)
    if isinstance(zone, dt.tzinfo):
        return zone
    return djtz.get_current_timezone()


def label(zone: dt.tzinfo) -> str:
    """A zone's name in a few letters: "Tbilisi", "Lima", "UTC"."""
    key = zone.key if isinstance(zone, zoneinfo.ZoneInfo) else str(zone)
    return zones.city(zones.current_name(key) or key)


def when(moment: dt.datetime | None, alliance: Any = None) -> str:
    """`moment` on the alliance's clock, with the zone's name."""
    if not isinstance(moment, dt.datetime):
        return ""
    zone = zone_of(alliance)
    local = moment.astimezone(zone) if djtz.is_aware(moment) else moment
    return _("%(when)s (%(zone)s)") % {"when": formats.date_format(local, WHEN_FORMAT), "zone": label(zone)}


@register.filter(name="when")
def when_filter(moment: dt.datetime | None, alliance: Any = None) -> str:
    """{{ proposal.closes_at|when:alliance }} — "3 Dec 2026, 14:00 (Tbilisi)"."""
    return when(moment, alliance)


@register.filter
def zone_label(alliance: Any) -> str:
    """{{ alliance|zone_label }} — "Tbilisi"."""
    return label(zone_of(alliance))
