"""The demo's work: the method's rules hold in every demo alliance, and each shows what the
pages need to show (a refusal, an overdue activity, a dropped one, a gap, members that declared
nothing)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from accord.core.models import Alliance, Role
from accord.decisions.models import Proposal
from accord.membership.models import Membership, SeatRole
from accord.work.models import Activity, ApprovalRule, Commitment, ResourceOffer, WorkingGroup
from accord.work.services import approval_refusal, work_settings

ST = Activity.Status


@pytest.fixture
def loaded(db: Any) -> None:
    call_command("demo", verbosity=0)


def test_georgia_has_its_seven_working_groups_each_with_a_lead_and_members(loaded: None) -> None:
    georgia = Alliance.objects.get(slug="georgia-dcg")
    groups = list(WorkingGroup.objects.filter(alliance=georgia))
    assert {g.name for g in groups} == {
        "Cooperatives",
        "Extension and education",
        "Access to finance",
        "Infrastructure",
        "Gender",
        "Natural resources",
        "Rural development",
    }
    leads = SeatRole.objects.current_in(georgia).filter(role=Role.WG_LEAD)
    assert {r.working_group_id for r in leads} == {g.pk for g in groups}
    for group in groups:
        assert group.group_members.count() >= 2
        # Every member of a group is a member organisation of the alliance.
        for gm in group.group_members.all():
            assert Membership.objects.get(stakeholder=gm.stakeholder).status == Membership.Status.MEMBER


def test_every_approved_activity_has_an_owner_and_the_means(loaded: None) -> None:
    past_proposed = Activity.objects.exclude(status=ST.PROPOSED)
    assert past_proposed.count() >= 15
    for activity in past_proposed:
        assert activity.owner_id is not None, activity.title
        assert activity.no_extra_resources or activity.commitments.exists(), activity.title
        assert activity.approved_at is not None
        rule = work_settings(activity.alliance).approval
        if rule == ApprovalRule.DECISION:
            proposal = activity.approved_by
            assert proposal is not None and proposal.outcome == Proposal.Outcome.PASSED
            assert (proposal.subject, proposal.record_id) == ("activity", activity.pk)
        else:
            assert activity.approved_by_user is not None
            assert Role.CO_CHAIR in {r.role for r in SeatRole.objects.current_in(activity.alliance)}


def test_the_responsible_person_speaks_for_the_owner(loaded: None) -> None:
    for activity in Activity.objects.filter(responsible__isnull=False).select_related("responsible"):
        assert activity.responsible is not None
        assert activity.responsible.organisation_id == activity.owner_id, activity.title


def test_commitments_stay_within_offers_in_kind_and_currency(loaded: None) -> None:
    used: dict[int, Decimal] = defaultdict(Decimal)
    for c in Commitment.objects.select_related("offer", "activity"):
        assert c.alliance_id == c.offer.alliance_id == c.activity.alliance_id
        if c.amount is not None:
            assert c.offer.amount is not None
            used[c.offer_id] += c.amount
    for offer_id, total in used.items():
        offer = ResourceOffer.objects.get(pk=offer_id)
        assert offer.amount is not None and total <= offer.amount, offer.description
    for offer in ResourceOffer.objects.filter(kind=ResourceOffer.Kind.MONEY):
        assert offer.currency in {"GEL", "ZMW", "PEN"}


def test_georgia_shows_every_status_an_overdue_one_and_a_refusal(loaded: None) -> None:
    georgia = Alliance.objects.get(slug="georgia-dcg")
    activities = Activity.objects.filter(alliance=georgia)
    assert set(activities.values_list("status", flat=True)) == set(ST.values)
    today = georgia.today()
    assert any(a.is_overdue(today) for a in activities)
    dropped = activities.get(status=ST.DROPPED)
    assert dropped.drop_reason
    ownerless = activities.get(owner__isnull=True)
    assert "an owner organisation" in approval_refusal(ownerless)
    in_progress = activities.filter(status=ST.IN_PROGRESS)
    assert all(0 < a.progress < 100 for a in in_progress)
    assert all(a.progress == 100 and a.done_on for a in activities.filter(status=ST.DONE))


def test_each_alliance_has_a_gap_and_members_that_declared_nothing(loaded: None) -> None:
    for alliance in Alliance.objects.all():
        members = set(
            Membership.objects.filter(alliance=alliance, status=Membership.Status.MEMBER).values_list(
                "stakeholder_id", flat=True
            )
        )
        declared = set(ResourceOffer.objects.filter(alliance=alliance).values_list("stakeholder_id", flat=True))
        assert declared <= members
        assert 1 <= len(members - declared) <= 3, alliance.slug
        kinds = set(ResourceOffer.objects.filter(alliance=alliance).values_list("kind", flat=True))
        assert len(kinds) >= 4
        # At least one need is not covered: money needed beyond the money committed.
        uncovered = False
        for activity in Activity.objects.filter(alliance=alliance).prefetch_related("needs", "commitments__offer"):
            for need in activity.needs.all():
                got = sum(
                    (c.amount or Decimal(0))
                    for c in activity.commitments.all()
                    if c.offer.kind == need.kind and c.offer.currency == need.currency
                )
                if need.amount is not None and got < need.amount:
                    uncovered = True
        assert uncovered, alliance.slug


def test_zambia_approves_by_its_co_chairs_and_peru_by_decision(loaded: None) -> None:
    assert work_settings(Alliance.objects.get(slug="zambia-nfnc")).approval == ApprovalRule.CO_CHAIRS
    assert work_settings(Alliance.objects.get(slug="peru-cni")).approval == ApprovalRule.DECISION
    assert Activity.objects.filter(alliance__slug="peru-cni", approved_by__isnull=False).count() >= 3
