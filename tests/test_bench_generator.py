from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import models

from accord.bench.synthetic import Sizes, generate_alliance
from accord.charters.models import Charter
from accord.core.models import Alliance, Role
from accord.decisions.models import Proposal, Vote
from accord.landscape.models import Assessment, Stakeholder, Tie
from accord.membership.models import Membership, Seat, SeatRole
from accord.purpose.models import Purpose

ALLIANCE_TABLES = (Stakeholder, Membership, Seat, SeatRole, Purpose, Assessment, Tie, Charter, Proposal, Vote)


def test_scale_one_is_about_the_size_of_georgia() -> None:
    sizes = Sizes.at(1)
    assert (sizes.member_organisations, sizes.stakeholders) == (40, 300)
    assert (Sizes.at(10).member_organisations, Sizes.at(10).stakeholders) == (400, 3000)
    # About 3% targets and three ties per stakeholder, at both scales of the bench.
    assert (sizes.targets, sizes.ties) == (9, 900)
    assert (Sizes.at(10).targets, Sizes.at(10).ties) == (90, 9000)


def test_it_refuses_a_scale_of_zero() -> None:
    with pytest.raises(ValueError):
        Sizes.at(0)


def test_it_creates_the_expected_counts(db: Any) -> None:
    generated = generate_alliance(0.1, slug="small")
    a, sizes = generated.alliance, generated.sizes
    assert (sizes.stakeholders, sizes.member_organisations) == (30, 4)
    assert a.stakeholders.count() == 30
    assert a.memberships.filter(status=Membership.Status.MEMBER).count() == 4
    assert a.memberships.count() == 4 + sizes.other_memberships
    assert a.seats.count() == sizes.people
    assert a.seats.exclude(organisation=None).count() == 4  # one representative per member
    assert a.seat_roles.count() == sizes.seat_roles
    assert SeatRole.objects.current_in(a).filter(role=Role.CO_CHAIR).count() == 2
    assert a.stakeholders.filter(is_target=True).count() == sizes.targets == 1
    assert a.ties.count() == sizes.ties == 90
    assert a.purposes.count() == sizes.purpose_versions
    assert a.purposes.order_by("-version").first().version == sizes.purpose_versions


def test_every_row_carries_its_alliance(db: Any) -> None:
    first = generate_alliance(0.1, slug="first").alliance
    second = generate_alliance(0.1, slug="second").alliance
    for model in ALLIANCE_TABLES:
        rows = model.objects.all()
        assert rows.filter(alliance=None).count() == 0, model.__name__
        assert set(rows.values_list("alliance_id", flat=True)) == {first.pk, second.pk}, model.__name__
    # Relations inside an alliance never point into the other one.
    assert not Membership.objects.filter(alliance=first).exclude(stakeholder__alliance=first).exists()
    assert (
        not Seat.objects.filter(alliance=first)
        .exclude(organisation=None)
        .exclude(organisation__alliance=first)
        .exists()
    )
    assert not SeatRole.objects.filter(alliance=first).exclude(seat__alliance=first).exists()
    assert not Assessment.objects.filter(alliance=first).exclude(stakeholder__alliance=first).exists()
    assert not Tie.objects.filter(alliance=first).exclude(source__alliance=first, target__alliance=first).exists()
    assert (
        not Vote.objects.filter(alliance=first).exclude(proposal__alliance=first, organisation__alliance=first).exists()
    )


def test_bulk_rows_keep_their_history(db: Any) -> None:
    a = generate_alliance(0.1, slug="hist").alliance
    assert Stakeholder.history.filter(alliance_id=a.pk).count() == a.stakeholders.count()
    assert SeatRole.history.filter(alliance_id=a.pk).count() == a.seat_roles.count()
    assert Assessment.history.filter(alliance_id=a.pk).count() == a.assessments.count()
    assert Tie.history.filter(alliance_id=a.pk).count() == a.ties.count()
    assert Vote.history.filter(alliance_id=a.pk).count() == a.votes.count()


def test_every_stakeholder_has_one_to_three_dated_assessments(db: Any) -> None:
    a = generate_alliance(0.2, slug="assessed").alliance
    per_stakeholder = Counter(a.assessments.values_list("stakeholder_id", flat=True))
    assert set(per_stakeholder) == set(a.stakeholders.values_list("id", flat=True))
    assert set(per_stakeholder.values()) == {1, 2, 3}
    # Dated on different days, so each stakeholder's latest assessment is unambiguous.
    assert a.assessments.values("stakeholder_id", "assessed_on").distinct().count() == a.assessments.count()
    positions = set(a.assessments.values_list("position", flat=True))
    assert None in positions and {-2, 2} <= positions  # unknowns and both ends of the scale
    assert not a.assessments.exclude(influence__lte=5, interest__lte=5).exists()


def test_ties_are_mixed_without_self_ties_or_duplicate_pairs(db: Any) -> None:
    a = generate_alliance(0.2, slug="tied").alliance
    pairs = list(a.ties.values_list("source_id", "target_id"))
    assert len(pairs) == 3 * a.stakeholders.count()
    assert all(s != t for s, t in pairs)
    assert len(set(pairs)) == len(pairs)  # not even two kinds of tie between the same pair
    assert set(a.ties.values_list("kind", flat=True)) == set(Tie.Kind.values)
    assert set(a.ties.values_list("strength", flat=True)) == {1, 2, 3}
    # Targets draw more ties than the average stakeholder, as power holders do.
    into = Counter(t for _s, t in pairs)
    targets = list(a.stakeholders.filter(is_target=True).values_list("id", flat=True))
    assert sum(into[t] for t in targets) / len(targets) > 2 * len(pairs) / a.stakeholders.count()


def test_targets_are_power_holders_outside_the_membership(db: Any) -> None:
    a = generate_alliance(0.2, slug="targets").alliance
    targets = list(a.stakeholders.filter(is_target=True).select_related("organisation"))
    assert len(targets) == 2
    assert all(t.kind in {"national_government", "parliament", "local_authority"} for t in targets)
    assert all(t.target_ask for t in targets)
    assert not a.memberships.filter(stakeholder__is_target=True).exists()
    officials = [t for t in targets if t.is_individual]
    assert len(officials) == 1
    # A technical official inside a ministry, reporting to it.
    official = officials[0]
    assert official.organisation is not None and official.organisation.alliance_id == a.pk
    assert a.ties.filter(source=official, target=official.organisation, kind=Tie.Kind.REPORTS_TO).exists()


def test_the_purpose_and_charters_are_agreed_by_proposals_members_voted_on(db: Any) -> None:
    generated = generate_alliance(0.1, slug="decided")
    a, sizes = generated.alliance, generated.sizes
    purpose = a.purposes.get(version=sizes.purpose_versions)
    assert purpose.agreed_by.outcome == Proposal.Outcome.PASSED
    assert a.charters.exclude(agreed_by=None).count() == 2
    assert a.proposals.filter(status=Proposal.Status.OPEN).count() == 1
    closed = a.proposals.filter(status=Proposal.Status.CLOSED)
    assert closed.count() == sizes.proposals - 1
    members = set(a.memberships.filter(status=Membership.Status.MEMBER).values_list("stakeholder_id", flat=True))
    for proposal in closed:
        assert set(proposal.votes.values_list("organisation_id", flat=True)) == members  # one voice each


def test_a_tiny_alliance_still_builds(db: Any) -> None:
    generated = generate_alliance(0.01, slug="tiny")
    a = generated.alliance
    n = a.stakeholders.count()
    assert a.ties.count() == generated.sizes.ties <= n * (n - 1) // 2


def test_the_first_co_chair_can_open_the_roadmap(db: Any) -> None:
    from django.test import Client

    generated = generate_alliance(0.1, slug="open")
    client = Client()
    client.force_login(generated.co_chair)
    response = client.get(f"/a/{generated.alliance.slug}/")
    assert response.status_code == 200
    assert Alliance.objects.get(slug="open").name in response.content.decode()


def test_the_work_has_activities_in_every_status_within_the_rules(db: Any) -> None:
    from accord.work.models import Activity, Commitment, ResourceOffer

    assert (Sizes.at(1).activities, Sizes.at(10).activities) == (600, 6000)
    generated = generate_alliance(0.1, slug="work")
    a = generated.alliance
    activities = Activity.objects.filter(alliance=a)
    assert activities.count() == generated.sizes.activities == 60
    assert set(activities.values_list("status", flat=True)) == set(Activity.Status.values)
    members = set(a.memberships.filter(status=Membership.Status.MEMBER).values_list("stakeholder_id", flat=True))
    approved = activities.exclude(status=Activity.Status.PROPOSED)
    for activity in approved:
        assert activity.owner_id in members
        assert activity.no_extra_resources or activity.commitments.exists()
    assert not activities.exclude(responsible=None).exclude(responsible__organisation_id=models.F("owner_id")).exists()
    for offer in ResourceOffer.objects.filter(alliance=a, amount__isnull=False):
        committed = sum(c.amount or 0 for c in Commitment.objects.filter(offer=offer))
        assert committed <= offer.amount
    assert activities.filter(due_on__lt=a.today(), status__in=["approved", "in_progress"]).exists()
