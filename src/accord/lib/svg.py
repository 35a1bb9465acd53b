"""Small helpers to draw SVG on the server: escaping, linear scales and elements.

Pure functions over strings and numbers, no Django models, so the same picture can go into a
page, a PDF or an export. Everything returned is markup-safe text built from escaped values;
callers mark the final string safe once. No inline `style` attributes (the Content-Security-
Policy forbids them): presentation goes through classes and SVG presentation attributes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape

_ATTR_ENTITIES = {'"': "&quot;", "'": "&#x27;"}


def esc(value: object) -> str:
    """Text escaped for SVG content or a double-quoted attribute."""
    return _xml_escape(str(value), _ATTR_ENTITIES)


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros ("12", "3.5")."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite coordinate: {value!r}")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def attrs(values: Mapping[str, object | None]) -> str:
    """Attributes in the given order; None and False are left out, True is written bare-valued.

    Underscores become hyphens (`stroke_width` → `stroke-width`), a trailing underscore is
    dropped (`class_` → `class`) so Python keywords can be used.
    """
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if value is True:
            value = name
        elif isinstance(value, float):
            value = num(value)
        parts.append(f'{name}="{esc(value)}"')
    return (" " + " ".join(parts)) if parts else ""


def element(tag: str, content: str | None = None, **values: object | None) -> str:
    """One element; `content` is inserted as is (already escaped markup), None makes it empty."""
    if content is None:
        return f"<{tag}{attrs(values)}/>"
    return f"<{tag}{attrs(values)}>{content}</{tag}>"


def text(x: float, y: float, label: object, **values: object | None) -> str:
    return element("text", esc(label), x=float(x), y=float(y), **values)


def title(label: object) -> str:
    """A tooltip and accessible name for the enclosing element."""
    return element("title", esc(label))


def group(children: Iterable[str], **values: object | None) -> str:
    return element("g", "".join(children), **values)


def svg(
    children: Iterable[str],
    *,
    width: float,
    height: float,
    label: str,
    description: str = "",
    id_prefix: str = "chart",
    class_: str = "chart",
    view_box: tuple[float, float, float, float] | None = None,
) -> str:
    """The root element: a viewBox with no fixed size (CSS makes it fluid down to 360 px), a
    <title> and <desc> referenced by aria-labelledby so screen readers announce the chart."""
    box = view_box or (0.0, 0.0, width, height)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    head = element("title", esc(label), id=title_id)
    if description:
        head += element("desc", esc(description), id=desc_id)
    body = "".join(children)
    return element(
        "svg",
        head + body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=" ".join(num(v) for v in box),
        # An image hides its parts from assistive technology, so a chart whose dots are links
        # is a group: its links stay reachable and named.
        role="group" if "<a " in body else "img",
        aria_labelledby=f"{title_id} {desc_id}" if description else title_id,
        class_=class_,
        preserveAspectRatio="xMidYMid meet",
    )


@dataclass(frozen=True)
class Scale:
    """A linear map from a data interval to a pixel interval (either may be reversed)."""

    domain: tuple[float, float]
    range: tuple[float, float]

    def __call__(self, value: float) -> float:
        d0, d1 = self.domain
        r0, r1 = self.range
        if d1 == d0:
            return (r0 + r1) / 2
        return r0 + (value - d0) * (r1 - r0) / (d1 - d0)

    def clamped(self, value: float) -> float:
        lo, hi = sorted(self.domain)
        return self(min(max(value, lo), hi))


def jitter(key: int, spread: float) -> tuple[float, float]:
    """A small, stable offset for a record id, so dots with equal values do not hide each other
    and the same stakeholder sits at the same spot on every load (no randomness)."""
    # Knuth's multiplicative hash spreads consecutive ids over the circle.
    h = (key * 2654435761) & 0xFFFFFFFF
    angle = (h & 0xFFFF) / 0xFFFF * 2 * math.pi
    radius = ((h >> 16) & 0xFFFF) / 0xFFFF * spread
    return radius * math.cos(angle), radius * math.sin(angle)


def arrow_marker(marker_id: str, *, class_: str = "arrow", size: float = 6.0) -> str:
    """A <marker> for arrowheads at the end of lines (`marker-end="url(#id)"`)."""
    path = element("path", None, d=f"M0,0 L{num(size)},{num(size / 2)} L0,{num(size)} z", class_=class_)
    return element(
        "marker",
        path,
        id=marker_id,
        viewBox=f"0 0 {num(size)} {num(size)}",
        refX=num(size),
        refY=num(size / 2),
        markerWidth=num(size),
        markerHeight=num(size),
        orient="auto-start-reverse",
        markerUnits="userSpaceOnUse",
    )


def shorten(x1: float, y1: float, x2: float, y2: float, by: float) -> tuple[float, float]:
    """The end point of the segment pulled back by `by` (so an arrowhead stops at a circle's edge)."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    if length <= by or length == 0:
        return x2, y2
    return x2 - dx / length * by, y2 - dy / length * by


def wrap(label: str, limit: int) -> list[str]:
    """`label` in lines of at most `limit` characters, broken between words (a word longer than
    a line gets a line of its own, whole: a label is never cut)."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart(
    rows: Iterable[tuple[str, Iterable[tuple[float, str]]]],
    *,
    label: str,
    description: str = "",
    id_prefix: str = "bars",
    width: float = 360,
    font_size: float = 14,
    bar_height: float = 16,
    maximum: float | None = None,
) -> str:
    """Horizontal stacked bars: one row per label, each a sequence of (value, css class).

    Each label is written whole on its own lines above its bar (wrapped between words, never
    cut), the count at the end of the bar. The viewBox is narrow so that, shown at a phone's
    width, the text stays at its CSS size.
    """
    data = [(name, [(float(v), cls) for v, cls in parts]) for name, parts in rows]
    top = maximum if maximum is not None else max((sum(v for v, _ in parts) for _, parts in data), default=0)
    top = max(top, 1.0)
    scale = Scale((0, top), (0, width - 44))
    chars = max(int(width / (font_size * 0.56)), 8)
    line = font_size * 1.25
    out: list[str] = []
    y = 4.0
    for name, parts in data:
        for text_line in wrap(name, chars):
            y += line
            out.append(text(0, y - font_size * 0.3, text_line, class_="bar-label", font_size=float(font_size)))
        x = 0.0
        for value, cls in parts:
            if value <= 0:
                continue
            w = scale(value)
            out.append(element("rect", None, x=x, y=y + 2, width=w, height=bar_height, class_=cls))
            x += w
        total = sum(v for v, _ in parts)
        out.append(text(x + 4, y + 2 + bar_height * 0.8, f"{total:g}", class_="bar-value", font_size=float(font_size)))
        y += bar_height + 10
    height = max(y, 10.0)
    return svg(out, width=width, height=height, label=label, description=description, id_prefix=id_prefix)
