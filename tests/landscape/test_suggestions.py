"""Whom to invite: non-members ranked by reach over the targets and the diversity they add,
unlikely suspects called out, every suggestion with its reasons."""

from __future__ import annotations

from typing import Any

from accord.landscape import analytics, services
from accord.landscape.models import Scope
from accord.membership.models import Membership
from tests.landscape.test_analytics import Net, add, net, tie  # noqa: F401  (fixture)
from tests.landscape.test_maps import page


def by_name(n: Net) -> dict[str, analytics.Suggestion]:
    return {s.stakeholder.name: s for s in analytics.suggestions(analytics.load_landscape(n.world.a))}


def test_members_targets_and_the_invited_are_never_suggested(net: Net) -> None:  # noqa: F811
    Membership.objects.create(alliance=net.world.a, stakeholder=net.bishop, status=Membership.Status.INVITED)
    names = by_name(net)
    assert "Riverside Farmers Union" not in names and "Valley Women's Network" not in names
    assert "Minister of Agriculture" not in names
    assert "Bishop of the Valley" not in names


def test_reach_over_targets_ranks_first_and_says_how_far(net: Net) -> None:  # noqa: F811
    names = by_name(net)
    official = names["Head of Seeds Unit"]
    assert "reaches 1 target directly" in official.reasons
    assert "has a direct tie to Minister of Agriculture" in official.reasons
    donor = names["Green Fund"]
    assert "reaches 1 target within 2 steps" in donor.reasons
    # The ally has only an "allied with" tie: no reach claimed.
    assert not any(
        "reaches" in r
        for r in names.get(
            "Seed Savers Club", analytics.Suggestion(net.ally, 0, 0, 0, [], [], [], None, None, "")
        ).reasons
    )
    order = list(names)
    assert order.index("Head of Seeds Unit") < order.index("Seed Savers Club")


def test_diversity_names_the_first_of_its_kind_against_the_target_mix(net: Net) -> None:  # noqa: F811
    a = net.world.a
    a.target_mix = {"kinds": ["media"], "scopes": ["grassroots"], "affected_population": True}
    a.save(update_fields=["target_mix"])
    services.stakeholder_update(stakeholder=net.bishop, represents_affected_population=True)
    names = by_name(net)
    assert "would be the first media outlet among members" in names["Radio Valley"].reasons
    bishop = names["Bishop of the Valley"].reasons
    assert "would be the first grassroots member" in bishop
    assert "would be the first member representing the affected population" in bishop


def test_influential_stakeholders_of_unknown_position_are_called_out_as_unlikely_suspects(net: Net) -> None:  # noqa: F811
    services.assessment_record(stakeholder=net.bishop, user=net.world.alice, position=None, influence=4, interest=2)
    services.assessment_record(stakeholder=net.donor, user=net.world.alice, position=2, influence=4, interest=5)
    names = by_name(net)
    bishop = names["Bishop of the Valley"]
    assert bishop.is_unlikely_suspect
    assert "influential and its position is unknown: find out where it stands" in bishop.unlikely
    assert "an unusual ally for this issue: religious or traditional leader" in bishop.unlikely
    # A known, strong supporter is no unlikely suspect, just a good candidate.
    assert "influential and its position is unknown: find out where it stands" not in names["Green Fund"].unlikely
    assert "already supports the purpose" in names["Green Fund"].reasons


def test_the_flag_set_by_hand_is_respected(net: Net) -> None:  # noqa: F811
    services.stakeholder_update(stakeholder=net.ally, unlikely_suspect=True, scope=Scope.NATIONAL)
    assert "flagged as an unlikely suspect" in by_name(net)["Seed Savers Club"].unlikely


def test_the_page_lists_suggestions_with_reasons(net: Net) -> None:  # noqa: F811
    html = page(net.world.client_for(net.world.eve), "/a/riverside/landscape/suggestions/")
    assert "Head of Seeds Unit" in html and "Reaches 1 target directly" in html


def test_without_targets_the_page_says_so(world: Any) -> None:
    html = page(world.client_for(world.alice), "/a/riverside/landscape/suggestions/")
    assert "No target is named yet" in html


def test_the_analytics_page_shows_reach_ranking_and_brokers(net: Net) -> None:  # noqa: F811
    tie(net.world, net.women, net.official, "influences", 1)
    html = page(net.world.client_for(net.world.alice), "/a/riverside/landscape/analytics/")
    assert "Minister of Agriculture" in html
    assert "Members two steps away:</strong> Valley Women&#x27;s Network" in html
    assert 'Riverside Farmers Union <span aria-hidden="true">→</span>' in html
    assert "Brokers" in html and "Computed" in html
    assert html.index("Head of Seeds Unit", html.index("Brokers")) > 0
