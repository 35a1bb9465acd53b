"""Working groups: a purpose, member organisations (members of the alliance only), a lead, their
own page, and closing when the need has passed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.core.models import Role
from accord.core.versions import StaleVersion
from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership.services_roles import seat_grant_role
from accord.work import services
from accord.work.models import WorkingGroup
from tests.conftest import World, make_user
from tests.work.work_helpers import approved, valley

GROUPS = "/a/riverside/work/groups/"


def test_names_are_unique_in_the_alliance(world: World) -> None:
    services.working_group_create(alliance=world.a, name="Access to finance", kind="thematic", by=world.alice)
    with pytest.raises(ValidationError) as caught:
        services.working_group_create(alliance=world.a, name="access to finance", kind="thematic", by=world.sam)
    assert "name" in caught.value.message_dict
    # Another alliance may use the same name.
    services.working_group_create(alliance=world.b, name="Access to finance", kind="thematic", by=world.lear)


def test_only_co_chairs_and_secretariat_manage_groups(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.working_group_create(alliance=world.a, name="Budget tracking", kind="cross_cutting", by=world.bob)
    assert world.client_for(world.bob).get(f"{GROUPS}new/").status_code == 403


def test_members_only_current_members_once(world: World) -> None:
    group = services.working_group_create(alliance=world.a, name="Gender", kind="thematic", by=world.alice)
    candidate = Stakeholder.objects.create(alliance=world.a, name="Radio", kind=StakeholderType.MEDIA)
    with pytest.raises(ValidationError, match="member organisation"):
        services.group_member_add(group=group, stakeholder=candidate)
    with pytest.raises(ValidationError, match="member organisation"):
        services.group_member_add(group=group, stakeholder=world.org_b)
    services.group_member_add(group=group, stakeholder=valley(world))
    with pytest.raises(ValidationError, match="already"):
        services.group_member_add(group=group, stakeholder=valley(world))
    services.group_member_remove(group=group, stakeholder=valley(world))
    assert not group.group_members.exists()


def test_closing_needs_a_reason_and_reopening_clears_it(world: World) -> None:
    group = services.working_group_create(alliance=world.a, name="Gender", kind="thematic", by=world.alice)
    with pytest.raises(ValidationError) as caught:
        services.working_group_close(group=group, reason=" ", by=world.alice)
    assert "reason" in caught.value.message_dict
    services.working_group_close(group=group, reason="Its need has passed", by=world.alice)
    group.refresh_from_db()
    assert group.closed_on == world.a.today() and not group.is_open
    services.working_group_reopen(group=group, by=world.sam)
    group.refresh_from_db()
    assert group.is_open and group.closed_reason == ""


def test_a_stale_group_edit_is_refused(world: World) -> None:
    group = services.working_group_create(alliance=world.a, name="Gender", kind="thematic", by=world.alice)
    start = group.version
    services.working_group_update(group=group, version=start, by=world.alice, description="Women farmers' access")
    with pytest.raises(StaleVersion):
        services.working_group_update(
            group=WorkingGroup.objects.get(pk=group.pk), version=start, by=world.sam, name="Gender equality"
        )
    assert WorkingGroup.objects.get(pk=group.pk).name == "Gender"


def test_the_group_page_shows_purpose_members_lead_activities_and_progress(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.post(
        f"{GROUPS}new/", {"name": "Extension and education", "kind": "thematic", "description": "Extension policy"}
    )
    group = WorkingGroup.objects.get(alliance=world.a, name="Extension and education")
    assert response.status_code == 302
    assert client.post(f"{GROUPS}{group.pk}/members/add/", {"stakeholder": valley(world).pk}).status_code == 302
    lead = make_user("lena@a.test", name="Lena Lead")
    seat_grant_role(
        alliance=world.a, email=lead.email, role=Role.WG_LEAD, starts_on=dt.date(2020, 1, 1), working_group_id=group.pk
    )
    act = approved(world, title="Farmer field schools", working_group=group)
    services.activity_set_status(activity=act, status="in_progress", by=world.alice, version=act.version)
    services.activity_set_progress(activity=act, progress=30, by=world.alice, version=act.version)
    html = world.client_for(world.bob).get(f"{GROUPS}{group.pk}/").content.decode()
    for expected in ("Extension policy", "Valley Women", "Lena Lead", "Farmer field schools", "30 %", "None yet."):
        assert expected in html, expected
    # Observers see organisations, not people's names.
    assert "Lena Lead" not in world.client_for(world.olga).get(f"{GROUPS}{group.pk}/").content.decode()
    listing = world.client_for(world.olga).get(GROUPS).content.decode()
    assert "Extension and education" in listing


def test_adding_a_non_member_over_http_says_why(world: World) -> None:
    group = services.working_group_create(alliance=world.a, name="Gender", kind="thematic", by=world.alice)
    radio = Stakeholder.objects.create(alliance=world.a, name="Radio", kind=StakeholderType.MEDIA)
    response = world.client_for(world.alice).post(f"{GROUPS}{group.pk}/members/add/", {"stakeholder": radio.pk})
    assert response.status_code == 400 and "Choose a member organisation of this alliance." in response.content.decode()
    assert not group.group_members.exists()


def test_close_and_reopen_over_http(world: World) -> None:
    group = services.working_group_create(alliance=world.a, name="Gender", kind="thematic", by=world.alice)
    client = world.client_for(world.sam)
    assert client.post(f"{GROUPS}{group.pk}/close/", {"reason": ""}).status_code == 400
    assert client.post(f"{GROUPS}{group.pk}/close/", {"reason": "Done"}).status_code == 302
    group.refresh_from_db()
    assert not group.is_open
    assert client.post(f"{GROUPS}{group.pk}/reopen/").status_code == 302
    group.refresh_from_db()
    assert group.is_open


def test_a_foreign_group_is_not_found(world: World) -> None:
    theirs = services.working_group_create(alliance=world.b, name="Theirs", kind="thematic", by=world.lear)
    assert world.client_for(world.alice).get(f"{GROUPS}{theirs.pk}/").status_code == 404
