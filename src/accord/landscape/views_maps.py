"""The landscape's maps and analytics: the power-vs-position map (with its htmx side panel), the
network, the composition of the membership, the analytics and the suggestions of whom to invite.
Every picture is SVG drawn here on the server; every page also carries the same data as a table.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.tenancy import authorize, get_in_alliance
from accord.landscape import analytics, drawing, selectors
from accord.landscape.models import GraphCache, Stakeholder

PERM = "landscape.view_analytics"


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
    zoom = forms.TypedChoiceField(
        label=gettext_lazy("Zoom"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(z, f"{z}×") for z in drawing.ZOOM_LEVELS],
    )
    focus = forms.IntegerField(label=gettext_lazy("Centre on"), required=False, min_value=1, max_value=2**31 - 1)


def _as_of(request: HttpRequest) -> tuple[AsOfForm, dt.date | None]:
    form = AsOfForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["as_of"]
    return form, None


def _map_points(request: HttpRequest, as_of: dt.date | None) -> tuple[list[drawing.MapPoint], list[Stakeholder]]:
    """The assessed stakeholders as dots, and those with no assessment yet (not on the map)."""
    alliance = request.alliance  # type: ignore[attr-defined]
    people = {s.pk: s for s in selectors.stakeholders(alliance)}
    query = f"?as_of={as_of.isoformat()}" if as_of else ""
    points = []
    for sid, a in selectors.current_assessments(alliance, as_of=as_of).items():
        s = people.get(sid)
        if s is None:
            continue
        url = reverse("landscape:map_panel", kwargs={"alliance_slug": alliance.slug, "stakeholder_id": sid}) + query
        role = (
            "target" if s.is_target else ("member" if analytics.membership_status(s) == analytics.MEMBER else "other")
        )
        points.append(drawing.MapPoint(sid, s.name, a.position, a.influence, a.interest, role, url, url))
    points.sort(key=lambda p: p.name)
    assessed = {p.id for p in points}
    unassessed = sorted((s for s in people.values() if s.pk not in assessed), key=lambda s: s.name)
    return points, unassessed


def _map_context(request: HttpRequest) -> dict[str, Any]:
    form, as_of = _as_of(request)
    points, unassessed = _map_points(request, as_of)
    description = _(
        "Each dot is a stakeholder: left is against the purpose, right is for it, higher is more "
        "influential, a bigger dot is more interested. Stakeholders whose position is unknown are "
        "in the strip on the right. The table below lists the same data."
    )
    label = _("Power and position map")
    if as_of:
        label = _("Power and position map as of %(date)s") % {"date": as_of.isoformat()}
    chart = drawing.power_map(points, label=label, description=description)
    return {
        "form": form,
        "as_of": as_of,
        "points": points,
        "chart": chart,
        "strategies": drawing.quadrant_strategies(),
        "unassessed": unassessed,
    }


def power_map(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, PERM)
    return render(request, "landscape/maps/map.html", _map_context(request))


def map_panel(request: HttpRequest, alliance_slug: str, stakeholder_id: int) -> HttpResponse:
    """The side panel of one stakeholder: a fragment for htmx, the whole map around it otherwise."""
    authorize(request, PERM)
    alliance = request.alliance  # type: ignore[attr-defined]
    stakeholder = get_in_alliance(selectors.stakeholders(alliance), pk=stakeholder_id)
    _form, as_of = _as_of(request)
    panel = _panel(stakeholder, as_of)
    if request.htmx:  # type: ignore[attr-defined]
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


def network(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, PERM)
    alliance = request.alliance  # type: ignore[attr-defined]
    form = NetworkForm(request.GET or None)
    colour, zoom, focus = "type", 1, None
    if form.is_bound:
        form.is_valid()  # each valid field is used; each bad one shows its error and its default
        colour = form.cleaned_data.get("colour") or "type"
        zoom = form.cleaned_data.get("zoom") or 1
        focus = form.cleaned_data.get("focus")
    layout = analytics.cached(alliance, GraphCache.Kind.LAYOUT)
    people = list(selectors.stakeholders(alliance).order_by("name", "id"))
    by_id = {s.pk: s for s in people}
    if focus is not None and focus not in by_id:
        form.add_error("focus", _("No such stakeholder in this alliance."))
        focus = None
    assessments = selectors.current_assessments(alliance) if colour == "position" else {}
    ties = list(selectors.ties(alliance).order_by("id").values_list("source_id", "target_id", "kind", "strength"))
    kind_labels = dict(analytics.Tie.Kind.choices)
    positions = layout.data.get("positions", {})
    nodes = []
    missing = 0
    for i, s in enumerate(people):
        xy = positions.get(str(s.pk))
        if xy is None:
            # New since the last layout: parked along the bottom until the next one is ready.
            missing += 1
            xy = [(i % 40) / 40, 1.0]
        if colour == "position":
            a = assessments.get(s.pk)
            css = drawing.position_class(a.position if a else None)
        else:
            css = "fam-" + drawing.KIND_FAMILIES.get(s.kind, "civil")
        nodes.append(
            drawing.NetNode(
                id=s.pk,
                name=s.name,
                x=float(xy[0]),
                y=float(xy[1]),
                colour=css,
                is_target=s.is_target,
                is_member=analytics.membership_status(s) == analytics.MEMBER,
                href=reverse("landscape:map_panel", kwargs={"alliance_slug": alliance.slug, "stakeholder_id": s.pk}),
            )
        )
    edges = [drawing.NetEdge(a, b, k, str(kind_labels.get(k, k)), st) for a, b, k, st in ties]
    chart = drawing.network(
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
    degree: Counter[int] = Counter()
    for source_id, target_id, _kind, _strength in ties:
        degree[source_id] += 1
        degree[target_id] += 1
    connected = [(by_id[pk], d) for pk, d in degree.most_common(50) if pk in by_id]
    return render(
        request,
        "landscape/maps/network.html",
        {
            "form": form,
            "chart": chart,
            "colour": colour,
            "zoom": zoom,
            "focus": focus,
            "zooms": drawing.ZOOM_LEVELS,
            "layout": layout,
            "missing": missing,
            "legend": drawing.family_labels() if colour == "type" else drawing.position_labels(),
            "connected": connected,
            "tie_count": len(ties),
            "people": people,
        },
    )


def composition(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, PERM)
    alliance = request.alliance  # type: ignore[attr-defined]
    result = analytics.composition(alliance, list(selectors.stakeholders(alliance)))
    charts = [
        (_("By type"), "by-kind", result.by_kind),
        (_("By scope"), "by-scope", result.by_scope),
        (_("By political orientation"), "by-orientation", result.by_orientation),
    ]
    return render(
        request,
        "landscape/maps/composition.html",
        {
            "result": result,
            "charts": [
                (
                    heading,
                    rows,
                    drawing.composition_bars(
                        [(r.label, r.members, r.candidates) for r in rows], label=heading, id_prefix=prefix
                    ),
                )
                for heading, prefix, rows in charts
            ],
        },
    )


def analytics_page(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, PERM)
    alliance = request.alliance  # type: ignore[attr-defined]
    land = analytics.load_landscape(alliance)
    brokers, broker_cache = analytics.brokers_view(alliance, land.by_id)
    return render(
        request,
        "landscape/maps/analytics.html",
        {
            "ranking": analytics.ranking(land, limit=20),
            "reach": analytics.reach(land),
            "brokers": brokers[:15],
            "broker_cache": broker_cache,
            "assessments": land.assessments,
        },
    )


def suggestions(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, PERM)
    land = analytics.load_landscape(request.alliance)  # type: ignore[attr-defined]
    return render(
        request,
        "landscape/maps/suggestions.html",
        {"suggestions": analytics.suggestions(land), "has_targets": bool(land.targets)},
    )
