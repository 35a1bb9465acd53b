from __future__ import annotations

from typing import Any

import pytest

from accord.alliances.models import Purpose
from accord.bench.synthetic import Sizes, generate_alliance
from accord.core.models import Alliance, Role, Seat, SeatRole
from accord.landscape.models import Stakeholder
from accord.membership.models import Membership

ALLIANCE_TABLES = (Stakeholder, Membership, Seat, SeatRole, Purpose)


def test_scale_one_is_about_the_size_of_georgia() -> None:
    sizes = Sizes.at(1)
    assert (sizes.member_organisations, sizes.stakeholders) == (40, 300)
    assert (Sizes.at(10).member_organisations, Sizes.at(10).stakeholders) == (400, 3000)


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
    assert SeatRole.objects.current().filter(alliance=a, role=Role.CO_CHAIR).count() == 2
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


def test_bulk_rows_keep_their_history(db: Any) -> None:
    a = generate_alliance(0.1, slug="hist").alliance
    assert Stakeholder.history.filter(alliance_id=a.pk).count() == a.stakeholders.count()
    assert SeatRole.history.filter(alliance_id=a.pk).count() == a.seat_roles.count()


def test_the_first_co_chair_can_open_the_roadmap(db: Any) -> None:
    from django.test import Client

    generated = generate_alliance(0.1, slug="open")
    client = Client()
    client.force_login(generated.co_chair)
    response = client.get(f"/a/{generated.alliance.slug}/")
    assert response.status_code == 200
    assert Alliance.objects.get(slug="open").name in response.content.decode()
