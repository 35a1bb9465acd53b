"""No activity is approved without an owner and either committed resources or an explicit "no
extra resources needed"; approval is a decision of the members, or the co-chairs' when the
alliance says so."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.decisions import services as decisions
from accord.decisions.models import Proposal
from accord.decisions.services import WrongStatus
from accord.work import services
from accord.work.models import Activity
from tests.conftest import World
from tests.decisions import conftest as decisions_conftest
from tests.decisions.conftest import Voices, soon
from tests.work.resources_helpers import commitment, offer
from tests.work.work_helpers import approvable, co_chairs_approve, valley

voices = decisions_conftest.voices  # three member organisations, each with its voice


def test_it_refuses_activity_without_owner_or_means_saying_what_is_missing(world: World) -> None:
    co_chairs_approve(world.a)
    activity = services.activity_create(alliance=world.a, by=world.bob, title="Research paper on seed law")
    assert services.approval_missing(activity) == [
        "an owner organisation",
        'committed resources, or "no extra resources needed"',
    ]
    with pytest.raises(ValidationError) as caught:
        services.activity_approve(activity=activity, by=world.alice)
    message = " ".join(caught.value.messages)
    assert "an owner organisation" in message and "committed resources" in message
    activity.refresh_from_db()
    assert activity.status == "proposed" and activity.approved_at is None


def test_an_owner_alone_is_not_enough(world: World) -> None:
    co_chairs_approve(world.a)
    activity = services.activity_create(alliance=world.a, by=world.alice, title="Briefing", owner=world.org_a)
    with pytest.raises(ValidationError) as caught:
        services.activity_approve(activity=activity, by=world.alice)
    message = " ".join(caught.value.messages)
    assert "committed resources" in message and "an owner organisation" not in message


def test_committed_resources_count_as_means(world: World) -> None:
    co_chairs_approve(world.a)
    activity = services.activity_create(alliance=world.a, by=world.alice, title="Conference", owner=world.org_a)
    commitment(activity, offer(world.a, valley(world)), amount=100)
    assert services.approval_missing(activity) == []
    services.activity_approve(activity=activity, by=world.alice)
    activity.refresh_from_db()
    assert activity.status == "approved" and activity.approved_by_user == world.alice


def test_co_chairs_approve_only_when_the_alliance_says_so(world: World) -> None:
    activity = approvable(world)
    with pytest.raises(PermissionDenied, match="decision of the members"):
        services.activity_approve(activity=activity, by=world.alice)
    co_chairs_approve(world.a)
    with pytest.raises(PermissionDenied, match="Only a co-chair"):
        services.activity_approve(activity=activity, by=world.bob)
    services.activity_approve(activity=activity, by=world.alice)
    activity.refresh_from_db()
    assert activity.status == "approved"
    with pytest.raises(ValidationError, match="Only a proposed activity"):
        services.activity_approve(activity=activity, by=world.alice)


def test_a_proposal_cannot_be_written_for_an_activity_missing_its_means(voices: Voices) -> None:
    world = voices.world
    activity = services.activity_create(alliance=world.a, by=world.alice, title="Radio spots", owner=world.org_a)
    with pytest.raises(ValidationError) as caught:
        decisions.proposal_create(
            alliance=world.a, user=world.alice, title="Approve", subject="activity", record=activity
        )
    assert "committed resources" in " ".join(caught.value.messages)


def _propose(world: World, activity: Activity) -> Proposal:
    proposal = decisions.proposal_create(
        alliance=world.a, user=world.alice, title="Approve the learning event", subject="activity", record=activity
    )
    return decisions.proposal_open(proposal=proposal, user=world.alice, closes_at=soon())


def test_approval_by_decision_end_to_end(voices: Voices) -> None:
    world = voices.world
    activity = services.activity_create(alliance=world.a, by=world.bob, title="Learning event")
    # Without an owner it cannot even be put to the members.
    with pytest.raises(ValidationError, match="an owner organisation"):
        _propose(world, activity)
    services.activity_update(activity=activity, version=activity.version, by=world.alice, owner=world.org_a)
    commitment(activity, offer(world.a, valley(world)), amount=500)
    proposal = _propose(world, activity)
    for user in (world.alice, world.bob, voices.hana):
        decisions.vote_cast(proposal=proposal, user=user, response="agree")
    decisions.proposal_close(proposal=proposal, user=world.alice, early=True)
    activity.refresh_from_db()
    assert activity.status == "approved"
    assert activity.approved_by_id == proposal.pk and activity.approved_by_user is None
    assert activity.approved_at is not None


def test_opening_is_refused_when_the_activity_lost_its_means(voices: Voices) -> None:
    world = voices.world
    activity = approvable(world)
    draft = decisions.proposal_create(
        alliance=world.a, user=world.alice, title="Approve", subject="activity", record=activity
    )
    services.activity_update(activity=activity, version=activity.version, by=world.alice, no_extra_resources=False)
    with pytest.raises(WrongStatus) as refused:
        decisions.proposal_open(proposal=draft, user=world.alice, closes_at=soon())
    # The activity's own reason, not the one for a text agreed meanwhile.
    assert "resources" in str(refused.value) and "agreed" not in str(refused.value)


def test_applying_checks_the_rule_again_at_closing(voices: Voices) -> None:
    world = voices.world
    activity = approvable(world)
    proposal = _propose(world, activity)
    for user in (world.alice, world.bob, voices.hana):
        decisions.vote_cast(proposal=proposal, user=user, response="agree")
    services.activity_update(activity=activity, version=activity.version, by=world.alice, no_extra_resources=False)
    closed = decisions.proposal_close(proposal=proposal, user=world.alice, early=True)
    assert closed.outcome == "passed"
    activity.refresh_from_db()
    assert activity.status == "proposed" and activity.approved_by_id is None


def test_a_proposal_about_another_activity_does_not_approve_this_one(world: World) -> None:
    activity, other = approvable(world), approvable(world, title="Other")
    stray = Proposal.objects.create(
        alliance=world.a, title="x", subject="activity", record_id=other.pk, status="closed", outcome="passed"
    )
    with pytest.raises(ValidationError, match="passed proposal about this activity"):
        services.activity_approve(activity=activity, proposal=stray)


def test_the_page_says_what_is_missing_and_offers_the_right_way_to_approve(world: World) -> None:
    activity = services.activity_create(alliance=world.a, by=world.bob, title="Study tour")
    page = f"/a/riverside/work/activities/{activity.pk}/"
    html = world.client_for(world.alice).get(page).content.decode()
    assert "It cannot be approved yet" in html and "an owner organisation" in html
    services.activity_update(
        activity=activity, version=activity.version, by=world.alice, owner=world.org_a, no_extra_resources=True
    )
    html = world.client_for(world.alice).get(page).content.decode()
    assert "Propose it as a decision" in html and "subject=activity" in html and "Approve it</button>" not in html
    co_chairs_approve(world.a)
    html = world.client_for(world.alice).get(page).content.decode()
    assert "Approve it</button>" in html
    assert "Approve it</button>" not in world.client_for(world.bob).get(page).content.decode()
    response = world.client_for(world.alice).post(f"{page}approve/")
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "approved"
    assert world.client_for(world.bob).post(f"{page}approve/").status_code == 403


def test_only_a_co_chair_chooses_the_approval_rule(world: World) -> None:
    url = "/a/riverside/work/settings/"
    assert world.client_for(world.sam).get(url).status_code == 403
    client = world.client_for(world.alice)
    assert client.post(url, {"approval": "nobody", "digest_weekday": "2"}).status_code == 200
    assert services.work_settings(world.a).approval == "decision"
    assert client.post(url, {"approval": "co_chairs", "digest_weekday": "2"}).status_code == 302
    found = services.work_settings(world.a)
    assert (found.approval, found.digest_weekday) == ("co_chairs", 2)


def test_the_proposal_form_offers_only_activities_that_may_be_approved(world: World) -> None:
    ready = approvable(world, title="Ready to approve")
    services.activity_create(alliance=world.a, by=world.alice, title="No owner yet")
    html = (
        world.client_for(world.alice)
        .get(f"/a/riverside/decisions/new/?subject=activity&record={ready.pk}")
        .content.decode()
    )
    assert f'value="activity:{ready.pk}"' in html
    assert "Ready to approve" in html and "No owner yet" not in html
