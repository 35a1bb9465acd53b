"""Activities: an owner that is a member, a responsible person of the owner, dates in order, no
lost edits, and only the owner's people steer status and progress (everyone else comments)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.core.versions import StaleVersion
from accord.landscape.models import Stakeholder, StakeholderType
from accord.work import services
from accord.work.models import Activity
from tests.conftest import World
from tests.work.work_helpers import approved, seat, valley

PAGE = "/a/riverside/work/activities/"


def test_it_refuses_dates_in_the_wrong_order(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.activity_create(
            alliance=world.a, by=world.alice, title="Study", starts_on=dt.date(2027, 3, 1), due_on=dt.date(2027, 2, 1)
        )
    assert "due_on" in caught.value.message_dict
    assert not Activity.objects.exists()


def test_it_refuses_an_owner_that_is_not_a_member(world: World) -> None:
    ministry = Stakeholder.objects.create(alliance=world.a, name="Ministry", kind=StakeholderType.NATIONAL_GOVERNMENT)
    with pytest.raises(ValidationError) as caught:
        services.activity_create(alliance=world.a, by=world.alice, title="Study", owner=ministry)
    assert caught.value.message_dict["owner"] == ["The owner must be a member organisation of this alliance."]
    with pytest.raises(ValidationError, match="member organisation"):
        services.activity_create(alliance=world.a, by=world.alice, title="Study", owner=world.org_b)  # other alliance


def test_it_refuses_a_responsible_person_of_another_organisation(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.activity_create(
            alliance=world.a, by=world.alice, title="Study", owner=world.org_a, responsible=seat(world, world.bob)
        )
    assert "responsible" in caught.value.message_dict
    made = services.activity_create(
        alliance=world.a, by=world.alice, title="Study", owner=valley(world), responsible=seat(world, world.bob)
    )
    assert made.responsible == seat(world, world.bob)


def test_a_closed_group_takes_no_new_activity(world: World) -> None:
    group = services.working_group_create(alliance=world.a, name="Gender", kind="thematic", by=world.alice)
    services.working_group_close(group=group, reason="Merged into rural development", by=world.alice)
    with pytest.raises(ValidationError) as caught:
        services.activity_create(alliance=world.a, by=world.alice, title="Study", working_group=group)
    assert "working_group" in caught.value.message_dict


def test_a_stale_edit_is_refused_and_writes_nothing(world: World) -> None:
    activity = services.activity_create(alliance=world.a, by=world.alice, title="Study", owner=world.org_a)
    start = activity.version
    services.activity_update(activity=activity, version=start, by=world.alice, title="Study of seed law")
    other = Activity.objects.get(pk=activity.pk)
    with pytest.raises(StaleVersion) as caught:
        services.activity_update(activity=other, version=start, by=world.sam, title="Seed study")
    assert "Study of seed law" in str(caught.value)
    assert Activity.objects.get(pk=activity.pk).title == "Study of seed law"


def test_only_the_owners_people_change_status_and_progress(world: World) -> None:
    activity = approved(world)  # owned by alice's organisation
    assert services.can_steer(world.alice, activity) and not services.can_steer(world.bob, activity)
    for who in (world.bob, world.sam, world.walt):
        with pytest.raises(PermissionDenied, match="Only the people of the organisation"):
            services.activity_set_status(activity=activity, status="in_progress", by=who, version=activity.version)
        with pytest.raises(PermissionDenied):
            services.activity_set_progress(activity=activity, progress=10, by=who, version=activity.version)
    services.activity_comment(activity=activity, by=world.bob, body="We can host the event.")
    assert activity.comments.get().author == world.bob
    activity.refresh_from_db()
    assert activity.status == "approved" and activity.progress == 0


def test_transitions_and_done(world: World) -> None:
    activity = approved(world)
    with pytest.raises(ValidationError, match="cannot become done"):
        services.activity_set_status(activity=activity, status="done", by=world.alice, version=activity.version)
    services.activity_set_status(activity=activity, status="in_progress", by=world.alice, version=activity.version)
    services.activity_set_progress(activity=activity, progress=40, by=world.alice, version=activity.version)
    services.activity_set_status(activity=activity, status="done", by=world.alice, version=activity.version)
    activity.refresh_from_db()
    assert (activity.status, activity.progress, activity.done_on) == ("done", 100, world.a.today())
    with pytest.raises(ValidationError):
        services.activity_set_status(
            activity=activity, status="dropped", by=world.alice, version=activity.version, reason="x"
        )
    with pytest.raises(ValidationError, match="approved or in progress"):
        services.activity_set_progress(activity=activity, progress=10, by=world.alice, version=activity.version)


def test_dropping_needs_a_reason(world: World) -> None:
    activity = approved(world)
    with pytest.raises(ValidationError) as caught:
        services.activity_set_status(activity=activity, status="dropped", by=world.alice, version=activity.version)
    assert "reason" in caught.value.message_dict
    services.activity_set_status(
        activity=activity, status="dropped", by=world.alice, version=activity.version, reason="The committee dissolved"
    )
    activity.refresh_from_db()
    assert activity.status == "dropped" and activity.drop_reason == "The committee dissolved"


@pytest.mark.parametrize("value", [-1, 101, "ten", 12.5])
def test_progress_is_a_whole_number_from_0_to_100(world: World, value: object) -> None:
    activity = approved(world)
    with pytest.raises(ValidationError) as caught:
        services.activity_set_progress(activity=activity, progress=value, by=world.alice, version=activity.version)
    assert "progress" in caught.value.message_dict


def test_a_stale_status_change_is_refused(world: World) -> None:
    activity = approved(world)
    old = activity.version
    services.activity_set_progress(activity=activity, progress=30, by=world.alice, version=old)
    with pytest.raises(StaleVersion):
        services.activity_set_status(
            activity=Activity.objects.get(pk=activity.pk), status="in_progress", by=world.alice, version=old
        )


def test_over_http_others_are_refused_with_the_reason_and_may_comment(world: World) -> None:
    activity = approved(world)
    bob = world.client_for(world.bob)
    page = bob.get(f"{PAGE}{activity.pk}/").content.decode()
    assert "Change the status" not in page and "Only the owner organisation" in page
    refused = bob.post(f"{PAGE}{activity.pk}/status/", {"status": "in_progress", "version": activity.version})
    assert refused.status_code == 403 and "Only the people of the organisation" in refused.content.decode()
    assert bob.post(f"{PAGE}{activity.pk}/comment/", {"body": "Count us in."}).status_code == 302
    assert world.client_for(world.olga).post(f"{PAGE}{activity.pk}/comment/", {"body": "x"}).status_code == 403
    alice = world.client_for(world.alice)
    assert (
        alice.post(f"{PAGE}{activity.pk}/status/", {"status": "in_progress", "version": activity.version}).status_code
        == 302
    )
    activity.refresh_from_db()
    assert activity.status == "in_progress"
    # A second tab still on the old version is told, not obeyed.
    stale = alice.post(f"{PAGE}{activity.pk}/progress/", {"progress": 50, "version": activity.version - 1})
    assert stale.status_code == 409
    activity.refresh_from_db()
    assert activity.progress == 0


def test_the_edit_form_refuses_wrong_dates_and_a_stale_version(world: World) -> None:
    activity = services.activity_create(alliance=world.a, by=world.alice, title="Study", owner=world.org_a)
    alice = world.client_for(world.alice)
    data = {
        "title": "Study",
        "owner": world.org_a.pk,
        "starts_on": "2027-03-01",
        "due_on": "2027-02-01",
        "version": activity.version,
    }
    response = alice.post(f"{PAGE}{activity.pk}/edit/", data)
    assert response.status_code == 200 and "on or after the start date" in response.content.decode()
    services.activity_update(activity=activity, version=activity.version, by=world.alice, title="Renamed")
    data.update(due_on="2027-04-01")
    response = alice.post(f"{PAGE}{activity.pk}/edit/", data)
    assert response.status_code == 409 and "Renamed" in response.content.decode()
    assert world.client_for(world.bob).get(f"{PAGE}{activity.pk}/edit/").status_code == 403


def test_a_foreign_activity_is_not_found(world: World) -> None:
    foreign = services.activity_create(alliance=world.b, by=world.lear, title="Theirs")
    assert world.client_for(world.alice).get(f"{PAGE}{foreign.pk}/").status_code == 404
