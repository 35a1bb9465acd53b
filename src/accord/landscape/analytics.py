"""Power analysis of an alliance's landscape: who is influential, who can reach each target, who
brokers between groups, and whom to invite.

This is the alliance layer: it reads an alliance's records in a fixed number of queries, builds
the influence graph over them, and turns the graph core's numbers (`accord.lib.graph`: ranking,
reach, paths, betweenness, layout; pure, no Django) into rows with plain-language reasons. The
slow results (layout, brokers) are kept by `accord.landscape.graph_cache` and refreshed by
`accord.landscape.tasks`.

Which ties carry influence, and which way (a tie is stored "source → target"):

- influences: source → target (the source shapes the target's decisions);
- funds: source → target (money is leverage over the one funded);
- member of: source → target (a member has a voice inside the body it belongs to);
- reports to: both ways (the superior directs the subordinate; the subordinate, often the
  technical official who drafts the text, has the superior's ear);
- allied with, opposes: no influence (they say how actors line up, not who can move whom).

The strength of a tie (1 weak … 3 strong) is the weight of its influence; when two stakeholders
are joined by several kinds of tie, the strongest counts. For distances a tie "costs" 4 − strength
(a strong tie is one unit, a weak one three), so the best path to a target prefers strong ties
and few steps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.apps import apps as django_apps
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accord.core.models import Alliance
from accord.landscape import selectors
from accord.landscape.models import Assessment, Scope, Stakeholder, StakeholderType, Tie
from accord.lib import graph
from accord.lib.graph import InfluenceGraph

# Which ties carry influence, and which way (see the module's docstring).
INFLUENCE_DIRECTIONS: dict[str, tuple[bool, bool]] = {
    Tie.Kind.INFLUENCES: (True, False),
    Tie.Kind.FUNDS: (True, False),
    Tie.Kind.MEMBER_OF: (True, False),
    Tie.Kind.REPORTS_TO: (True, True),
}

# Exact betweenness costs about nodes × ties; above this many stakeholders it is estimated
# from BROKER_PIVOTS source nodes drawn with a fixed seed (Brandes' pivot sampling).
BROKER_EXACT_MAX_NODES = 1_000
BROKER_PIVOTS = 100


# --- Loading an alliance ----------------------------------------------------------------------


def fingerprint(alliance: Alliance) -> str:
    """Identifies the network the slow results were computed from, in one query: the number of
    ties, the newest change to any tie (its history row), and the set of stakeholders (count and
    highest id). Any tie added, edited or deleted, or any stakeholder added or removed, changes it;
    editing a stakeholder's notes or assessing it does not."""
    historical_tie = Tie.history.model
    row = (
        Alliance.objects.filter(pk=alliance.pk)
        .annotate(
            ties_n=Coalesce(_scalar(Tie.objects, Count("id")), Value(0), output_field=IntegerField()),
            tie_change=Coalesce(
                _scalar(historical_tie.objects, Max("history_id")), Value(0), output_field=IntegerField()
            ),
            nodes_n=Coalesce(_scalar(Stakeholder.objects, Count("id")), Value(0), output_field=IntegerField()),
            nodes_max=Coalesce(_scalar(Stakeholder.objects, Max("id")), Value(0), output_field=IntegerField()),
        )
        .values("ties_n", "tie_change", "nodes_n", "nodes_max")
        .get()
    )
    return "t{ties_n}.{tie_change}-s{nodes_n}.{nodes_max}".format(**row)


def fingerprint_for(alliance: Alliance, kind: str, *, base: str | None = None) -> str:
    """The fingerprint of what a result of `kind` is computed from. The layout, the brokers and
    the ranking and reach read the ties and the set of stakeholders (`fingerprint`); the
    suggestions read more: assessments, memberships, who is a target and the target mix. `base`
    is `fingerprint(alliance)` when the caller has just read it."""
    base = base or fingerprint(alliance)
    if kind not in ("suggestions", "analytics"):  # reach also reads who is a target and a member
        return base
    historical_stakeholder = Stakeholder.history.model
    # Membership sits above the landscape (it imports it): reached through the reverse relation.
    membership_model: Any = django_apps.get_model("membership", "Membership")
    historical_membership = membership_model.history.model
    row = (
        Alliance.objects.filter(pk=alliance.pk)
        .annotate(
            a_n=Coalesce(_scalar(Assessment.objects, Count("id")), Value(0), output_field=IntegerField()),
            a_max=Coalesce(_scalar(Assessment.objects, Max("id")), Value(0), output_field=IntegerField()),
            s_change=Coalesce(
                _scalar(historical_stakeholder.objects, Max("history_id")), Value(0), output_field=IntegerField()
            ),
            m_change=Coalesce(
                _scalar(historical_membership.objects, Max("history_id")), Value(0), output_field=IntegerField()
            ),
        )
        .values("a_n", "a_max", "s_change", "m_change")
        .get()
    )
    mix = hashlib.sha256(json.dumps(alliance.target_mix, sort_keys=True, default=str).encode()).hexdigest()[:8]
    return "{base}-a{a_n}.{a_max}-h{s_change}.{m_change}-{mix}".format(base=base, mix=mix, **row)[:64]


def _scalar(manager: Any, aggregate: Any) -> Subquery:
    return Subquery(
        manager.filter(alliance_id=OuterRef("pk"))
        .order_by()
        .values("alliance_id")
        .annotate(v=aggregate)
        .values("v")[:1],
        output_field=IntegerField(),
    )


def membership_status(stakeholder: Stakeholder) -> str:
    membership = getattr(stakeholder, "membership", None)
    return membership.status if membership is not None else ""


MEMBER = "member"
CANDIDATE_STATUSES = frozenset({"candidate", "invited"})


@dataclass
class Landscape:
    """An alliance's stakeholders, influence ties and current assessments, with the influence
    graph built over them. Three queries, whatever the size."""

    alliance: Alliance
    stakeholders: list[Stakeholder]
    assessments: dict[int, Assessment]
    graph: InfluenceGraph
    index: dict[int, int]  # stakeholder id -> node
    by_id: dict[int, Stakeholder] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {s.pk: s for s in self.stakeholders}

    def node(self, stakeholder_id: int) -> int:
        return self.index[stakeholder_id]

    def stakeholder(self, node: int) -> Stakeholder:
        return self.stakeholders[node]

    @property
    def targets(self) -> list[Stakeholder]:
        return [s for s in self.stakeholders if s.is_target]

    @property
    def members(self) -> list[Stakeholder]:
        return [s for s in self.stakeholders if membership_status(s) == MEMBER]


def load_landscape(alliance: Alliance, *, as_of: dt.date | None = None) -> Landscape:
    people = list(selectors.stakeholders(alliance).order_by("name", "id"))
    index = {s.pk: i for i, s in enumerate(people)}
    rows = list(
        selectors.ties(alliance)
        .filter(kind__in=list(INFLUENCE_DIRECTIONS))
        .order_by()
        .values_list("source_id", "target_id", "kind", "strength")
    )
    return Landscape(
        alliance=alliance,
        stakeholders=people,
        assessments=selectors.current_assessments(alliance, as_of=as_of),
        graph=influence_graph(len(people), index, rows),
        index=index,
    )


def influence_graph(n: int, index: dict[int, int], rows: Iterable[tuple[int, int, str, int]]) -> InfluenceGraph:
    sources: list[int] = []
    targets: list[int] = []
    weights: list[float] = []
    for source_id, target_id, kind, strength in rows:
        forward, backward = INFLUENCE_DIRECTIONS[kind]
        a, b = index.get(source_id), index.get(target_id)
        if a is None or b is None:
            continue
        if forward:
            sources.append(a)
            targets.append(b)
            weights.append(float(strength))
        if backward:
            sources.append(b)
            targets.append(a)
            weights.append(float(strength))
    return graph.InfluenceGraph.from_edges(n, np.array(sources), np.array(targets), np.array(weights))


# --- Ranking and reach ------------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    stakeholder: Stakeholder
    score: float  # PageRank share, 0..1
    rank: int
    status: str


def ranking(land: Landscape, *, limit: int | None = None) -> list[RankRow]:
    scores = graph.influence_ranking(land.graph)
    order = sorted(range(land.graph.n), key=lambda i: (-scores[i], land.stakeholders[i].name))
    if limit is not None:
        order = order[:limit]
    return [
        RankRow(
            stakeholder=land.stakeholders[i],
            score=scores[i],
            rank=r + 1,
            status=membership_status(land.stakeholders[i]),
        )
        for r, i in enumerate(order)
    ]


@dataclass(frozen=True)
class PathRow:
    source: Stakeholder
    path: list[Stakeholder]  # from source to the target, both included
    cost: float

    @property
    def steps(self) -> int:
        return len(self.path) - 1

    @property
    def strength(self) -> float:
        """1 for a single strong tie; lower for weaker or longer paths."""
        return 1.0 / self.cost if self.cost else 0.0


@dataclass(frozen=True)
class TargetReach:
    target: Stakeholder
    reachers: int  # how many stakeholders can reach it at all
    paths: list[PathRow]  # the best few, shortest (strongest) first
    members_one_step: list[Stakeholder]
    members_two_steps: list[Stakeholder]


def reach(land: Landscape, *, top: int = 5, targets: Sequence[Stakeholder] | None = None) -> list[TargetReach]:
    """For each target (or those given): who can reach it, by the best paths, and which members
    are close."""
    out = []
    member_ids = {s.pk for s in land.members}
    for target in land.targets if targets is None else targets:
        t = land.node(target.pk)
        lengths = graph.reach_lengths(land.graph, t)
        paths = graph.reach_paths(land.graph, t)
        best = sorted(lengths, key=lambda i: (lengths[i], land.stakeholders[i].name))[:top]
        steps = graph.step_counts(land.graph, t, cutoff=2)
        near = sorted(
            (land.stakeholders[i] for i in steps if land.stakeholders[i].pk in member_ids),
            key=lambda s: s.name,
        )
        out.append(
            TargetReach(
                target=target,
                reachers=len(lengths),
                paths=[
                    PathRow(
                        source=land.stakeholders[i],
                        path=[land.stakeholders[j] for j in paths[i]],
                        cost=lengths[i],
                    )
                    for i in best
                ],
                members_one_step=[s for s in near if steps[land.node(s.pk)] == 1],
                members_two_steps=[s for s in near if steps[land.node(s.pk)] == 2],
            )
        )
    return out


def most_connected(
    ties: Iterable[tuple[int, int, str, int]], by_id: dict[int, Stakeholder], *, limit: int = 50
) -> list[tuple[Stakeholder, int]]:
    """The stakeholders with the most ties (source, target, kind, strength), in or out, with their count."""
    degree: Counter[int] = Counter()
    for source_id, target_id, _kind, _strength in ties:
        degree[source_id] += 1
        degree[target_id] += 1
    return [(by_id[pk], d) for pk, d in degree.most_common(limit) if pk in by_id]


# --- Brokers and the layout, computed in the background ---------------------------------------


def compute_brokers(land: Landscape) -> dict[str, Any]:
    n = land.graph.n
    pivots = BROKER_PIVOTS if n > BROKER_EXACT_MAX_NODES else None
    scores, sampled = graph.betweenness(land.graph, pivots=pivots, seed=land.alliance.pk)
    ranked = sorted((i for i in range(n) if scores[i] > 0), key=lambda i: -scores[i])[:50]
    return {
        "scores": [[land.stakeholders[i].pk, scores[i]] for i in ranked],
        "sampled": sampled,
        "pivots": pivots or n,
        "nodes": n,
    }


# How much of the ranking and of each target's reach is kept: what the pages and the API show.
KEEP_RANKED = 200
KEEP_PATHS = 5
KEEP_NEAR = 12  # members named one or two steps from a target; the rest are counted


def compute_analytics(land: Landscape, *, progress: Any = None) -> dict[str, Any]:
    """The influence ranking (the best KEEP_RANKED) and each target's reach, as ids and numbers
    (the pages name them in the reader's language): read by `graph_cache.influential_ids`, the
    analytics page and the API."""
    ranked = ranking(land, limit=KEEP_RANKED)
    if progress:
        progress(30)
    targets = land.targets
    out_reach = []
    for done, target in enumerate(targets, start=1):
        (r,) = reach(land, top=KEEP_PATHS, targets=[target])
        out_reach.append(
            {
                "target": target.pk,
                "reachers": r.reachers,
                "paths": [{"path": [s.pk for s in p.path], "cost": p.cost} for p in r.paths],
                "one": [s.pk for s in r.members_one_step[:KEEP_NEAR]],
                "one_n": len(r.members_one_step),
                "two": [s.pk for s in r.members_two_steps[:KEEP_NEAR]],
                "two_n": len(r.members_two_steps),
            }
        )
        if progress:
            progress(30 + 70 * done // max(1, len(targets)))
    return {
        "ranking": [[row.stakeholder.pk, row.score] for row in ranked],
        "nodes": land.graph.n,
        "reach": out_reach,
    }


KEEP_SUGGESTIONS = 60


def compute_suggestions(land: Landscape, *, progress: Any = None) -> dict[str, Any]:
    """Whom to invite (the best KEEP_SUGGESTIONS), with the reasons written in each of Accord's
    languages, so a page shows them in its reader's language without computing anything."""
    from django.conf import settings
    from django.utils import translation

    rows: list[dict[str, Any]] = []
    texts: dict[str, list[list[list[str]]]] = {}
    languages = [code for code, _name in settings.LANGUAGES]
    for n, code in enumerate(languages):
        with translation.override(code):
            found = suggestions(land, limit=KEEP_SUGGESTIONS)
        if not rows:
            rows = [
                {
                    "id": s.stakeholder.pk,
                    "score": s.score,
                    "targets_reached": s.targets_reached,
                    "position": s.position,
                    "influence": s.influence,
                }
                for s in found
            ]
        texts[code] = [[list(s.reasons), list(s.unlikely)] for s in found]
        if progress:
            progress(10 + 90 * (n + 1) // len(languages))
    return {"rows": rows, "texts": texts, "has_targets": bool(land.targets)}


def compute_layout(alliance: Alliance) -> dict[str, Any]:
    """Positions in [0, 1]² for every stakeholder, from a force layout over all ties (not only
    the influential ones: allies and opponents should sit near each other too)."""
    ids = list(alliance.stakeholders.order_by("id").values_list("id", flat=True))
    edges = selectors.ties(alliance).order_by().values_list("source_id", "target_id")
    return {"positions": {str(pk): xy for pk, xy in graph.layout(ids, edges).items()}}


# --- Suggestions: whom to invite --------------------------------------------------------------


def _kind_label(kind: str) -> str:
    return str(StakeholderType(kind).label) if kind in StakeholderType.values else kind


def _scope_label(scope: str) -> str:
    return str(Scope(scope).label) if scope in Scope.values else scope


def _kind_in_sentence(kind: str) -> str:
    """A type's name as it reads inside a sentence, in each language's own case ("No local NGO
    among members"): lower-casing the label would write "local ngo"."""
    names = {
        StakeholderType.LOCAL_NGO: pgettext("type inside a sentence", "local NGO"),
        StakeholderType.INGO: pgettext("type inside a sentence", "international NGO"),
        StakeholderType.MEMBER_BASED: pgettext("type inside a sentence", "member-based organisation"),
        StakeholderType.WOMENS_RIGHTS: pgettext("type inside a sentence", "women's rights or feminist organisation"),
        StakeholderType.DONOR_MULTILATERAL: pgettext("type inside a sentence", "multilateral donor"),
        StakeholderType.DONOR_BILATERAL: pgettext("type inside a sentence", "bilateral donor"),
        StakeholderType.DONOR_FOUNDATION: pgettext("type inside a sentence", "foundation"),
        StakeholderType.ACADEMIC: pgettext("type inside a sentence", "academic or research institution"),
        StakeholderType.OTHER_SECTOR: pgettext("type inside a sentence", "other-sector organisation"),
        StakeholderType.PRIVATE: pgettext("type inside a sentence", "private company"),
        StakeholderType.NATIONAL_GOVERNMENT: pgettext("type inside a sentence", "national government body"),
        StakeholderType.LOCAL_AUTHORITY: pgettext("type inside a sentence", "local authority"),
        StakeholderType.PARLIAMENT: pgettext("type inside a sentence", "parliament"),
        StakeholderType.RELIGIOUS_TRADITIONAL: pgettext("type inside a sentence", "religious or traditional leader"),
        StakeholderType.MEDIA: pgettext("type inside a sentence", "media outlet"),
        StakeholderType.UN_AGENCY: pgettext("type inside a sentence", "UN agency"),
        StakeholderType.EXPERT: pgettext("type inside a sentence", "individual expert"),
    }
    return names.get(kind, kind)  # type: ignore[call-overload]


def _first_of_scope(scope: str) -> str:
    # Whole sentences per scope: in Spanish and French the adjective agrees with its noun.
    sentences = {
        Scope.GRASSROOTS: _("would be the first grassroots member"),
        Scope.LOCAL: _("would be the first local member"),
        Scope.NATIONAL: _("would be the first national member"),
        Scope.INTERNATIONAL: _("would be the first international member"),
    }
    return sentences.get(scope, scope)  # type: ignore[call-overload]


def _no_member_of_scope(scope: str) -> str:
    sentences = {
        Scope.GRASSROOTS: _("No grassroots organisation among members."),
        Scope.LOCAL: _("No local organisation among members."),
        Scope.NATIONAL: _("No national organisation among members."),
        Scope.INTERNATIONAL: _("No international organisation among members."),
    }
    return sentences.get(scope, scope)  # type: ignore[call-overload]


def _mix(alliance: Alliance) -> tuple[list[str], list[str], bool]:
    mix = alliance.target_mix if isinstance(alliance.target_mix, dict) else {}
    kinds = [k for k in mix.get("kinds", []) if isinstance(k, str)]
    scopes = [s for s in mix.get("scopes", []) if isinstance(s, str)]
    return kinds, scopes, bool(mix.get("affected_population", False))


@dataclass
class Suggestion:
    stakeholder: Stakeholder
    score: float
    reach_score: float
    targets_reached: int
    diversity: list[str]  # the gaps it would fill, in words
    reasons: list[str]
    unlikely: list[str]  # why it is an unlikely suspect, if it is one
    position: int | None
    influence: int | None
    status: str

    @property
    def is_unlikely_suspect(self) -> bool:
        return bool(self.unlikely)


# Weights of the combined score: reach over the targets first, then the diversity the newcomer
# brings, then its own assessed influence.
W_REACH, W_DIVERSITY, W_INFLUENCE = 0.5, 0.35, 0.15
INVITABLE = frozenset({"", "candidate", "left", "declined"})


def suggestions(land: Landscape, *, limit: int = 30) -> list[Suggestion]:
    """Non-members who could move the targets or broaden the membership, best first, each with
    the reasons in words. Members, those already invited and the targets themselves are not
    suggested (targets are to be moved, not recruited)."""
    kinds_wanted, scopes_wanted, affected_wanted = _mix(land.alliance)
    members = land.members
    member_kinds = Counter(s.kind for s in members)
    member_scopes = {s.scope for s in members}
    members_affected = any(s.represents_affected_population for s in members)
    all_kinds = Counter(s.kind for s in land.stakeholders)
    targets = land.targets
    # Best path cost and steps from every node to every target.
    per_target: list[tuple[Stakeholder, dict[int, float], dict[int, list[int]]]] = []
    for t in targets:
        node = land.node(t.pk)
        per_target.append((t, graph.reach_lengths(land.graph, node), graph.reach_paths(land.graph, node)))
    ranks = graph.influence_ranking(land.graph)
    top_rank = sorted(ranks, reverse=True)[max(0, len(ranks) // 5 - 1)] if ranks else 0.0

    drafts = []
    for s in land.stakeholders:
        status = membership_status(s)
        if s.is_target or status not in INVITABLE:
            continue
        i = land.node(s.pk)
        reached = [(t, lengths[i], len(paths[i]) - 1) for t, lengths, paths in per_target if i in lengths]
        reach_score = sum(1.0 / cost for _, cost, _ in reached)
        assessment = land.assessments.get(s.pk)
        position = assessment.position if assessment else None
        influence = assessment.influence if assessment else None

        diversity: list[str] = []
        weight = 0.0
        if s.kind in kinds_wanted and not member_kinds[s.kind]:
            diversity.append(_("would be the first %(type)s among members") % {"type": _kind_in_sentence(s.kind)})
            weight += 1.0
        elif not member_kinds[s.kind]:
            diversity.append(_("would bring a type no member has yet: %(type)s") % {"type": _kind_in_sentence(s.kind)})
            weight += 0.3
        if s.scope in scopes_wanted and s.scope not in member_scopes:
            diversity.append(_first_of_scope(s.scope))
            weight += 0.6
        if affected_wanted and s.represents_affected_population and not members_affected:
            diversity.append(_("would be the first member representing the affected population"))
            weight += 1.0

        reasons: list[str] = []
        if reached:
            steps = max(st for _, _, st in reached)
            if steps == 1:
                reach = ngettext("reaches %(n)d target directly", "reaches %(n)d targets directly", len(reached))
            else:
                reach = ngettext(
                    "reaches %(n)d target within %(steps)d steps",
                    "reaches %(n)d targets within %(steps)d steps",
                    len(reached),
                )
            reasons.append(reach % {"n": len(reached), "steps": steps})
            direct = sorted(t.name for t, _, st in reached if st == 1)
            if direct:
                reasons.append(_("has a direct tie to %(names)s") % {"names": ", ".join(direct)})
        reasons.extend(diversity)
        if influence is not None and influence >= 4:
            reasons.append(_("rated highly influential (%(n)d of 5)") % {"n": influence})
        if position is not None and position > 0:
            reasons.append(_("already supports the purpose"))
        if status == "declined":
            reasons.append(_("declined before: ask what has changed"))
        elif status == "left":
            reasons.append(_("was a member before: find out why they left"))

        unlikely: list[str] = []
        if s.unlikely_suspect:
            unlikely.append(_("flagged as an unlikely suspect"))
        influential = (influence is not None and influence >= 3) or (ranks[i] >= top_rank > 0 and reached)
        if influential and position in (None, 0):
            unlikely.append(
                _("influential but undecided: worth a conversation")
                if position == 0
                else _("influential and its position is unknown: find out where it stands")
            )
        if (
            s.kind not in kinds_wanted
            and not member_kinds[s.kind]
            and all_kinds[s.kind] <= max(1, len(land.stakeholders) // 10)
            and (reached or influential)
        ):
            unlikely.append(_("an unusual ally for this issue: %(type)s") % {"type": _kind_in_sentence(s.kind)})
        if not reasons and not unlikely:
            continue
        drafts.append((s, reach_score, len(reached), diversity, weight, reasons, unlikely, position, influence, status))

    max_reach = max((d[1] for d in drafts), default=0.0) or 1.0
    max_div = max((d[4] for d in drafts), default=0.0) or 1.0
    out = [
        Suggestion(
            stakeholder=s,
            score=W_REACH * rs / max_reach + W_DIVERSITY * w / max_div + W_INFLUENCE * (inf or 0) / 5,
            reach_score=rs,
            targets_reached=n,
            diversity=div,
            reasons=reasons,
            unlikely=unlikely,
            position=pos,
            influence=inf,
            status=status,
        )
        for s, rs, n, div, w, reasons, unlikely, pos, inf, status in drafts
    ]
    out.sort(key=lambda x: (-x.score, x.stakeholder.name))
    return out[:limit]


# --- Composition ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompositionRow:
    key: str
    label: str
    members: int
    candidates: int
    wanted: bool  # part of the target mix


@dataclass(frozen=True)
class Gap:
    text: str
    candidates: list[str]  # candidates who would fill it


@dataclass
class Composition:
    by_kind: list[CompositionRow]
    by_scope: list[CompositionRow]
    by_orientation: list[CompositionRow]
    affected: CompositionRow
    gaps: list[Gap]
    member_count: int
    candidate_count: int


@dataclass(frozen=True, slots=True)
class CompositionPerson:
    """What the composition reads of a member or candidate: a few columns, not a model."""

    name: str
    kind: str
    scope: str
    political_orientation: str
    represents_affected_population: bool
    status: str


def composition_people(alliance: Alliance) -> list[CompositionPerson]:
    """The alliance's members and candidates as the composition reads them, in one query of
    a few columns: the page's memory follows the membership, not the whole landscape."""
    rows = (
        selectors.stakeholders(alliance)
        .filter(membership__status__in=[MEMBER, *CANDIDATE_STATUSES])
        .order_by("name", "id")
        .values_list(
            "name", "kind", "scope", "political_orientation", "represents_affected_population", "membership__status"
        )
    )
    return [CompositionPerson(*row) for row in rows]


def _status_of(person: Any) -> str:
    status = getattr(person, "status", None)
    return status if isinstance(status, str) else membership_status(person)


def composition(alliance: Alliance, people: Sequence[Stakeholder | CompositionPerson]) -> Composition:
    """Members and candidates by type, scope and orientation against the alliance's target mix,
    and each gap in that mix named in words with the candidates who could fill it."""
    kinds_wanted, scopes_wanted, affected_wanted = _mix(alliance)
    members = [s for s in people if _status_of(s) == MEMBER]
    candidates = [s for s in people if _status_of(s) in CANDIDATE_STATUSES]

    def rows(attr: str, order: Sequence[str], label: Any, wanted: Sequence[str]) -> list[CompositionRow]:
        m = Counter(getattr(s, attr) for s in members)
        c = Counter(getattr(s, attr) for s in candidates)
        keys = [k for k in order if m[k] or c[k] or k in wanted]
        keys += sorted(k for k in {*m, *c} if k not in keys)
        return [CompositionRow(k, label(k), m[k], c[k], k in wanted) for k in keys]

    by_kind = rows("kind", StakeholderType.values, _kind_label, kinds_wanted)
    by_scope = rows("scope", Scope.values, _scope_label, scopes_wanted)
    by_orientation = rows("political_orientation", [], lambda k: k or _("not recorded"), [])
    affected = CompositionRow(
        "affected",
        _("Represents the affected population"),
        sum(1 for s in members if s.represents_affected_population),
        sum(1 for s in candidates if s.represents_affected_population),
        affected_wanted,
    )
    gaps: list[Gap] = []
    for row in by_kind:
        if row.wanted and not row.members:
            gaps.append(
                Gap(
                    _("No %(type)s among members.") % {"type": _kind_in_sentence(row.key)},
                    sorted(s.name for s in candidates if s.kind == row.key),
                )
            )
    for row in by_scope:
        if row.wanted and not row.members:
            gaps.append(
                Gap(
                    _no_member_of_scope(row.key),
                    sorted(s.name for s in candidates if s.scope == row.key),
                )
            )
    if affected_wanted and not affected.members:
        gaps.append(
            Gap(
                _("No member-based organisation of the affected population among members."),
                sorted(s.name for s in candidates if s.represents_affected_population),
            )
        )
    return Composition(
        by_kind=by_kind,
        by_scope=by_scope,
        by_orientation=by_orientation,
        affected=affected,
        gaps=gaps,
        member_count=len(members),
        candidate_count=len(candidates),
    )
