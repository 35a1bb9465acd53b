"""API for the landscape's analytics: influence ranking, reach to each target, brokers,
suggestions of whom to invite and the gaps in the membership's composition. Read-only; the same
results as the pages: computed in the background (accord.landscape.tasks), read here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from accord.api.auth import api_operation
from accord.api.schemas import READ_ERRORS
from accord.core.tenancy import AllianceRequest
from accord.landscape import analytics, graph_cache
from accord.landscape.models import Stakeholder

router = Router()

PERM = "landscape.view_analytics"


class StakeholderRef(Schema):
    id: int
    name: str
    kind: str
    membership: str  # "" when the stakeholder has no membership record

    @staticmethod
    def of(s: Stakeholder) -> dict[str, Any]:
        return {"id": s.pk, "name": s.name, "kind": s.kind, "membership": analytics.membership_status(s)}


class RankingOut(Schema):
    rank: int
    score: float
    stakeholder: StakeholderRef


class PathOut(Schema):
    source: StakeholderRef
    steps: int
    cost: float
    path: list[StakeholderRef]


class ReachOut(Schema):
    target: StakeholderRef
    reachers: int
    paths: list[PathOut]
    members_one_step: list[StakeholderRef]
    members_two_steps: list[StakeholderRef]


class BrokerOut(Schema):
    stakeholder: StakeholderRef
    betweenness: float


class BrokersOut(Schema):
    computed_at: dt.datetime | None
    stale: bool
    sampled: bool
    pivots: int
    brokers: list[BrokerOut]


class SuggestionOut(Schema):
    stakeholder: StakeholderRef
    score: float
    targets_reached: int
    reasons: list[str]
    unlikely_suspect: bool
    unlikely_reasons: list[str]


class GapOut(Schema):
    text: str
    candidates: list[str]


class CompositionRowOut(Schema):
    key: str
    label: str
    members: int
    candidates: int
    in_target_mix: bool


class CompositionOut(Schema):
    members: int
    candidates: int
    gaps: list[GapOut]
    by_kind: list[CompositionRowOut]
    by_scope: list[CompositionRowOut]
    by_orientation: list[CompositionRowOut]


class RankingQuery(Schema):
    limit: int = Field(50, ge=1, le=500)


class ReachQuery(Schema):
    paths: int = Field(5, ge=1, le=50)


class SuggestionQuery(Schema):
    limit: int = Field(30, ge=1, le=200)


BACKGROUND = (
    "Read from the result computed in the background after the landscape last changed (never "
    "computed in the request): the `X-Computed-At` header gives when (absent before the first "
    "result, when the list is empty), and `X-Results-Stale: true` says a fresh one is being computed."
)


def _stamp(response: HttpResponse, result: graph_cache.Cached) -> None:
    if result.computed_at is not None:
        response["X-Computed-At"] = result.computed_at.isoformat()
    response["X-Results-Stale"] = "true" if result.stale else "false"


@router.get(
    "{alliance_slug}/analytics/ranking",
    response={200: list[RankingOut], **READ_ERRORS},
    summary="Stakeholders ranked by influence (weighted PageRank over influence ties)",
    description=BACKGROUND + " At most the best 200 are kept.",
)
@api_operation(PERM)
def ranking(
    request: AllianceRequest, alliance_slug: str, response: HttpResponse, q: Query[RankingQuery]
) -> list[dict[str, Any]]:
    view = graph_cache.analytics_view(request.alliance, ranking=q.limit, paths=0)
    _stamp(response, view.result)
    return [{"rank": r.rank, "score": r.score, "stakeholder": StakeholderRef.of(r.stakeholder)} for r in view.ranking]


@router.get(
    "{alliance_slug}/analytics/reach",
    response={200: list[ReachOut], **READ_ERRORS},
    summary="For each target: who can reach it, the best paths, and members one or two steps away",
    description=BACKGROUND
    + f" At most {analytics.KEEP_PATHS} paths a target and {analytics.KEEP_NEAR} members at each distance are kept.",
)
@api_operation(PERM)
def reach(
    request: AllianceRequest, alliance_slug: str, response: HttpResponse, q: Query[ReachQuery]
) -> list[dict[str, Any]]:
    view = graph_cache.analytics_view(request.alliance, ranking=0, paths=q.paths)
    _stamp(response, view.result)
    return [
        {
            "target": StakeholderRef.of(r.target),
            "reachers": r.reachers,
            "paths": [
                {
                    "source": StakeholderRef.of(p.source),
                    "steps": p.steps,
                    "cost": p.cost,
                    "path": [StakeholderRef.of(s) for s in p.path],
                }
                for p in r.paths
            ],
            "members_one_step": [StakeholderRef.of(s) for s in r.members_one_step],
            "members_two_steps": [StakeholderRef.of(s) for s in r.members_two_steps],
        }
        for r in view.reach
    ]


@router.get(
    "{alliance_slug}/analytics/brokers",
    response={200: BrokersOut, **READ_ERRORS},
    summary="Brokers (betweenness), computed in the background",
    description="`stale` is true while a fresh result is being computed after the ties changed; the "
    "last known result is returned meanwhile (empty, with `computed_at` null, before the first).",
)
@api_operation(PERM)
def brokers(request: AllianceRequest, alliance_slug: str) -> dict[str, Any]:
    rows, cache = graph_cache.brokers_view(request.alliance)
    return {
        "computed_at": cache.computed_at,
        "stale": cache.stale,
        "sampled": bool(cache.data.get("sampled", False)),
        "pivots": int(cache.data.get("pivots", 0)),
        "brokers": [{"stakeholder": StakeholderRef.of(b.stakeholder), "betweenness": b.score} for b in rows],
    }


@router.get(
    "{alliance_slug}/analytics/suggestions",
    response={200: list[SuggestionOut], **READ_ERRORS},
    summary="Whom to invite, best first, each with its reasons",
    description=BACKGROUND
    + f" At most {analytics.KEEP_SUGGESTIONS} are kept; the reasons are in the reader's language.",
)
@api_operation(PERM)
def suggestions(
    request: AllianceRequest, alliance_slug: str, response: HttpResponse, q: Query[SuggestionQuery]
) -> list[dict[str, Any]]:
    rows, result = graph_cache.suggestions_view(request.alliance, limit=q.limit)
    _stamp(response, result)
    return [
        {
            "stakeholder": StakeholderRef.of(s.stakeholder),
            "score": s.score,
            "targets_reached": s.targets_reached,
            "reasons": s.reasons,
            "unlikely_suspect": s.is_unlikely_suspect,
            "unlikely_reasons": s.unlikely,
        }
        for s in rows
    ]


@router.get(
    "{alliance_slug}/analytics/composition",
    response={200: CompositionOut, **READ_ERRORS},
    summary="Members and candidates by type, scope and orientation, and the gaps against the target mix",
)
@api_operation(PERM)
def composition(request: AllianceRequest, alliance_slug: str) -> dict[str, Any]:
    alliance = request.alliance
    result = analytics.composition(alliance, analytics.composition_people(alliance))

    def rows(items: list[analytics.CompositionRow]) -> list[dict[str, Any]]:
        return [
            {
                "key": r.key,
                "label": r.label,
                "members": r.members,
                "candidates": r.candidates,
                "in_target_mix": r.wanted,
            }
            for r in items
        ]

    return {
        "members": result.member_count,
        "candidates": result.candidate_count,
        "gaps": [{"text": g.text, "candidates": g.candidates} for g in result.gaps],
        "by_kind": rows(result.by_kind),
        "by_scope": rows(result.by_scope),
        "by_orientation": rows(result.by_orientation),
    }
