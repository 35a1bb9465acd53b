"""The demo alliances: the method's three case studies, loaded by `accord demo`."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accord.accounts.models import User
from accord.core import demo
from accord.core.models import Alliance, Role
from accord.core.permissions import roles_of
from accord.core.roadmap import State, roadmap_for
from accord.landscape.models import Stakeholder, StakeholderType
from accord.lib import smart
from accord.membership.models import Membership, Seat, SeatRole
from accord.purpose.models import Purpose
from tests.conftest import World


@pytest.fixture
def loaded(db: Any) -> None:
    call_command("demo", verbosity=0)


def counts() -> dict[str, int]:
    models = (Alliance, User, Stakeholder, Membership, Seat, SeatRole, Purpose)
    return {model.__name__: model.objects.count() for model in models}


def test_it_loads_the_three_alliances(loaded: None) -> None:
    alliances = {a.slug: a for a in Alliance.objects.all()}
    assert set(alliances) == {"georgia-dcg", "zambia-nfnc", "peru-cni"}
    assert alliances["georgia-dcg"].name == "Agriculture Donor Coordination Group"
    assert alliances["peru-cni"].languages == ["es", "en"]
    assert all(a.status == Alliance.Status.ACTIVE for a in alliances.values())


@pytest.mark.parametrize("login", demo.DEMO_LOGINS, ids=lambda login: login.email)
def test_each_listed_login_works_with_its_role(loaded: None, login: demo.DemoLogin) -> None:
    assert Client().login(email=login.email, password=settings.ACCORD_DEMO_PASSWORD)
    user = User.objects.get(email=login.email)
    alliance = Alliance.objects.get(slug=login.alliance)
    assert login.role in roles_of(user, alliance)
    # Nobody in the demo sees into another demo alliance.
    for other in Alliance.objects.exclude(pk=alliance.pk):
        assert roles_of(user, other) == frozenset()


def test_the_logins_cover_the_personas_of_each_alliance() -> None:
    for slug in demo.DEMO_SLUGS:
        mine = {(login.role, login.email.split("@")[0]) for login in demo.DEMO_LOGINS if login.alliance == slug}
        assert {
            (Role.CO_CHAIR, "cochair"),
            (Role.CO_CHAIR, "cochair2"),
            (Role.SECRETARIAT, "secretariat"),
            (Role.REPRESENTATIVE, "member"),
            (Role.OBSERVER, "observer"),
        } == mine


def test_each_alliance_has_two_co_chairs_from_different_member_organisations(loaded: None) -> None:
    for alliance in Alliance.objects.all():
        chairs = SeatRole.objects.current_in(alliance).filter(role=Role.CO_CHAIR).select_related("seat")
        organisations = {r.seat.organisation_id for r in chairs}
        assert len(chairs) == 2
        assert len(organisations) == 2
        assert all(
            Membership.objects.get(stakeholder_id=org).status == Membership.Status.MEMBER for org in organisations
        )


def test_observers_hold_no_other_role(loaded: None) -> None:
    for login in demo.DEMO_LOGINS:
        if login.role == Role.OBSERVER:
            user = User.objects.get(email=login.email)
            assert roles_of(user, Alliance.objects.get(slug=login.alliance)) == {Role.OBSERVER}


def test_member_logins_speak_for_a_member_organisation(loaded: None) -> None:
    for login in demo.DEMO_LOGINS:
        if login.role == Role.REPRESENTATIVE:
            seat = Seat.objects.select_related("organisation__membership").get(
                user__email=login.email, alliance__slug=login.alliance
            )
            assert seat.organisation is not None
            assert seat.organisation.membership.status == Membership.Status.MEMBER


def test_georgia_purpose_passes_smart_after_three_versions(loaded: None) -> None:
    georgia = Alliance.objects.get(slug="georgia-dcg")
    versions = list(georgia.purposes.order_by("version"))  # type: ignore[attr-defined]
    assert [p.version for p in versions] == [1, 2, 3]
    assert not smart.check(versions[0], today=georgia.today()).passes
    assert smart.check(versions[-1], today=georgia.today()).passes
    assert "0.3%" in versions[-1].target and "4%" in versions[-1].target
    # Versions were written over time, not all today.
    assert versions[0].created_at < versions[1].created_at < versions[2].created_at
    assert roadmap_for(georgia)[0].status.state == State.DONE


def test_zambia_purpose_fails_exactly_one_letter_so_step_one_is_in_progress(loaded: None) -> None:
    zambia = Alliance.objects.get(slug="zambia-nfnc")
    purpose = zambia.purposes.get()  # type: ignore[attr-defined]
    assert [letter.letter for letter in smart.check(purpose, today=zambia.today()).failing] == ["T"]
    step = roadmap_for(zambia)[0].status
    assert step.state == State.IN_PROGRESS
    assert "Time-bound" in str(step.next_action)


def test_zambia_counts_government_bodies_among_its_members(loaded: None) -> None:
    members = Membership.objects.filter(alliance__slug="zambia-nfnc", status=Membership.Status.MEMBER)
    kinds = [m.stakeholder.kind for m in members.select_related("stakeholder")]
    assert kinds.count(StakeholderType.NATIONAL_GOVERNMENT) >= 3
    assert StakeholderType.UN_AGENCY in kinds


def test_peru_has_sixteen_member_agencies_and_candidates_to_pledge(loaded: None) -> None:
    peru = Alliance.objects.get(slug="peru-cni")
    assert peru.memberships.filter(status=Membership.Status.MEMBER).count() == 16  # type: ignore[attr-defined]
    assert roadmap_for(peru)[0].status.state == State.DONE
    candidates = Stakeholder.objects.filter(alliance=peru, notes__startswith="Candidate")
    assert candidates.count() >= 5
    assert not Membership.objects.filter(stakeholder__in=candidates).exists()


def test_georgia_shows_memberships_in_every_state(loaded: None) -> None:
    statuses = set(Membership.objects.filter(alliance__slug="georgia-dcg").values_list("status", flat=True).distinct())
    assert statuses == set(Membership.Status.values)


def test_records_are_attributed_to_the_convener(loaded: None) -> None:
    georgia = Alliance.objects.get(slug="georgia-dcg")
    convener = User.objects.get(email="cochair@georgia.demo")
    stakeholder = Stakeholder.objects.get(alliance=georgia, name="Green Valleys Georgia")
    assert stakeholder.history.get().history_user == convener  # type: ignore[attr-defined]
    assert georgia.history.earliest("history_date").history_user == convener  # type: ignore[attr-defined]


def test_without_reset_it_leaves_the_demo_alone(loaded: None) -> None:
    before = counts()
    out = StringIO()
    call_command("demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert counts() == before


def test_reset_is_idempotent_and_spares_other_alliances(world: World) -> None:
    call_command("demo", verbosity=0)
    call_command("demo", "--reset", verbosity=0)
    first = counts()
    call_command("demo", "--reset", verbosity=0)
    assert counts() == first
    assert Alliance.objects.filter(slug__in=[world.a.slug, world.b.slug]).count() == 2
    assert world.a.seats.count() == 6  # type: ignore[attr-defined]


def test_reset_keeps_a_demo_account_someone_seated_elsewhere(world: World) -> None:
    call_command("demo", verbosity=0)
    Seat.objects.create(alliance=world.a, user=User.objects.get(email="member@zambia.demo"))
    call_command("demo", "--reset", verbosity=0)
    user = User.objects.get(email="member@zambia.demo")
    assert user.seats.filter(alliance=world.a).exists()  # type: ignore[attr-defined]
    assert Client().login(email=user.email, password=settings.ACCORD_DEMO_PASSWORD)


def test_the_command_prints_the_logins(db: Any) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    for login in demo.DEMO_LOGINS:
        assert login.email in text
    assert settings.ACCORD_DEMO_PASSWORD in text


@pytest.mark.parametrize("login", demo.DEMO_LOGINS[:5], ids=lambda login: login.email)
def test_a_georgia_login_sees_its_roadmap_and_not_zambia(loaded: None, login: demo.DemoLogin) -> None:
    client = Client()
    assert client.login(email=login.email, password=settings.ACCORD_DEMO_PASSWORD)
    page = client.get("/a/georgia-dcg/")
    assert page.status_code == 200
    assert "Agriculture Donor Coordination Group" in page.content.decode()
    assert client.get("/a/zambia-nfnc/").status_code == 404
