"""The landscape's pictures as SVG strings: the power-vs-position map, the network and the
composition bars. Takes data already fetched and authorised (the views only fetch and render),
works out the geometry and the marks, returns markup; every label is escaped by accord.lib.svg.
Colours come from classes in landscape/maps.css."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.landscape.analytics import MEMBER, Composition, CompositionRow, membership_status
from accord.landscape.models import Assessment, Stakeholder, Tie
from accord.lib import svg
from accord.lib.svg import Scale, element, group, text, title


def _safe(markup: str) -> SafeString:
    # Every text and attribute in it went through accord.lib.svg's escaping.
    return mark_safe(markup)  # noqa: S308


# --- Power-vs-position map --------------------------------------------------------------------

MAP_W, MAP_H = 640.0, 470.0
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 46.0, 506.0, 26.0, 420.0
UNKNOWN_LEFT, UNKNOWN_RIGHT = 526.0, 626.0
INFLUENCE_SPLIT = 2.5
# At most this many stakeholders are drawn as dots; everyone else is counted in a cell.
MAX_DOTS = 60
# Text is drawn at least this large in viewBox units; the chart is never narrower than its
# viewBox in CSS pixels (maps.css), so on a phone it is never smaller than 12 CSS px.
LABEL_FONT = 12.0
LABEL_CHARS = 22
POSITIONS: tuple[int | None, ...] = (-2, -1, 0, 1, 2, None)
INFLUENCES = (0, 1, 2, 3, 4, 5)
CELL_W, CELL_H = 34.0, 18.0


@dataclass(frozen=True)
class MapPoint:
    id: int
    name: str
    position: int | None
    influence: int
    interest: int
    role: str  # "target", "member" or "other": the dot's class
    href: str  # the full page with this stakeholder's panel open (works without JavaScript)
    panel_url: str  # the fragment htmx loads into the side panel


@dataclass(frozen=True)
class MapCell:
    """Stakeholders not drawn as dots, counted where their assessment puts them."""

    position: int | None
    influence: int
    count: int
    href: str
    panel_url: str

    @property
    def position_text(self) -> str:
        return _("unknown") if self.position is None else f"{self.position:+d}" if self.position else "0"


def map_points(people: Iterable[Any], *, url: Callable[[int], str]) -> list[MapPoint]:
    """Stakeholders annotated with their latest assessment (selectors.with_latest) as dots."""
    points = []
    for s in people:
        role = "target" if s.is_target else ("member" if membership_status(s) == MEMBER else "other")
        points.append(
            MapPoint(s.pk, s.name, s.latest_position, s.latest_influence, s.latest_interest, role, url(s.pk), url(s.pk))
        )
    points.sort(key=lambda p: p.name)
    return points


# Each kind of dot has a share of MAX_DOTS; a share left unused goes to the others.
DOT_SHARES = (("targets", 30), ("members", 15), ("influential", 15))


def choose_dots(targets: Sequence[Any], members: Sequence[Any], influential: Sequence[Any]) -> list[Any]:
    """At most MAX_DOTS of the three lists (each best first): each list its share, then what
    is left over filled from targets, members and the influential, in that order."""
    lists = [list(targets), list(members), list(influential)]
    chosen = [rows[:share] for rows, (_name, share) in zip(lists, DOT_SHARES, strict=True)]
    room = MAX_DOTS - sum(len(c) for c in chosen)
    for i, rows in enumerate(lists):
        extra = rows[len(chosen[i]) : len(chosen[i]) + max(room, 0)]
        chosen[i] += extra
        room -= len(extra)
    return [row for c in chosen for row in c]


def power_map_chart(points: Sequence[MapPoint], cells: Sequence[MapCell] = (), *, as_of: dt.date | None) -> SafeString:
    """The map with its accessible name and description, as the map page shows it."""
    description = _(
        "Each dot is a stakeholder: left is against the purpose, right is for it, higher is more "
        "influential, a bigger dot is more interested. Stakeholders whose position is unknown are "
        "in the strip on the right. The table below lists the same data."
    )
    if cells:
        description += " " + _(
            "Boxed numbers count the other stakeholders at that position and influence; choose one to list them."
        )
    label = _("Power and position map")
    if as_of:
        label = _("Power and position map as of %(date)s") % {"date": as_of.isoformat()}
    return power_map(points, cells, label=label, description=description)


def quadrant_strategies() -> list[tuple[str, str, str]]:
    """(css class, who, what to do) for each quadrant, in reading order."""
    return [
        ("q-opp-strong", _("Influential opponents"), _("Win them over, or limit their sway")),
        ("q-sup-strong", _("Influential supporters"), _("Involve them closely")),
        ("q-opp-weak", _("Less influential opponents"), _("Keep an eye on them")),
        ("q-sup-weak", _("Less influential supporters"), _("Mobilise and strengthen them")),
    ]


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """The name, or its first words up to `limit` characters followed by an ellipsis."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    cut = name[: limit - 1]
    if " " in cut and name[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—(") + "…"


def text_width(label: str, size: float) -> float:
    """A generous estimate of the width of `label` in a sans-serif face at `size`."""
    wide = sum(1 for ch in label if ch.isupper() or ch in "mwMW")
    return size * (0.56 * len(label) + 0.14 * wide)


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class Taken(list[Box]):
    """The boxes already drawn, as a list, with a grid of cells so that asking whether a new box
    overlaps one looks only at the boxes in the cells it touches (labels are placed among
    hundreds of dots; comparing each try with every box made drawing quadratic)."""

    CELL = 40.0

    def __init__(self, boxes: Iterable[Box] = ()) -> None:
        super().__init__()
        self._grid: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.append(box)

    def _cells(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.CELL
        for gx in range(int(box[0] // c), int(box[2] // c) + 1):
            for gy in range(int(box[1] // c), int(box[3] // c) + 1):
                yield gx, gy

    def append(self, box: Box) -> None:
        super().append(box)
        for cell in self._cells(box):
            self._grid.setdefault(cell, []).append(box)

    def __iadd__(self, boxes: Iterable[Box]) -> Taken:  # type: ignore[override,misc]
        for box in boxes:
            self.append(box)
        return self

    def hits(self, box: Box) -> bool:
        grid = self._grid
        return any(_overlaps(box, t) for cell in self._cells(box) for t in grid.get(cell, ()))


def place_label(
    cx: float, cy: float, r: float, label: str, taken: list[Box], *, size: float, bounds: Box
) -> tuple[float, float, str, Box] | None:
    """Where `label` can go beside a dot at (cx, cy) of radius r without covering a box already
    `taken` and inside `bounds`: right, left, above, below, then the corners. Answers (x, y of
    the text's baseline, text-anchor, its box), or None when there is no room."""
    w, h = text_width(label, size), size * 1.15
    gap = r + 3
    options = [
        (cx + gap, cy + size * 0.35, "start"),
        (cx - gap, cy + size * 0.35, "end"),
        (cx, cy - gap - size * 0.25, "middle"),
        (cx, cy + gap + size * 0.85, "middle"),
        (cx + gap * 0.7, cy - gap * 0.7, "start"),
        (cx - gap * 0.7, cy - gap * 0.7, "end"),
        (cx + gap * 0.7, cy + gap * 0.7 + size * 0.7, "start"),
        (cx - gap * 0.7, cy + gap * 0.7 + size * 0.7, "end"),
    ]
    for x, y, anchor in options:
        x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        box = (x0, y - size * 0.9, x0 + w, y - size * 0.9 + h)
        if box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2] or box[3] > bounds[3]:
            continue
        if taken.hits(box) if isinstance(taken, Taken) else any(_overlaps(box, t) for t in taken):
            continue
        return x, y, anchor, box
    return None


def _map_scales() -> tuple[Scale, Scale]:
    # Each influence level is a band with its tick in the middle, so 0 and 5 are not on the edge.
    return Scale((-2.5, 2.5), (PLOT_LEFT, PLOT_RIGHT)), Scale((-0.5, 5.5), (PLOT_BOTTOM, PLOT_TOP))


def _column(x: Scale, position: int | None) -> float:
    return (UNKNOWN_LEFT + UNKNOWN_RIGHT) / 2 if position is None else x(position)


def power_map(points: Sequence[MapPoint], cells: Sequence[MapCell] = (), *, label: str, description: str) -> SafeString:
    x, y = _map_scales()
    mid_x, mid_y = x(0), y(INFLUENCE_SPLIT)
    out: list[str] = []
    # Quadrants, each with the strategy it suggests.
    boxes = [
        (PLOT_LEFT, PLOT_TOP, mid_x, mid_y),
        (mid_x, PLOT_TOP, PLOT_RIGHT, mid_y),
        (PLOT_LEFT, mid_y, mid_x, PLOT_BOTTOM),
        (mid_x, mid_y, PLOT_RIGHT, PLOT_BOTTOM),
    ]
    taken = Taken()
    for (cls, who, _what), (x0, y0, x1, y1) in zip(quadrant_strategies(), boxes, strict=True):
        out.append(element("rect", None, x=x0, y=y0, width=x1 - x0, height=y1 - y0, class_=f"quadrant {cls}"))
        # Each quadrant is named in its top corner, out of the cells' way.
        ty = y0 + 15
        out.append(text(x0 + 6, ty, who, class_="q-who"))
        taken.append((x0 + 4, ty - 12, x0 + 8 + text_width(who, 13), ty + 3))
    out.append(
        element(
            "rect",
            None,
            x=UNKNOWN_LEFT,
            y=PLOT_TOP,
            width=UNKNOWN_RIGHT - UNKNOWN_LEFT,
            height=PLOT_BOTTOM - PLOT_TOP,
            class_="quadrant q-unknown",
        )
    )
    centre_unknown = (UNKNOWN_LEFT + UNKNOWN_RIGHT) / 2
    out.append(text(centre_unknown, PLOT_TOP + 15, _("Unknown"), class_="q-who", text_anchor="middle"))
    taken.append((UNKNOWN_LEFT, PLOT_TOP, UNKNOWN_RIGHT, PLOT_TOP + 19))
    # Axes.
    for value, name in [(-2, _("against")), (0, _("neutral")), (2, _("for"))]:
        out.append(
            text(x(value), PLOT_BOTTOM + 16, f"{value:+d}" if value else "0", class_="tick", text_anchor="middle")
        )
        out.append(text(x(value), PLOT_BOTTOM + 30, name, class_="tick", text_anchor="middle"))
    for value in INFLUENCES:
        out.append(text(PLOT_LEFT - 8, y(value) + 4, value, class_="tick", text_anchor="end"))
    out.append(
        text((PLOT_LEFT + PLOT_RIGHT) / 2, MAP_H - 6, _("Position on the purpose"), class_="axis", text_anchor="middle")
    )
    out.append(
        text(
            14,
            (PLOT_TOP + PLOT_BOTTOM) / 2,
            _("Influence"),
            class_="axis",
            text_anchor="middle",
            transform=f"rotate(-90 14 {svg.num((PLOT_TOP + PLOT_BOTTOM) / 2)})",
        )
    )
    # Cells: a box with its count in the lower part of each band; a link to the list.
    for c in cells:
        cx, cy = _column(x, c.position), y(c.influence) + 15
        tip = ngettext(
            "%(n)d more stakeholder at position %(position)s, influence %(influence)d",
            "%(n)d more stakeholders at position %(position)s, influence %(influence)d",
            c.count,
        ) % {"n": c.count, "position": c.position_text, "influence": c.influence}
        box = (cx - CELL_W / 2, cy - CELL_H / 2, cx + CELL_W / 2, cy + CELL_H / 2)
        taken.append(box)
        out.append(
            element(
                "a",
                title(tip)
                + element("rect", None, x=box[0], y=box[1], width=CELL_W, height=CELL_H, rx=4.0, class_="cell")
                + text(cx, cy + 4.5, c.count, class_="cell-count", text_anchor="middle"),
                href=c.href,
                hx_get=c.panel_url,
                hx_target="#map-panel",
                hx_swap="innerHTML",
                aria_label=tip,
                class_="cell-link",
            )
        )
    # Dots in the upper part of their band; labels placed first for targets, then members.
    placed: dict[int, tuple[float, float, float]] = {}
    for p in points:
        dx, dy = svg.jitter(p.id, 12)
        cx = _column(x, p.position) + dx * (1.6 if p.position is not None else 1.4)
        cy = y(p.influence) - 6 + dy * 0.9
        placed[p.id] = (cx, cy, 4 + 1.2 * p.interest)
    # A label covers no dot either (its own dot included: labels sit beside it).
    taken += [(cx - r, cy - r, cx + r, cy + r) for cx, cy, r in placed.values()]
    order = {"target": 0, "member": 1, "other": 2}
    labels: dict[int, str] = {}
    bounds = (0.0, 0.0, MAP_W, PLOT_BOTTOM)
    for p in sorted(points, key=lambda p: (order[p.role], -p.influence, p.name)):
        cx, cy, r = placed[p.id]
        short = short_label(p.name)
        spot = place_label(cx, cy, r, short, taken, size=LABEL_FONT, bounds=bounds)
        if spot is None:
            continue
        lx, ly, anchor, box = spot
        taken.append(box)
        labels[p.id] = text(lx, ly, short, class_="dot-label", text_anchor=anchor)
    # The smaller dots drawn last so they stay clickable on top of big ones.
    for p in sorted(points, key=lambda p: (-p.interest, p.id)):
        cx, cy, r = placed[p.id]
        position = _("unknown") if p.position is None else f"{p.position:+d}"
        tip = _("%(name)s: position %(position)s, influence %(influence)d, interest %(interest)d") % {
            "name": p.name,
            "position": position,
            "influence": p.influence,
            "interest": p.interest,
        }
        dot = element("circle", None, cx=float(cx), cy=float(cy), r=float(r), class_=f"dot {p.role}")
        out.append(
            element(
                "a",
                title(tip) + dot + labels.get(p.id, ""),
                href=p.href,
                hx_get=p.panel_url,
                hx_target="#map-panel",
                hx_swap="innerHTML",
                aria_label=tip,
                class_="dot-link",
            )
        )
    return _safe(
        svg.svg(
            out,
            width=MAP_W,
            height=MAP_H,
            label=label,
            description=description,
            id_prefix="power-map",
            class_="chart power-map",
        )
    )


# --- Network ----------------------------------------------------------------------------------

NET_W, NET_H, NET_PAD = 1000.0, 700.0, 40.0
ZOOM_LEVELS = (1, 2, 3, 4)

# The method's fifteen categories in nine colour families, so the legend stays readable.
KIND_FAMILIES: dict[str, str] = {
    "local_ngo": "civil",
    "member_based": "civil",
    "womens_rights": "civil",
    "ingo": "ingo",
    "donor_multilateral": "donor",
    "donor_bilateral": "donor",
    "donor_foundation": "donor",
    "academic": "knowledge",
    "other_sector": "knowledge",
    "expert": "knowledge",
    "private": "private",
    "national_government": "state",
    "local_authority": "state",
    "parliament": "state",
    "religious_traditional": "faith",
    "media": "media",
    "un_agency": "un",
}


def family_labels() -> list[tuple[str, str]]:
    return [
        ("civil", _("Civil society: local, member-based, women's rights")),
        ("ingo", _("International NGOs")),
        ("donor", _("Donors")),
        ("knowledge", _("Research, think-tanks, experts")),
        ("private", _("Private sector")),
        ("state", _("Government and parliament")),
        ("faith", _("Religious or traditional leaders")),
        ("media", _("Media")),
        ("un", _("UN agencies")),
    ]


def position_labels() -> list[tuple[str, str]]:
    return [
        ("p2", _("Strongly for (+2)")),
        ("p1", _("For (+1)")),
        ("p0", _("Neutral (0)")),
        ("m1", _("Against (−1)")),
        ("m2", _("Strongly against (−2)")),
        ("unknown", _("Unknown")),
    ]


def position_class(position: int | None) -> str:
    if position is None:
        return "pos-unknown"
    return f"pos-{'p' if position >= 0 else 'm'}{abs(position)}"


@dataclass(frozen=True)
class NetNode:
    id: int
    name: str
    x: float  # 0..1
    y: float  # 0..1
    colour: str  # css class
    is_target: bool
    is_member: bool
    href: str


@dataclass(frozen=True)
class NetEdge:
    source: int
    target: int
    kind: str
    kind_label: str
    strength: int


# A stakeholder added since the last layout is parked along the bottom, this many to a row,
# until the next layout is ready.
PARKED_PER_ROW = 40


@dataclass(frozen=True)
class NetworkPicture:
    chart: SafeString
    missing: int  # stakeholders without a place in the layout yet (parked along the bottom)


def network_picture(
    people: Sequence[Stakeholder],
    ties: Sequence[tuple[int, int, str, int]],
    positions: Mapping[str, Sequence[float]],
    *,
    assessments: Mapping[int, Assessment] | None,
    zoom: int,
    focus: int | None,
    url: Callable[[int], str],
) -> NetworkPicture:
    """The network page's picture: every stakeholder at its place in the cached layout
    (`positions`, by id as text), coloured by type, or by position when `assessments` are given;
    every tie (source, target, kind, strength) as an arrow."""
    kind_labels = dict(Tie.Kind.choices)
    nodes = []
    missing = 0
    for i, s in enumerate(people):
        xy: Any = positions.get(str(s.pk))
        if xy is None:
            missing += 1
            xy = [(i % PARKED_PER_ROW) / PARKED_PER_ROW, 1.0]
        if assessments is not None:
            a = assessments.get(s.pk)
            css = position_class(a.position if a else None)
        else:
            css = "fam-" + KIND_FAMILIES.get(s.kind, "civil")
        nodes.append(
            NetNode(
                id=s.pk,
                name=s.name,
                x=float(xy[0]),
                y=float(xy[1]),
                colour=css,
                is_target=s.is_target,
                is_member=membership_status(s) == MEMBER,
                href=url(s.pk),
            )
        )
    nodes = _fill(nodes, parked={n.id for n in nodes if positions.get(str(n.id)) is None})
    edges = [NetEdge(a, b, k, str(kind_labels.get(k, k)), st) for a, b, k, st in ties]
    chart = network(
        nodes,
        edges,
        zoom=zoom,
        focus=focus,
        label=_("Network of ties between stakeholders"),
        description=_(
            "Each dot is a stakeholder and each arrow a tie from one to another; thicker arrows are "
            "stronger ties, red dashed arrows are opposition. Ringed dots are targets. The table "
            "below lists the most connected stakeholders."
        ),
    )
    return NetworkPicture(chart=chart, missing=missing)


def _fill(nodes: list[NetNode], *, parked: set[int]) -> list[NetNode]:
    """The placed nodes stretched to fill the picture: a neighbourhood drawn from the whole
    network's layout would otherwise sit crowded in one corner of it."""
    placed = [n for n in nodes if n.id not in parked]
    if len(placed) < 2:
        return nodes
    xs, ys = [n.x for n in placed], [n.y for n in placed]
    x0, y0 = min(xs), min(ys)
    # One factor for both axes keeps the shape; parked nodes keep their row along the bottom.
    span = max(max(xs) - x0, max(ys) - y0, 1e-9)
    top = 0.95 if parked else 1.0
    return [n if n.id in parked else replace(n, x=(n.x - x0) / span, y=(n.y - y0) / span * top) for n in nodes]


def view_box(zoom: int, centre: tuple[float, float]) -> tuple[float, float, float, float]:
    """The visible window at `zoom` (1 = everything) around `centre` (canvas units), kept
    inside the canvas so zooming near an edge does not show empty space."""
    w, h = NET_W / zoom, NET_H / zoom
    x0 = min(max(centre[0] - w / 2, 0.0), NET_W - w)
    y0 = min(max(centre[1] - h / 2, 0.0), NET_H - h)
    return (x0, y0, w, h)


def canvas_point(node: NetNode) -> tuple[float, float]:
    return (NET_PAD + node.x * (NET_W - 2 * NET_PAD), NET_PAD + node.y * (NET_H - 2 * NET_PAD))


def network(
    nodes: Sequence[NetNode],
    edges: Sequence[NetEdge],
    *,
    zoom: int,
    focus: int | None,
    label: str,
    description: str,
) -> SafeString:
    at = {n.id: canvas_point(n) for n in nodes}
    centre = at.get(focus, (NET_W / 2, NET_H / 2)) if focus is not None else (NET_W / 2, NET_H / 2)
    box = view_box(zoom, centre)
    # Text and dots keep a readable size when zoomed: scale them down with the window.
    k = 1.0 / zoom
    radius = 9.0 * max(k, 0.45)
    show_names = zoom >= 2 or len(nodes) <= 40
    out = [
        element(
            "defs",
            svg.arrow_marker("arrow", size=8 * max(k, 0.45))
            + svg.arrow_marker("arrow-opposes", class_="arrow opposes", size=8 * max(k, 0.45)),
        )
    ]
    lines = []
    for e in edges:
        if e.source not in at or e.target not in at:
            continue
        (x1, y1), (x2, y2) = at[e.source], at[e.target]
        ex, ey = svg.shorten(x1, y1, x2, y2, radius + 1)
        marker = "url(#arrow-opposes)" if e.kind == "opposes" else "url(#arrow)"
        lines.append(
            element(
                "line",
                title(e.kind_label),
                x1=float(x1),
                y1=float(y1),
                x2=float(ex),
                y2=float(ey),
                class_=f"tie {e.kind} s{e.strength}",
                marker_end=marker,
                stroke_width=float(e.strength * k * 1.2),
            )
        )
    out.append(group(lines, class_="ties"))
    # Names placed beside their dots, targets first, none over another or over a dot; a name
    # with no room is left to the dot's <title>.
    size = 13 * max(k, 0.5)
    x0, y0, w, h = box
    taken = Taken((cx - radius, cy - radius, cx + radius, cy + radius) for cx, cy in at.values())
    names: dict[int, str] = {}
    for n in sorted(nodes, key=lambda n: (not n.is_target, not n.is_member, n.name)):
        if not (show_names or n.is_target):
            continue
        cx, cy = at[n.id]
        if not (x0 <= cx <= x0 + w and y0 <= cy <= y0 + h):
            continue
        short = short_label(n.name, 26)
        ring = radius * (1.6 if n.is_target else 1.0)
        spot = place_label(cx, cy, ring, short, taken, size=size, bounds=(x0, y0, x0 + w, y0 + h))
        if spot is None:
            continue
        lx, ly, anchor, label_box = spot
        taken.append(label_box)
        names[n.id] = text(lx, ly, short, class_="node-label", text_anchor=anchor, font_size=float(size))
    dots = []
    for n in nodes:
        cx, cy = at[n.id]
        parts = [title(n.name)]
        if n.is_target:
            parts.append(
                element(
                    "circle",
                    None,
                    cx=cx,
                    cy=cy,
                    r=radius * 1.6,
                    class_="target-ring",
                    stroke_width=float(3 * max(k, 0.45)),
                )
            )
        parts.append(
            element(
                "circle", None, cx=cx, cy=cy, r=radius, class_=f"node {n.colour}" + (" member" if n.is_member else "")
            )
        )
        parts.append(names.get(n.id, ""))
        dots.append(element("a", "".join(parts), href=n.href, class_="node-link"))
    out.append(group(dots, class_="nodes"))
    return _safe(
        svg.svg(
            out,
            width=NET_W,
            height=NET_H,
            label=label,
            description=description,
            id_prefix="network",
            class_="chart network",
            view_box=box,
        )
    )


# --- Composition --------------------------------------------------------------------------------


def composition_bars(rows: Sequence[tuple[str, int, int]], *, label: str, id_prefix: str) -> SafeString:
    """Members and candidates per category, stacked."""
    description = "; ".join(
        _("%(name)s: %(m)d members, %(c)d candidates") % {"name": name, "m": m, "c": c} for name, m, c in rows
    )
    chart = svg.bar_chart(
        [(name, [(m, "bar-member"), (c, "bar-candidate")]) for name, m, c in rows],
        label=label,
        description=description,
        id_prefix=id_prefix,
    )
    return _safe(chart)


def composition_charts(result: Composition) -> list[tuple[str, list[CompositionRow], SafeString]]:
    """(heading, rows, chart) for the composition by type, by scope and by political orientation."""
    charts = [
        (_("By type"), "by-kind", result.by_kind),
        (_("By scope"), "by-scope", result.by_scope),
        (_("By political orientation"), "by-orientation", result.by_orientation),
    ]
    return [
        (
            heading,
            rows,
            composition_bars([(r.label, r.members, r.candidates) for r in rows], label=heading, id_prefix=prefix),
        )
        for heading, prefix, rows in charts
    ]


# --- One stakeholder's history ------------------------------------------------------------------

HIST_W, HIST_H = 320.0, 200.0
HIST_LEFT, HIST_RIGHT = 36.0, 310.0
HIST_POS_TOP, HIST_POS_BOTTOM = 16.0, 96.0
HIST_INF_TOP, HIST_INF_BOTTOM = 120.0, 176.0


@dataclass(frozen=True)
class HistoryChart:
    svg: SafeString
    summary: str


def history_summary(history: Sequence[Assessment]) -> str:
    """One sentence saying how position and influence moved (the chart's caption)."""
    positions = [a.position for a in history if a.position is not None]
    first, last = history[0].influence, history[-1].influence
    if len(positions) >= 2 and positions[0] != positions[-1]:
        return _("Position moved from %(a)s to %(b)s; influence from %(c)s to %(d)s.") % {
            "a": f"{positions[0]:+d}",
            "b": f"{positions[-1]:+d}",
            "c": first,
            "d": last,
        }
    if positions:
        return _("Position stayed at %(a)s; influence from %(c)s to %(d)s.") % {
            "a": f"{positions[-1]:+d}",
            "c": first,
            "d": last,
        }
    return _("Position unknown so far; influence from %(c)s to %(d)s.") % {"c": first, "d": last}


# The history chart's text carries its own size and colour (not the register's stylesheet's
# 9-10 px): drawn 320 units wide, it is about 330 px wide on a phone, so 12 units read as 12 px.
_HIST_TICK: dict[str, object] = {"class_": "h-tick", "font_size": 12.0, "fill": "#57606a", "text_anchor": "end"}
_HIST_BAND: dict[str, object] = {"class_": "h-band", "font_size": 12.0, "font_weight": "600", "fill": "#24292f"}


def history_chart(history: Sequence[Assessment]) -> HistoryChart | None:
    """Position (top band, −2…+2, unknown drawn hollow on the middle line) and influence (bottom
    band, 0…5) over time, oldest first; None without assessments. The table beside it carries
    the same data."""
    if not history:
        return None
    first, last = history[0].assessed_on, history[-1].assessed_on
    when = Scale((0, max((last - first).days, 1)), (HIST_LEFT, HIST_RIGHT))
    pos_y = Scale((2, -2), (HIST_POS_TOP, HIST_POS_BOTTOM))
    inf_y = Scale((5, 0), (HIST_INF_TOP, HIST_INF_BOTTOM))

    def x_of(day: dt.date) -> float:
        return (HIST_LEFT + HIST_RIGHT) / 2 if len(history) == 1 else when((day - first).days)

    summary = history_summary(history)
    out = [text(HIST_LEFT, 11, _("Position (−2 to +2)"), **_HIST_BAND)]
    for v in (2, 1, 0, -1, -2):
        y = pos_y(v)
        out.append(
            element("line", None, x1=HIST_LEFT, x2=HIST_RIGHT, y1=y, y2=y, class_="grid zero" if v == 0 else "grid")
        )
        out.append(text(HIST_LEFT - 4, y, f"{v:+d}" if v else "0", dy=4, **_HIST_TICK))
    known = [(x_of(a.assessed_on), pos_y(a.position), a) for a in history if a.position is not None]
    if known:
        out.append(element("polyline", None, points=_points((x, y) for x, y, _a in known), class_="line pos-line"))
    for a in history:
        day = formats.date_format(a.assessed_on, "SHORT_DATE_FORMAT")
        if a.position is None:
            tip = _("%(day)s: position unknown") % {"day": day}
            dot = element("circle", title(tip), cx=x_of(a.assessed_on), cy=pos_y(0), r=3.5, class_="dot unknown-dot")
        else:
            tip = _("%(day)s: position %(position)s") % {"day": day, "position": f"{a.position:+d}"}
            dot = element(
                "circle", title(tip), cx=x_of(a.assessed_on), cy=pos_y(a.position), r=3.5, class_="dot pos-dot"
            )
        out.append(dot)
    out.append(text(HIST_LEFT, HIST_INF_TOP - 6, _("Influence (0 to 5)"), **_HIST_BAND))
    for v in (5, 0):
        y = inf_y(v)
        out.append(element("line", None, x1=HIST_LEFT, x2=HIST_RIGHT, y1=y, y2=y, class_="grid"))
        out.append(text(HIST_LEFT - 4, y, v, dy=4, **_HIST_TICK))
    out.append(
        element(
            "polyline",
            None,
            points=_points((x_of(a.assessed_on), inf_y(a.influence)) for a in history),
            class_="line inf-line",
        )
    )
    for a in history:
        day = formats.date_format(a.assessed_on, "SHORT_DATE_FORMAT")
        tip = _("%(day)s: influence %(influence)s") % {"day": day, "influence": a.influence}
        out.append(
            element("circle", title(tip), cx=x_of(a.assessed_on), cy=inf_y(a.influence), r=3.0, class_="dot inf-dot")
        )
    out.append(
        text(
            HIST_LEFT,
            HIST_H - 6,
            formats.date_format(first, "YEAR_MONTH_FORMAT"),
            **{**_HIST_TICK, "text_anchor": "start"},
        )
    )
    out.append(text(HIST_RIGHT, HIST_H - 6, formats.date_format(last, "YEAR_MONTH_FORMAT"), **_HIST_TICK))
    picture = svg.svg(
        out,
        width=HIST_W,
        height=HIST_H,
        label=_("Position and influence over time"),
        description=f"{summary} {_('The table below lists every assessment.')}",
        id_prefix="history",
        class_="history-chart",
    )
    return HistoryChart(svg=_safe(picture), summary=summary)


def _points(pairs: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{svg.num(x)},{svg.num(y)}" for x, y in pairs)
