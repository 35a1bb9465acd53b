"""The landscape's pictures as SVG strings: the power-vs-position map, the network and the
composition bars. Takes data already fetched and authorised (the views only fetch and render),
works out the geometry and the marks, returns markup; every label is escaped by accord.lib.svg.
Colours come from classes in landscape/maps.css."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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


def map_points(
    people: Iterable[Stakeholder], current: Mapping[int, Assessment], *, url: Callable[[int], str]
) -> tuple[list[MapPoint], list[Stakeholder]]:
    """The assessed stakeholders as dots, by name, and those with no assessment yet (not on the
    map), by name. `url` gives a stakeholder's panel."""
    by_id = {s.pk: s for s in people}
    points = []
    for sid, a in current.items():
        s = by_id.get(sid)
        if s is None:
            continue
        role = "target" if s.is_target else ("member" if membership_status(s) == MEMBER else "other")
        points.append(MapPoint(sid, s.name, a.position, a.influence, a.interest, role, url(sid), url(sid)))
    points.sort(key=lambda p: p.name)
    assessed = {p.id for p in points}
    unassessed = sorted((s for s in by_id.values() if s.pk not in assessed), key=lambda s: s.name)
    return points, unassessed


def power_map_chart(points: Sequence[MapPoint], *, as_of: dt.date | None) -> SafeString:
    """The map with its accessible name and description, as the map page shows it."""
    description = _(
        "Each dot is a stakeholder: left is against the purpose, right is for it, higher is more "
        "influential, a bigger dot is more interested. Stakeholders whose position is unknown are "
        "in the strip on the right. The table below lists the same data."
    )
    label = _("Power and position map")
    if as_of:
        label = _("Power and position map as of %(date)s") % {"date": as_of.isoformat()}
    return power_map(points, label=label, description=description)


def quadrant_strategies() -> list[tuple[str, str, str]]:
    """(css class, who, what to do) for each quadrant, in reading order."""
    return [
        ("q-opp-strong", _("Influential opponents"), _("Win them over, or limit their sway")),
        ("q-sup-strong", _("Influential supporters"), _("Involve them closely")),
        ("q-opp-weak", _("Less influential opponents"), _("Keep an eye on them")),
        ("q-sup-weak", _("Less influential supporters"), _("Mobilise and strengthen them")),
    ]


def power_map(points: Sequence[MapPoint], *, label: str, description: str) -> SafeString:
    x = Scale((-2.5, 2.5), (PLOT_LEFT, PLOT_RIGHT))
    y = Scale((0, 5), (PLOT_BOTTOM, PLOT_TOP))
    mid_x, mid_y = x(0), y(INFLUENCE_SPLIT)
    out: list[str] = []
    # Quadrants, each with the strategy it suggests.
    boxes = [
        (PLOT_LEFT, PLOT_TOP, mid_x, mid_y),
        (mid_x, PLOT_TOP, PLOT_RIGHT, mid_y),
        (PLOT_LEFT, mid_y, mid_x, PLOT_BOTTOM),
        (mid_x, mid_y, PLOT_RIGHT, PLOT_BOTTOM),
    ]
    for (cls, who, what), (x0, y0, x1, y1) in zip(quadrant_strategies(), boxes, strict=True):
        out.append(element("rect", None, x=x0, y=y0, width=x1 - x0, height=y1 - y0, class_=f"quadrant {cls}"))
        out.append(text(x0 + 6, y0 + 15, who, class_="q-who"))
        out.append(text(x0 + 6, y0 + 29, what, class_="q-what"))
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
    out.append(
        text(
            (UNKNOWN_LEFT + UNKNOWN_RIGHT) / 2,
            PLOT_TOP + 15,
            _("Position unknown"),
            class_="q-who",
            text_anchor="middle",
        )
    )
    out.append(
        text((UNKNOWN_LEFT + UNKNOWN_RIGHT) / 2, PLOT_TOP + 29, _("Find out"), class_="q-what", text_anchor="middle")
    )
    # Axes.
    for value, name in [(-2, _("against")), (0, _("neutral")), (2, _("for"))]:
        out.append(
            text(x(value), PLOT_BOTTOM + 16, f"{value:+d}" if value else "0", class_="tick", text_anchor="middle")
        )
        out.append(text(x(value), PLOT_BOTTOM + 30, name, class_="tick", text_anchor="middle"))
    for value in range(6):
        out.append(text(PLOT_LEFT - 8, y(value) + 4, value, class_="tick", text_anchor="end"))
    out.append(
        text((PLOT_LEFT + PLOT_RIGHT) / 2, MAP_H - 6, _("Position on the purpose"), class_="axis", text_anchor="middle")
    )
    out.append(
        text(
            12,
            (PLOT_TOP + PLOT_BOTTOM) / 2,
            _("Influence"),
            class_="axis",
            text_anchor="middle",
            transform=f"rotate(-90 12 {svg.num((PLOT_TOP + PLOT_BOTTOM) / 2)})",
        )
    )
    # Dots, the smaller drawn last so they stay clickable on top of big ones.
    for p in sorted(points, key=lambda p: (-p.interest, p.id)):
        dx, dy = svg.jitter(p.id, 14)
        cx = (UNKNOWN_LEFT + UNKNOWN_RIGHT) / 2 + dx * 2.2 if p.position is None else x(p.position) + dx
        cy = min(max(y(p.influence) + dy, PLOT_TOP + 6), PLOT_BOTTOM - 6)
        r = 5 + 1.6 * p.interest
        position = _("unknown") if p.position is None else f"{p.position:+d}"
        tip = _("%(name)s: position %(position)s, influence %(influence)d, interest %(interest)d") % {
            "name": p.name,
            "position": position,
            "influence": p.influence,
            "interest": p.interest,
        }
        dot = element("circle", None, cx=float(cx), cy=float(cy), r=float(r), class_=f"dot {p.role}")
        name = text(cx, cy - r - 3, p.name[:28], class_="dot-label", text_anchor="middle") if p.role == "target" else ""
        out.append(
            element(
                "a",
                title(tip) + dot + name,
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
        if show_names or n.is_target:
            parts.append(
                text(
                    cx,
                    cy - radius * 1.8,
                    n.name[:32],
                    class_="node-label",
                    text_anchor="middle",
                    font_size=float(13 * max(k, 0.5)),
                )
            )
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
    out = [text(HIST_LEFT, 10, _("Position (−2 to +2)"), class_="band-label")]
    for v in (2, 1, 0, -1, -2):
        y = pos_y(v)
        out.append(
            element("line", None, x1=HIST_LEFT, x2=HIST_RIGHT, y1=y, y2=y, class_="grid zero" if v == 0 else "grid")
        )
        out.append(text(HIST_LEFT - 4, y, f"{v:+d}" if v else "0", class_="tick", dy=3))
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
    out.append(text(HIST_LEFT, HIST_INF_TOP - 6, _("Influence (0 to 5)"), class_="band-label"))
    for v in (5, 0):
        y = inf_y(v)
        out.append(element("line", None, x1=HIST_LEFT, x2=HIST_RIGHT, y1=y, y2=y, class_="grid"))
        out.append(text(HIST_LEFT - 4, y, v, class_="tick", dy=3))
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
    out.append(text(HIST_LEFT, HIST_H - 6, formats.date_format(first, "YEAR_MONTH_FORMAT"), class_="tick start"))
    out.append(text(HIST_RIGHT, HIST_H - 6, formats.date_format(last, "YEAR_MONTH_FORMAT"), class_="tick"))
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
