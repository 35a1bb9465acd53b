"""Commitments of offers to activities: never beyond what was offered (also when two are made
at once), never across currencies, never from a withdrawn offer or to a closed activity, only by
the offering organisation's people or those who run the alliance; and needs, by whom."""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from accord.landscape.models import Stakeholder
from accord.work import selectors_resources as sel
from accord.work import services_resources as svc
from accord.work.models import ActivityStatus, Commitment, ResourceNeed
from tests.conftest import World, build_world
from tests.decisions.test_concurrency import in_thread, real_database
from tests.work.resources_helpers import activity, commitment, need, offer, valley_of


@pytest.fixture
def valley(world: World) -> Stakeholder:
    return valley_of(world)


def add(world: World, act: Any, off: Any, amount: Any, by: Any = None, role: str = "funding") -> Commitment:
    return svc.commitment_add(activity=act, offer=off, role=role, amount=amount, by=by or world.alice)


@pytest.mark.django_db
def test_over_commitment_is_refused_with_what_is_left(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "money", 5000)
    first, second = activity(world.a, "First"), activity(world.a, "Second")
    add(world, first, off, 3800, by=world.bob)
    with pytest.raises(ValidationError) as err:
        add(world, second, off, 1500, by=world.bob)
    assert err.value.message_dict["amount"] == ["Only GEL 1,200 of GEL 5,000 is left of this offer."]
    assert Commitment.objects.count() == 1
    add(world, second, off, 1200, by=world.bob)  # exactly what is left
    assert sel.remaining(off) == Decimal("0")


@pytest.mark.django_db
def test_over_commitment_of_time_speaks_in_person_days(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "time", 10)
    add(world, activity(world.a), off, 8)
    with pytest.raises(ValidationError) as err:
        add(world, activity(world.a, "Other"), off, 3)
    assert "Only 2 person-days of 10 person-days is left" in err.value.message_dict["amount"][0]


@pytest.mark.django_db
def test_currency_mismatch_is_refused_naming_both(world: World, valley: Stakeholder) -> None:
    usd = offer(world.a, valley, "money", 5000, currency="USD")
    act = activity(world.a)
    need(act, "money", 1000, currency="GEL")
    with pytest.raises(ValidationError) as err:
        add(world, act, usd, 100)
    message = err.value.message_dict["offer"][0]
    assert "USD" in message and "GEL" in message
    assert not Commitment.objects.exists()
    gel = offer(world.a, valley, "money", 5000, currency="GEL")
    add(world, act, gel, 100)


@pytest.mark.django_db
def test_a_withdrawn_offer_takes_no_commitment(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "time", 10)
    svc.offer_withdraw(offer=off, by=world.bob)
    with pytest.raises(ValidationError) as err:
        add(world, activity(world.a), off, 1)
    assert "withdrawn" in err.value.message_dict["offer"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ActivityStatus.DONE, ActivityStatus.DROPPED])
def test_a_closed_activity_takes_no_commitment(world: World, valley: Stakeholder, status: str) -> None:
    off = offer(world.a, valley, "time", 10)
    with pytest.raises(ValidationError):
        add(world, activity(world.a, status=status), off, 1)
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_the_amount_is_required_when_the_offer_has_one(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "money", 500)
    with pytest.raises(ValidationError) as err:
        add(world, activity(world.a), off, None)
    assert "GEL 500" in err.value.message_dict["amount"][0]
    skills = offer(world.a, valley, "skills", None)
    assert add(world, activity(world.a, "B"), skills, None).amount is None


@pytest.mark.django_db
def test_a_representative_commits_only_their_organisations_offer(world: World, valley: Stakeholder) -> None:
    theirs = offer(world.a, world.org_a, "time", 10)
    with pytest.raises(PermissionDenied):
        add(world, activity(world.a), theirs, 1, by=world.bob)
    with pytest.raises(PermissionDenied):
        add(world, activity(world.a), theirs, 1, by=world.walt)
    add(world, activity(world.a), theirs, 1, by=world.sam)


@pytest.mark.django_db
def test_an_offer_of_another_alliance_is_refused(world: World) -> None:
    foreign = offer(world.b, world.org_b, "time", 10)
    with pytest.raises(ValidationError):
        add(world, activity(world.a), foreign, 1)


@pytest.mark.django_db
def test_removing_a_commitment_gives_its_amount_back(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "time", 10)
    c = add(world, activity(world.a), off, 10, by=world.bob)
    with pytest.raises(PermissionDenied):
        svc.commitment_remove(commitment=c, by=world.walt)
    svc.commitment_remove(commitment=c, by=world.bob)
    assert sel.remaining(off) == Decimal("10")


# --- Needs and coverage -----------------------------------------------------------------------


@pytest.mark.django_db
def test_needs_are_said_by_the_owners_people_or_the_creator_while_proposed(world: World, valley: Stakeholder) -> None:
    owned = activity(world.a, owner=valley, status=ActivityStatus.APPROVED)
    svc.need_add(activity=owned, kind="time", description="Facilitators", amount=4, by=world.bob)
    others = activity(world.a, owner=world.org_a, status=ActivityStatus.APPROVED)
    with pytest.raises(PermissionDenied):
        svc.need_add(activity=others, kind="time", description="x", amount=4, by=world.bob)
    walts = activity(world.a, "Walt's idea", created_by=world.walt)
    svc.need_add(activity=walts, kind="skills", description="A lawyer", by=world.walt)
    walts.status = ActivityStatus.APPROVED
    walts.save()
    with pytest.raises(PermissionDenied):
        svc.need_add(activity=walts, kind="skills", description="x", by=world.walt)
    svc.need_add(activity=walts, kind="skills", description="x", by=world.sam)
    with pytest.raises(ValidationError) as err:
        svc.need_add(activity=owned, kind="money", description="Hall", amount=100, currency="", by=world.bob)
    assert "currency" in err.value.message_dict


@pytest.mark.django_db
def test_coverage_shares_commitments_among_needs_of_a_kind(world: World, valley: Stakeholder) -> None:
    act = activity(world.a)
    hall = need(act, "money", 1000)
    food = need(act, "money", 500)
    usd_need = need(act, "money", 200, currency="USD")
    lawyer = need(act, "skills", None)
    gel = offer(world.a, valley, "money", 5000)
    commitment(act, gel, 1200)
    rows = {c.need.pk: c for c in sel.coverage(act)}
    assert rows[hall.pk].is_covered and rows[hall.pk].covered == Decimal("1000")
    assert not rows[food.pk].is_covered and rows[food.pk].missing == Decimal("300")
    assert rows[food.pk].missing_text == "GEL 300"
    assert not rows[usd_need.pk].is_covered  # GEL does not cover USD
    assert not rows[lawyer.pk].is_covered
    commitment(act, offer(world.a, valley, "skills", None), None)
    assert {c.need.pk: c for c in sel.coverage(act)}[lawyer.pk].is_covered


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_committing_over_the_page_and_its_refusal_next_to_the_field(world: World, valley: Stakeholder) -> None:
    off = offer(world.a, valley, "money", 5000)
    act = activity(world.a, owner=valley)
    client = world.client_for(world.bob)
    url = reverse("work:commit", args=[world.a.slug, act.pk])
    resp = client.post(url, {"commit-offer": off.pk, "commit-role": "funding", "commit-amount": "6000"})
    assert resp.status_code == 400
    assert "Only GEL 5,000 of GEL 5,000 is left of this offer." in resp.content.decode()
    assert not Commitment.objects.exists()
    resp = client.post(url, {"commit-offer": off.pk, "commit-role": "funding", "commit-amount": "2000"})
    assert resp.status_code == 302
    assert Commitment.objects.get().amount == Decimal("2000")
    # With htmx the section comes back, showing the commitment.
    resp = client.post(
        url,
        {"commit-offer": off.pk, "commit-role": "implementing", "commit-amount": "1"},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 200
    assert 'id="activity-resources"' in resp.content.decode()
    assert "<html" not in resp.content.decode()


@pytest.mark.django_db
def test_a_foreign_offer_id_is_a_404_on_commit(world: World) -> None:
    foreign = offer(world.b, world.org_b, "time", 10)
    act = activity(world.a)
    resp = world.client_for(world.alice).post(
        reverse("work:commit", args=[world.a.slug, act.pk]),
        {"commit-offer": foreign.pk, "commit-role": "funding", "commit-amount": "1"},
    )
    assert resp.status_code == 404
    assert not Commitment.objects.exists()
    # And a foreign activity is a 404 too.
    theirs = activity(world.b)
    mine = offer(world.a, world.org_a, "time", 3)
    resp = world.client_for(world.alice).post(
        reverse("work:commit", args=[world.a.slug, theirs.pk]),
        {"commit-offer": mine.pk, "commit-role": "funding", "commit-amount": "1"},
    )
    assert resp.status_code == 404


@pytest.mark.django_db
def test_adding_and_removing_a_need_over_the_page(world: World, valley: Stakeholder) -> None:
    act = activity(world.a, owner=valley)
    client = world.client_for(world.bob)
    url = reverse("work:need_add", args=[world.a.slug, act.pk])
    resp = client.post(url, {"need-kind": "time", "need-description": "Trainers"})
    assert resp.status_code == 400
    assert "Say how many person-days." in resp.content.decode()
    assert not ResourceNeed.objects.exists()
    assert (
        client.post(url, {"need-kind": "time", "need-description": "Trainers", "need-amount": "4"}).status_code == 302
    )
    n = ResourceNeed.objects.get()
    assert world.client_for(world.olga).post(reverse("work:need_remove", args=[world.a.slug, n.pk])).status_code == 403
    assert client.post(reverse("work:need_remove", args=[world.a.slug, n.pk])).status_code == 302
    assert not ResourceNeed.objects.exists()


@pytest.mark.django_db
def test_the_activity_context_offers_only_what_the_person_may_commit(world: World, valley: Stakeholder) -> None:
    mine = offer(world.a, valley, "time", 10)
    offer(world.a, world.org_a, "time", 10)
    spent = offer(world.a, valley, "time", 2)
    act = activity(world.a, owner=valley)
    commitment(act, spent, 2)
    data = sel.activity_resources(act, world.bob)
    assert [o.pk for o in data.offers] == [mine.pk]
    assert data.may_manage_needs and data.may_commit
    assert data.commitments[0].may_remove
    olga = sel.activity_resources(act, world.olga)
    assert olga.offers == [] and not olga.may_manage_needs and not olga.commitments[0].may_remove


# --- Two commitments at once ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_commitments_at_once_cannot_overshoot_the_offer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world = build_world()
    valley = valley_of(world)
    off = offer(world.a, valley, "money", 5000)
    acts = [activity(world.a, "One"), activity(world.a, "Two")]
    # Widen the window between summing what is committed and writing the new commitment: without
    # the lock on the offer both would read 0 committed and both would write.
    summed = svc._committed

    def slow(o: Any) -> Decimal:
        total = summed(o)
        time.sleep(0.3)
        return total

    monkeypatch.setattr(svc, "_committed", slow)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def commit(act: Any) -> None:
        try:
            barrier.wait(timeout=10)
            svc.commitment_add(activity=act, offer=off, role="funding", amount=Decimal("3000"), by=world.alice)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    with real_database(tmp_path):
        threads = [threading.Thread(target=commit, args=(a,)) for a in acts]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        # Read on a connection of its own, to the database the threads wrote to.
        committed = in_thread(lambda: sum(c.amount or Decimal(0) for c in Commitment.objects.filter(offer=off)))
    assert sorted(outcomes) == ["Only GEL 2,000 of GEL 5,000 is left of this offer.", "ok"]
    assert committed == Decimal("3000")


@pytest.mark.django_db
def test_a_closed_activity_keeps_its_needs_and_commitments(world: World, valley: Stakeholder) -> None:
    act = activity(world.a, owner=valley)
    n = need(act, "time", 3)
    c = commitment(act, offer(world.a, valley, "time", 5), 3)
    act.status = ActivityStatus.DONE
    act.save()
    with pytest.raises(ValidationError):
        svc.need_remove(need=n, by=world.alice)
    with pytest.raises(ValidationError):
        svc.commitment_remove(commitment=c, by=world.alice)
    with pytest.raises(ValidationError):
        svc.need_add(activity=act, kind="time", description="More", amount=1, by=world.alice)
    assert ResourceNeed.objects.count() == 1 and Commitment.objects.count() == 1


@pytest.mark.django_db
def test_the_commit_form_lists_a_bounded_number_of_offers_needed_kinds_first(
    world: World, valley: Stakeholder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sel, "OFFERS_SHOWN", 3)
    act = activity(world.a, owner=valley)
    need(act, "money", 100, currency="USD")
    skills = [offer(world.a, world.org_a, "skills", None, description=f"Skill {i}") for i in range(4)]
    usd = offer(world.a, valley, "money", 500, currency="USD")
    data = sel.activity_resources(act, world.alice)
    assert [o.pk for o in data.offers][:1] == [usd.pk]  # the kind and currency it needs first
    assert len(data.offers) == 3 and data.more_offers
    # An offer left out of the list can still be committed.
    unlisted = next(o for o in skills if o.pk not in {x.pk for x in data.offers})
    resp = world.client_for(world.alice).post(
        reverse("work:commit", args=[world.a.slug, act.pk]),
        {"commit-offer": unlisted.pk, "commit-role": "implementing"},
    )
    assert resp.status_code == 302
    assert Commitment.objects.get().offer == unlisted
