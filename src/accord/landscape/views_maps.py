"""The landscape's maps and analytics: the power-vs-position map (with its htmx side panel), the
network, the composition of the membership, the analytics and the suggestions of whom to invite.
Every picture is SVG drawn here on the server; every page also carries the same data as a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accord.core.tenancy import AllianceRequest, alliance_view, get_in_alliance
from accord.landscape import analytics, drawing, graph_cache, selectors
from accord.landscape.models import GraphCache, Stakeholder
from accord.lib.urls import record_url

PERM = "landscape.view_analytics"
# The zoom a "centre on" starts at when none is chosen.
CENTRE_ZOOM = 3


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=gettext_lazy("Show the map as it stood on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a date as YYYY-MM-DD, for example 2024-03-31.")},
    )


class NetworkForm(forms.Form):
    colour = forms.ChoiceField(
        label=gettext_lazy("Colour by"),
        required=False,
        choices=[("type", gettext_lazy("type")), ("position", gettext_lazy("position"))],
    )
    # By name, with the names offered as one types (a <datalist>: no script needed).
    centre = forms.CharField(
        label=gettext_lazy("Centre on"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "network-names", "autocomplete": "off"}),
        help_text=gettext_lazy("Type a stakeholder's name and choose it from the list."),
    )
    zoom = forms.TypedChoiceField(
        label=gettext_lazy("Zoom"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(z, f"{z}×") for z in drawing.ZOOM_LEVELS],
    )


def _as_of(request: HttpRequest) -> tuple[AsOfForm, dt.date | None]:
    form = AsOfForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["as_of"]
    return form, None


def _map_context(request: AllianceRequest) -> dict[str, Any]:
    """The map at any size: at most drawing.MAX_DOTS dots (targets, members, then the most
    influential), everyone else assessed counted in cells. Queries do not grow with the data."""
    alliance = request.alliance
    form, as_of = _as_of(request)
    query = f"?as_of={as_of.isoformat()}" if as_of else ""
    influential = graph_cache.influential_ids(alliance, limit=drawing.MAX_DOTS)
    rows = selectors.with_latest(alliance, selectors.stakeholders(alliance), as_of=as_of).filter(
        latest_id__isnull=False
    )
    # Three short lists, each at most MAX_DOTS long: targets, members, the most influential
    # others (by the background ranking; before it exists, those assessed at 5).
    by_influence = (F("latest_influence").desc(nulls_last=True), "name", "pk")
    top = drawing.MAX_DOTS
    targets = list(rows.filter(is_target=True).order_by(*by_influence)[:top])
    members = list(rows.filter(is_target=False, membership__status=analytics.MEMBER).order_by(*by_influence)[:top])
    others = rows.filter(is_target=False).exclude(membership__status=analytics.MEMBER)
    others = others.filter(pk__in=influential) if influential else others.filter(latest_influence=5)
    dots = drawing.choose_dots(targets, members, list(others.order_by(*by_influence)[:top]))
    panel_url = _panel_url_maker(alliance)
    points = drawing.map_points(dots, url=lambda pk: panel_url(pk) + query)
    counts = selectors.assessment_cells(alliance, as_of=as_of, exclude=[p.id for p in points])
    cells = [
        drawing.MapCell(
            position=position,
            influence=influence,
            count=n,
            href=_cell_url(alliance, position, influence) + query.replace("?", "&"),
            panel_url=_cell_url(alliance, position, influence) + query.replace("?", "&"),
        )
        for (position, influence), n in sorted(
            counts.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or 0, -kv[0][1])
        )
    ]
    assessed = len(points) + sum(counts.values())
    return {
        "form": form,
        "as_of": as_of,
        "points": points,
        "cells": cells,
        "counted": sum(counts.values()),
        "chart": drawing.power_map_chart(points, cells, as_of=as_of),
        "strategies": drawing.quadrant_strategies(),
        "unassessed": max(alliance.stakeholders.count() - assessed, 0),
    }


def _panel_url(alliance: Any, stakeholder_id: int) -> str:
    return reverse("landscape:map_panel", kwargs={"alliance_slug": alliance.slug, "stakeholder_id": stakeholder_id})


def _panel_url_maker(alliance: Any) -> Callable[[int], str]:
    """`_panel_url` for many stakeholders of one alliance: the route reversed once."""
    return record_url("landscape:map_panel", "stakeholder_id", alliance_slug=alliance.slug)


def _cell_url(alliance: Any, position: int | None, influence: int) -> str:
    """The cell's panel: its place in the query (?position=-2..2 or unknown&influence=0..5)."""
    key = "unknown" if position is None else str(position)
    url = reverse("landscape:map_cell", kwargs={"alliance_slug": alliance.slug})
    return f"{url}?position={key}&influence={influence}"


@alliance_view(PERM)
def power_map(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    return render(request, "landscape/maps/map.html", _map_context(request))


@alliance_view(PERM)
def map_panel(request: AllianceRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    """The side panel of one stakeholder: a fragment for htmx, the whole map around it otherwise."""
    alliance = request.alliance
    stakeholder = get_in_alliance(selectors.stakeholders(alliance), pk=stakeholder_id)
    _form, as_of = _as_of(request)
    panel = _panel(stakeholder, as_of)
    if request.htmx:
        return render(request, "landscape/maps/map.html#panel", panel)
    return render(request, "landscape/maps/map.html", {**_map_context(request), **panel})


CELL_PAGE_SIZE = 25
CELL_POSITIONS = {"unknown": None, "-2": -2, "-1": -1, "0": 0, "1": 1, "2": 2}


@alliance_view(PERM)
def map_cell(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """The side panel listing the stakeholders counted in one cell of the map, a page at a time."""
    position = request.GET.get("position", "")
    raw_influence = request.GET.get("influence", "")
    influence = int(raw_influence) if raw_influence.isdigit() else -1
    if position not in CELL_POSITIONS or influence not in drawing.INFLUENCES:
        raise Http404
    alliance = request.alliance
    _form, as_of = _as_of(request)
    where = CELL_POSITIONS[position]
    people = Paginator(
        selectors.in_cell(alliance, position=where, influence=influence, as_of=as_of), CELL_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = f"?as_of={as_of.isoformat()}" if as_of else ""
    panel = {
        "cell": drawing.MapCell(where, influence, people.paginator.count, "", ""),
        "cell_page": people,
        "cell_rows": [(s, _panel_url(alliance, s.pk) + query) for s in people],
        "cell_url": _cell_url(alliance, where, influence),
        "as_of_query": f"&as_of={as_of.isoformat()}" if as_of else "",
    }
    if request.htmx:
        return render(request, "landscape/maps/map.html#panel", panel)
    return render(request, "landscape/maps/map.html", {**_map_context(request), **panel})


def _panel(stakeholder: Stakeholder, as_of: dt.date | None) -> dict[str, Any]:
    history = stakeholder.assessments.select_related("assessed_by").order_by("-assessed_on", "-id")
    if as_of:
        history = history.filter(assessed_on__lte=as_of)
    rows = list(history[:5])
    return {
        "selected": stakeholder,
        "selected_status": analytics.membership_status(stakeholder),
        "assessment": rows[0] if rows else None,
        "earlier": rows[1:],
    }


# The network's first view: at most this many stakeholders and ties.
NODE_CAP, EDGE_CAP, TARGET_CAP, BROKER_CAP = 150, 400, 60, 40
CONNECTED_LIMIT = 20


def _by_name(alliance: Any, typed: str) -> tuple[Stakeholder | None, str]:
    found, n = selectors.find_by_name(alliance, typed)
    if found is not None:
        return found, ""
    if n:
        return None, _("Several stakeholders have “%(name)s” in their name: choose one from the list.") % {
            "name": typed
        }
    return None, _("No stakeholder called “%(name)s” in this alliance.") % {"name": typed}


@alliance_view(PERM)
def network(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """The neighbourhood that matters (targets, members and who links them, capped), or the one
    around the stakeholder centred on; the rest counted in words and offered as downloads."""
    alliance = request.alliance
    form = NetworkForm(request.GET or None)
    colour, zoom, centre = "type", 1, ""
    if form.is_bound:
        form.is_valid()  # each valid field is used; each bad one shows its error and its default
        colour = form.cleaned_data.get("colour") or "type"
        zoom = form.cleaned_data.get("zoom") or 1
        centre = (form.cleaned_data.get("centre") or "").strip()
    layout = graph_cache.cached(alliance, GraphCache.Kind.LAYOUT, with_data=False)
    focus = None
    if centre:
        found, problem = _by_name(alliance, centre)
        if found is None:
            form.add_error("centre", problem)
        else:
            focus = found.pk
            if zoom == 1:  # centring the whole picture would change nothing
                zoom = CENTRE_ZOOM
                form.data = {**form.data, "zoom": str(zoom)}  # the zoom control shows the zoom drawn
    # The drawn view depends on the landscape (stakeholders, ties, targets, members, assessments:
    # the analytics fingerprint), the stored layout, the view asked for and the language; it is
    # kept in the cache under all of them, so an unchanged landscape is drawn once, not per
    # request, and any change (a tie, a rename, a new member) draws it afresh.
    key = "network-view:{a}:{slug}:{fp}:{layout}:{colour}:{zoom}:{focus}:{lang}".format(
        a=alliance.pk,
        slug=alliance.slug,
        fp=analytics.fingerprint_for(alliance, GraphCache.Kind.ANALYTICS, base=layout.fingerprint),
        layout=layout.computed_at.timestamp() if layout.computed_at else "none",
        colour=colour,
        zoom=zoom,
        focus=focus or "",
        lang=get_language(),
    )
    view = cache.get(key)
    if view is None:
        view = _network_view(alliance, layout, colour=colour, zoom=zoom, focus=focus)
        cache.set(key, view, NETWORK_VIEW_SECONDS)
    return render(
        request,
        "landscape/maps/network.html",
        {
            **view,
            "form": form,
            "colour": colour,
            "zoom": zoom,
            "focus": focus,
            "centre_zoom": CENTRE_ZOOM,
            "layout": layout,
            "legend": drawing.family_labels() if colour == "type" else drawing.position_labels(),
        },
    )


# How long a drawn network view stays in the cache: any change to the landscape makes a new key
# anyway; this only lets unused views expire.
NETWORK_VIEW_SECONDS = 24 * 3600


def _network_view(
    alliance: Any, layout: graph_cache.Cached, *, colour: str, zoom: int, focus: int | None
) -> dict[str, Any]:
    """What the network page draws, as plain values (cacheable): the chart, who is drawn (for the
    names offered in "centre on"), the most connected, and what is left out."""
    totals = alliance.stakeholders.aggregate(people=Count("id"))["people"], alliance.ties.count()
    ids = selectors.neighbourhood(alliance, cap=NODE_CAP, targets=TARGET_CAP, brokers=BROKER_CAP)
    if focus is not None and totals[0] > NODE_CAP and focus not in ids:
        ids = selectors.neighbours(alliance, focus, limit=NODE_CAP)
    # A small landscape is drawn whole.
    people_rows = selectors.stakeholders(alliance)
    if totals[0] > NODE_CAP:
        people_rows = people_rows.filter(pk__in=ids)
    people = list(people_rows.order_by("name", "id"))
    drawn = [s.pk for s in people]
    ties = list(
        selectors.ties(alliance)
        .filter(source_id__in=drawn, target_id__in=drawn)
        .order_by("-strength", "id")
        .values_list("source_id", "target_id", "kind", "strength")[:EDGE_CAP]
    )
    picture = drawing.network_picture(
        people,
        ties,
        layout.full_data().get("positions", {}),
        assessments=selectors.current_assessments(alliance, stakeholder_ids=drawn) if colour == "position" else None,
        zoom=zoom,
        focus=focus,
        url=_panel_url_maker(alliance),
    )
    return {
        "chart": picture.chart,
        "missing": picture.missing,
        "connected": [
            ({"name": s.name, "is_target": s.is_target}, degree)
            for s, degree in selectors.most_connected(alliance, limit=CONNECTED_LIMIT)
        ],
        "tie_count": totals[1],
        "hidden_people": totals[0] - len(people),
        "hidden_ties": totals[1] - len(ties),
        "names": [s.name for s in people],
    }


@alliance_view(PERM)
def network_svg(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """The whole network as an SVG file: every stakeholder and every tie."""
    alliance = request.alliance
    layout = graph_cache.cached(alliance, GraphCache.Kind.LAYOUT)
    people = list(selectors.stakeholders(alliance).order_by("name", "id"))
    ties = list(selectors.ties(alliance).order_by("id").values_list("source_id", "target_id", "kind", "strength"))
    picture = drawing.network_picture(
        people,
        ties,
        layout.data.get("positions", {}),
        assessments=None,
        zoom=1,
        focus=None,
        url=lambda pk: request.build_absolute_uri(_panel_url(alliance, pk)),
    )
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + picture.chart, content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{alliance.slug}-network.svg"'
    return response


@alliance_view(PERM)
def composition(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    result = analytics.composition(alliance, analytics.composition_people(alliance))
    return render(
        request, "landscape/maps/composition.html", {"result": result, "charts": drawing.composition_charts(result)}
    )
