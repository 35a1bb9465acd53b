"""The members' resource inventory: who declares what for whom, amounts and currencies, edits
that would undercut commitments, withdrawal, and the inventory page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accord.core.versions import StaleVersion
from accord.landscape.models import Stakeholder
from accord.work import selectors_resources as sel
from accord.work import services_resources as svc
from accord.work.models import ResourceOffer
from tests.conftest import World
from tests.work.resources_helpers import activity, commitment, member, offer, valley_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def valley(world: World) -> Stakeholder:
    return valley_of(world)


def test_a_representative_declares_for_their_own_organisation(world: World, valley: Stakeholder) -> None:
    made = svc.offer_declare(
        alliance=world.a,
        stakeholder=valley,
        kind="money",
        description="Training budget",
        amount="5000",
        currency="gel",
        by=world.bob,
    )
    assert made.stakeholder == valley
    assert made.currency == "GEL"
    assert made.amount == Decimal("5000.00")


def test_a_representative_cannot_declare_for_another_organisation(world: World) -> None:
    with pytest.raises(PermissionDenied):
        svc.offer_declare(
            alliance=world.a, stakeholder=world.org_a, kind="time", description="Days", amount=3, by=world.bob
        )
    assert not ResourceOffer.objects.exists()


@pytest.mark.parametrize("who", ["alice", "sam"])
def test_co_chairs_and_secretariat_declare_for_any_member(world: World, valley: Stakeholder, who: str) -> None:
    made = svc.offer_declare(
        alliance=world.a, stakeholder=valley, kind="skills", description="Legal drafting", by=getattr(world, who)
    )
    assert made.amount is None and made.currency == ""


@pytest.mark.parametrize("who", ["walt", "olga", "eve", "lear"])
def test_others_cannot_declare(world: World, valley: Stakeholder, who: str) -> None:
    with pytest.raises(PermissionDenied):
        svc.offer_declare(alliance=world.a, stakeholder=valley, kind="skills", description="x", by=getattr(world, who))


def test_only_a_current_member_declares(world: World) -> None:
    candidate = member(world.a, "Hill Cooperative", status="candidate")
    with pytest.raises(ValidationError) as err:
        svc.offer_declare(alliance=world.a, stakeholder=candidate, kind="skills", description="x", by=world.alice)
    assert "stakeholder" in err.value.message_dict
    # Another alliance's member is not a member here.
    with pytest.raises(ValidationError):
        svc.offer_declare(alliance=world.a, stakeholder=world.org_b, kind="skills", description="x", by=world.alice)


@pytest.mark.parametrize(
    ("kind", "amount", "currency", "field", "words"),
    [
        ("time", None, "", "amount", "person-days"),
        ("money", None, "GEL", "amount", "how much"),
        ("money", 100, "", "currency", "currency"),
        ("money", 100, "XYZ", "currency", "XYZ is not a currency code"),
        ("money", 100, "DOLLARS", "currency", "not a currency code"),
        ("skills", None, "USD", "currency", "Only money has a currency"),
        ("time", 0, "", "amount", "more than zero"),
        ("time", -2, "", "amount", "more than zero"),
        ("time", "lots", "", "amount", "as a number"),
    ],
)
def test_amounts_and_currencies_are_checked(
    world: World, valley: Stakeholder, kind: str, amount: Any, currency: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as err:
        svc.offer_declare(
            alliance=world.a,
            stakeholder=valley,
            kind=kind,
            description="x",
            amount=amount,
            currency=currency,
            by=world.bob,
        )
    assert field in err.value.message_dict
    assert words in " ".join(err.value.message_dict[field])


def test_availability_dates_in_order(world: World, valley: Stakeholder) -> None:
    with pytest.raises(ValidationError) as err:
        svc.offer_declare(
            alliance=world.a,
            stakeholder=valley,
            kind="skills",
            description="x",
            available_from=dt.date(2026, 5, 1),
            available_until=dt.date(2026, 4, 1),
            by=world.bob,
        )
    assert "available_until" in err.value.message_dict


def test_amount_cannot_go_below_what_is_committed(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "money", 5000)
    commitment(activity(world.a), off, 3800)
    with pytest.raises(ValidationError) as err:
        svc.offer_update(offer=off, version=off.version, by=world.bob, amount=Decimal("3000"))
    assert "GEL 3,800" in err.value.message_dict["amount"][0]
    off.refresh_from_db()
    assert off.amount == Decimal("5000")
    # Down to exactly what is committed is fine.
    svc.offer_update(offer=off, version=off.version, by=world.bob, amount=Decimal("3800"))
    off.refresh_from_db()
    assert off.amount == Decimal("3800") and off.version == 2


def test_committed_offer_keeps_its_currency(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "money", 5000)
    commitment(activity(world.a), off, 100)
    with pytest.raises(ValidationError) as err:
        svc.offer_update(offer=off, version=off.version, by=world.bob, currency="USD")
    assert "currency" in err.value.message_dict


def test_a_stale_edit_is_refused(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "time", 10)
    svc.offer_update(offer=off, version=1, by=world.bob, amount=Decimal("12"))
    with pytest.raises(StaleVersion):
        svc.offer_update(offer=off, version=1, by=world.alice, description="Changed")
    off.refresh_from_db()
    assert off.amount == Decimal("12") and off.description != "Changed"


def test_a_representative_cannot_edit_another_organisations_offer(world: World) -> None:
    off = offer(world.a, world.org_a, "time", 10)
    with pytest.raises(PermissionDenied):
        svc.offer_update(offer=off, version=off.version, by=world.bob, amount=Decimal("1"))


def test_withdrawn_offer_keeps_commitments_and_leaves_the_inventory(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "time", 10)
    commitment(activity(world.a), off, 4)
    svc.offer_withdraw(offer=off, by=world.bob)
    off.refresh_from_db()
    assert off.withdrawn_on == world.a.today()
    assert off.commitments.count() == 1
    assert list(sel.offers(world.a)) == []


def test_remaining_is_offered_minus_committed(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "money", 5000)
    act = activity(world.a)
    commitment(act, off, 1200)
    commitment(act, off, 800)
    assert sel.remaining(off) == Decimal("3000")
    row = sel.offers(world.a).get()
    assert row.left == Decimal("3000") and row.committed == Decimal("2000")  # type: ignore[attr-defined]


def test_offers_filter_by_kind_and_member(world: World, valley: Stakeholder) -> None:
    a = offer(world.a, world.org_a, "time", 3)
    b = offer(world.a, valley, "money", 10)
    assert list(sel.offers(world.a, kind="time")) == [a]
    assert list(sel.offers(world.a, member=valley.pk)) == [b]


# --- Pages ------------------------------------------------------------------------------------


def test_the_inventory_shows_offers_and_totals(world: World, valley: Stakeholder) -> None:
    offer(world.a, world.org_a, "money", 5000)
    offer(world.a, valley, "money", 1200)
    offer(world.a, valley, "money", 300, currency="USD")
    resp = world.client_for(world.olga).get(reverse("work:resources", args=[world.a.slug]))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "GEL 6,200" in html  # the total in GEL, counted apart from the USD
    assert "USD 300" in html


def test_the_inventory_filters(world: World, valley: Stakeholder) -> None:
    offer(world.a, world.org_a, "time", 3, description="Days of the union")
    offer(world.a, valley, "skills", None, description="Drafting skills")
    url = reverse("work:resources", args=[world.a.slug])
    html = world.client_for(world.bob).get(url, {"kind": "skills"}).content.decode()
    assert "Drafting skills" in html and "Days of the union" not in html
    html = world.client_for(world.bob).get(url, {"member": world.org_a.pk}).content.decode()
    assert "Days of the union" in html and "Drafting skills" not in html


def test_declaring_over_the_page(world: World, valley: Stakeholder) -> None:
    url = reverse("work:offer_new", args=[world.a.slug])
    client = world.client_for(world.bob)
    assert client.get(url).status_code == 200
    resp = client.post(
        url, {"stakeholder": valley.pk, "kind": "money", "description": "Fund", "amount": "100", "currency": "zz"}
    )
    assert resp.status_code == 400
    assert "ZZ is not a currency code" in resp.content.decode()
    assert not ResourceOffer.objects.exists()
    resp = client.post(
        url, {"stakeholder": valley.pk, "kind": "money", "description": "Fund", "amount": "100", "currency": "usd"}
    )
    assert resp.status_code == 302
    assert ResourceOffer.objects.get().currency == "USD"


def test_the_declare_form_offers_a_representative_only_their_organisation(world: World) -> None:
    url = reverse("work:offer_new", args=[world.a.slug])
    resp = world.client_for(world.bob).post(url, {"stakeholder": world.org_a.pk, "kind": "skills", "description": "x"})
    assert resp.status_code == 400
    assert not ResourceOffer.objects.exists()


def test_editing_and_withdrawing_over_the_page(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "time", 10)
    url = reverse("work:offer_edit", args=[world.a.slug, off.pk])
    client = world.client_for(world.bob)
    assert client.get(url).status_code == 200
    resp = client.post(url, {"version": 1, "kind": "time", "description": "Ten days", "amount": "8"})
    assert resp.status_code == 302
    off.refresh_from_db()
    assert off.amount == Decimal("8") and off.description == "Ten days"
    # From the old version: a conflict, nothing written.
    resp = client.post(url, {"version": 1, "kind": "time", "description": "Old", "amount": "9"})
    assert resp.status_code == 409
    off.refresh_from_db()
    assert off.description == "Ten days"
    resp = client.post(reverse("work:offer_withdraw", args=[world.a.slug, off.pk]))
    assert resp.status_code == 302
    off.refresh_from_db()
    assert off.withdrawn_on is not None


def test_a_foreign_offer_is_a_404(world: World) -> None:
    foreign = offer(world.b, world.org_b, "time", 3)
    client = world.client_for(world.alice)
    assert client.get(reverse("work:offer_edit", args=[world.a.slug, foreign.pk])).status_code == 404
    assert client.post(reverse("work:offer_withdraw", args=[world.a.slug, foreign.pk])).status_code == 404
