"""The timeline of activities, drawn on the server as SVG (accord.lib.svg).

One row per activity: its title, a bar from the day it starts to the day it is due, the part done
filled in, late ones marked, and a line for today. Two layouts of the same rows (`Layout`): wide,
the title left of its bar, and narrow, for phones, the title above its bar; the page carries both
and shows one by the screen's width, so the text is at least 12 CSS px on either."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.lib.svg import Scale, element, group, svg, text, title
from accord.work.models import ActivityStatus


@dataclass(frozen=True)
class Layout:
    """Where things go. Wide: the title left of its bar, 720 units drawn at least 720 CSS px
    wide (scrolling inside its frame when the screen is narrower). Narrow, for phones: the title
    above its bar, 320 units that fill a 360 px screen, so 12.5-unit text is drawn at 12.5 CSS px
    or more there; the page shows one or the other by the screen's width (work.css)."""

    width: float
    label_w: float  # the bars start here
    row_h: float
    bar_dy: float  # the bar's top within its row
    label_dy: float  # the title's baseline within its row
    font: float
    label_chars: int
    max_ticks: int
    css: str


WIDE = Layout(720.0, 230.0, 26.0, 2.0, 12.0, 12.0, 30, 8, "timeline-wide")
NARROW = Layout(320.0, 6.0, 42.0, 20.0, 14.0, 12.5, 40, 3, "timeline-narrow")
WIDTH = WIDE.width
RIGHT_PAD = 16.0
TOP = 34.0
BAR_H = 14.0
MIN_BAR = 6.0


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _ticks(start: dt.date, end: dt.date, most: int = 8) -> list[dt.date]:
    """First days of months between start and end, thinned to at most about `most`."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, -(-months // most))
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120, 1200) if s >= step)
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        day = dt.date(y, m, 1)
        if day >= start and ((y * 12 + m - 1) % step == 0):
            out.append(day)
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def _tick_label(day: dt.date, yearly: bool) -> str:
    return str(day.year) if yearly else formats.date_format(day, "M Y")


def timeline(
    rows: Sequence[Any], *, today: dt.date, url: Callable[[Any], str], label: str, layout: Layout = WIDE
) -> SafeString:
    """The SVG for `rows` (activities with `due_on`, and `starts_on` when known)."""
    width, label_w, row_h, font = layout.width, layout.label_w, layout.row_h, layout.font
    id_prefix = "timeline" if layout is WIDE else "timeline-narrow"
    css = f"chart timeline {layout.css}"
    height = TOP + row_h * max(1, len(rows)) + 12
    if not rows:
        body = text(
            width / 2,
            TOP + 8,
            _("No activity with a due date yet."),
            class_="tl-empty",
            text_anchor="middle",
            font_size=font,
        )
        return mark_safe(  # noqa: S308 - built from escaped parts (accord.lib.svg)
            svg([body], width=width, height=height, label=label, class_=css, id_prefix=id_prefix)
        )
    first = min(min(a.starts_on or a.due_on for a in rows), today)
    last = max(max(a.due_on for a in rows), today)
    first -= dt.timedelta(days=3)
    last += dt.timedelta(days=3)
    x = Scale((float(first.toordinal()), float(last.toordinal() + 1)), (label_w, width - RIGHT_PAD))
    ticks = _ticks(first, last, layout.max_ticks)
    yearly = len(ticks) > 1 and ticks[1].month == ticks[0].month
    parts = []
    axis = []
    for tick in ticks:
        tx = x(float(tick.toordinal()))
        axis.append(element("line", x1=tx, y1=TOP - 6, x2=tx, y2=height - 8, class_="tl-grid"))
        name = _tick_label(tick, yearly)
        if tx + 2 + font * 0.6 * len(name) <= width:  # a label that would run off the edge is left out
            axis.append(text(tx + 2, TOP - 12, name, class_="tl-tick", font_size=font))
    parts.append(group(axis, class_="tl-axis"))
    for i, a in enumerate(rows):
        y = TOP + i * row_h
        start = a.starts_on or a.due_on
        x0 = x(float(start.toordinal()))
        x1 = max(x(float(a.due_on.toordinal() + 1)), x0 + MIN_BAR)
        late = a.status in (ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS) and a.due_on < today
        status_class = {
            ActivityStatus.PROPOSED: "tl-proposed",
            ActivityStatus.APPROVED: "tl-approved",
            ActivityStatus.IN_PROGRESS: "tl-in-progress",
        }.get(a.status, "tl-approved")
        owner = a.owner.name if getattr(a, "owner", None) is not None else _("no owner yet")
        tip = _("%(title)s — %(owner)s — %(status)s, %(progress)s %%, due %(due)s") % {
            "title": a.title,
            "owner": owner,
            "status": a.get_status_display(),
            "progress": a.progress,
            "due": formats.date_format(a.due_on, "DATE_FORMAT"),
        }
        if late:
            tip += " — " + _("overdue")
        pieces = [
            title(tip),
            text(4, y + layout.label_dy, _short(a.title, layout.label_chars), class_="tl-label", font_size=font),
            element(
                "rect", x=x0, y=y + layout.bar_dy, width=x1 - x0, height=BAR_H, rx=3.0, class_=f"tl-bar {status_class}"
            ),
        ]
        if a.progress and a.status != ActivityStatus.PROPOSED:
            done_w = (x1 - x0) * min(100, a.progress) / 100
            pieces.append(
                element("rect", x=x0, y=y + layout.bar_dy, width=done_w, height=BAR_H, rx=3.0, class_="tl-done")
            )
        if late:
            pieces.append(
                element(
                    "rect",
                    x=x0,
                    y=y + layout.bar_dy,
                    width=x1 - x0,
                    height=BAR_H,
                    rx=3.0,
                    class_="tl-late",
                    fill="none",
                )
            )
            mark_x = min(x1 + 3, width - RIGHT_PAD - 10)
            pieces.append(
                text(
                    mark_x, y + layout.bar_dy + BAR_H - 2, "!", class_="tl-late-mark", font_size=font, font_weight="700"
                )
            )
        parts.append(element("a", group(pieces, class_="tl-row" + (" is-late" if late else "")), href=url(a)))
    tx = x(float(today.toordinal()) + 0.5)
    parts.append(
        group(
            [
                element("line", x1=tx, y1=TOP - 4, x2=tx, y2=height - 8, class_="tl-today"),
                text(tx, height - 1, _("today"), class_="tl-today-label", text_anchor="middle", font_size=font),
            ]
        )
    )
    description = ngettext(
        "%(n)s activity from %(first)s to %(last)s; a line marks today; late ones are marked “!”.",
        "%(n)s activities from %(first)s to %(last)s; a line marks today; late ones are marked “!”.",
        len(rows),
    ) % {
        "n": len(rows),
        "first": formats.date_format(first, "DATE_FORMAT"),
        "last": formats.date_format(last, "DATE_FORMAT"),
    }
    return mark_safe(  # noqa: S308 - built from escaped parts (accord.lib.svg)
        svg(
            parts,
            width=width,
            height=height + 6,
            label=label,
            description=description,
            class_=css,
            id_prefix=id_prefix,
        )
    )
