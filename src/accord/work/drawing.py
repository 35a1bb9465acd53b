"""The timeline of activities, drawn on the server as SVG (accord.lib.svg).

One row per activity: its title on the left, a bar from the day it starts to the day it is due,
the part done filled in, late ones marked, and a line for today. The chart is never narrower than
its viewBox in CSS pixels (work.css: `.chart-scroll > .timeline`), so on a 360 px phone it scrolls
sideways inside its frame and its text is never smaller than 12 CSS px."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.lib.svg import Scale, element, group, svg, text, title
from accord.work.models import ActivityStatus

WIDTH = 720.0
LABEL_W = 230.0
RIGHT_PAD = 16.0
TOP = 34.0
ROW_H = 26.0
BAR_H = 14.0
FONT = 12.0
LABEL_CHARS = 30
MIN_BAR = 6.0


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of months between start and end, thinned to at most about eight."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, -(-months // 8))
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


def timeline(rows: Sequence[Any], *, today: dt.date, url: Callable[[Any], str], label: str) -> SafeString:
    """The SVG for `rows` (activities with `due_on`, and `starts_on` when known)."""
    height = TOP + ROW_H * max(1, len(rows)) + 12
    if not rows:
        body = text(
            WIDTH / 2,
            TOP + 8,
            _("No activity with a due date yet."),
            class_="tl-empty",
            text_anchor="middle",
            font_size=FONT,
        )
        return mark_safe(  # noqa: S308 - built from escaped parts (accord.lib.svg)
            svg([body], width=WIDTH, height=height, label=label, class_="chart timeline", id_prefix="timeline")
        )
    first = min(min(a.starts_on or a.due_on for a in rows), today)
    last = max(max(a.due_on for a in rows), today)
    first -= dt.timedelta(days=3)
    last += dt.timedelta(days=3)
    x = Scale((float(first.toordinal()), float(last.toordinal() + 1)), (LABEL_W, WIDTH - RIGHT_PAD))
    ticks = _ticks(first, last)
    yearly = len(ticks) > 1 and ticks[1].month == ticks[0].month
    parts = []
    axis = []
    for tick in ticks:
        tx = x(float(tick.toordinal()))
        axis.append(element("line", x1=tx, y1=TOP - 6, x2=tx, y2=height - 8, class_="tl-grid"))
        axis.append(text(tx + 2, TOP - 12, _tick_label(tick, yearly), class_="tl-tick", font_size=FONT))
    parts.append(group(axis, class_="tl-axis"))
    for i, a in enumerate(rows):
        y = TOP + i * ROW_H
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
            text(4, y + BAR_H - 2, _short(a.title), class_="tl-label", font_size=FONT),
            element("rect", x=x0, y=y + 2, width=x1 - x0, height=BAR_H, rx=3.0, class_=f"tl-bar {status_class}"),
        ]
        if a.progress and a.status != ActivityStatus.PROPOSED:
            done_w = (x1 - x0) * min(100, a.progress) / 100
            pieces.append(element("rect", x=x0, y=y + 2, width=done_w, height=BAR_H, rx=3.0, class_="tl-done"))
        if late:
            pieces.append(
                element("rect", x=x0, y=y + 2, width=x1 - x0, height=BAR_H, rx=3.0, class_="tl-late", fill="none")
            )
            mark_x = min(x1 + 3, WIDTH - RIGHT_PAD - 10)
            pieces.append(text(mark_x, y + BAR_H, "!", class_="tl-late-mark", font_size=FONT, font_weight="700"))
        parts.append(element("a", group(pieces, class_="tl-row" + (" is-late" if late else "")), href=url(a)))
    tx = x(float(today.toordinal()) + 0.5)
    parts.append(
        group(
            [
                element("line", x1=tx, y1=TOP - 4, x2=tx, y2=height - 8, class_="tl-today"),
                text(tx, height - 1, _("today"), class_="tl-today-label", text_anchor="middle", font_size=FONT),
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
            width=WIDTH,
            height=height + 6,
            label=label,
            description=description,
            class_="chart timeline",
            id_prefix="timeline",
        )
    )
