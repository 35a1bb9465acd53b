"""An import obeys the landscape's rules, the same ones the register's forms obey: belongs-to
loops and people containing organisations are refused with their rows at the dry run, and again
at the commit against the alliance as it is then, with nothing written; values out of their
range are refused; the counts say what actually changes."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from accord.landscape import services
from accord.landscape.importing import commit, jobs
from accord.landscape.importing.columns import S, T
from accord.landscape.models import Assessment, ImportJob, Stakeholder, Tie
from tests.conftest import World
from tests.landscape.conftest import Landscape

LOOP = "cannot belong to itself or to one of its own parts"


def dry_run(world: World, *lines: str) -> ImportJob:
    data = ("\n".join(lines) + "\n").encode()
    return jobs.import_job_create(alliance=world.a, user=world.alice, upload=io.BytesIO(data), filename="map.csv")


def problems(job: ImportJob) -> dict[tuple[int, str], str]:
    return {(e["row"], e["column"]): e["message"] for e in job.errors}


def snapshot(world: World) -> tuple[Any, ...]:
    """Everything an import could write, with the history it would leave."""
    people = Stakeholder.objects.filter(alliance=world.a).order_by("pk")
    return (
        list(people.values_list("pk", "name", "organisation_id", "is_individual", "scope", "target_ask")),
        Assessment.objects.filter(alliance=world.a).count(),
        list(Tie.objects.filter(alliance=world.a).values_list("pk", "strength")),
        Stakeholder.history.filter(alliance_id=world.a.pk).count(),  # type: ignore[attr-defined]
    )


def test_a_file_where_a_belongs_to_b_and_b_to_a_is_refused_with_both_rows(world: World) -> None:
    before = snapshot(world)
    job = dry_run(
        world,
        "name,type,belongs_to",
        "River Guardians,local_ngo,Hill Farmers",
        "Hill Farmers,member_based,River Guardians",
        "Valley Radio,media,",
    )
    assert job.status == ImportJob.Status.PREVIEWED
    found = problems(job)
    assert set(found) == {(2, "belongs_to"), (3, "belongs_to")}
    assert LOOP in found[(2, "belongs_to")]
    assert "River Guardians → Hill Farmers → River Guardians" in found[(2, "belongs_to")]
    assert job.preview["counts"]["new"] == 1  # Valley Radio; the two rows in the loop are bad, not new
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice)
    assert snapshot(world) == before


def test_a_longer_loop_is_refused_at_every_row_in_it(world: World) -> None:
    before = snapshot(world)
    job = dry_run(
        world,
        "name,type,belongs_to",
        "Alpha Network,local_ngo,Beta Union",
        "Beta Union,member_based,Gamma Council",
        "Gamma Council,local_authority,Alpha Network",
        "Delta Desk,local_authority,Gamma Council",  # inside the loop's organisations, not part of it
    )
    found = problems(job)
    assert set(found) == {(2, "belongs_to"), (3, "belongs_to"), (4, "belongs_to")}
    assert all(LOOP in message for message in found.values())
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice)
    assert snapshot(world) == before


def test_a_loop_through_a_stakeholder_already_in_the_register_is_refused(landscape: Landscape) -> None:
    world = landscape.world
    services.stakeholder_update(stakeholder=landscape.donor, organisation=landscape.committee)
    before = snapshot(world)
    job = dry_run(
        world,
        "id,name,type,belongs_to",
        f"{landscape.committee.pk},Agrarian Committee,parliament,Seed Fund",
        ",Seed Desk,parliament,Agrarian Committee",  # inside the committee, not part of the loop
    )
    found = problems(job)
    assert set(found) == {(2, "belongs_to")}
    assert "Agrarian Committee → Seed Fund → Agrarian Committee" in found[(2, "belongs_to")]
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice)
    assert snapshot(world) == before


def test_a_loop_made_in_the_register_after_the_preview_is_refused_at_commit(landscape: Landscape) -> None:
    world = landscape.world
    job = dry_run(
        world,
        "record,id,name,type,belongs_to,from,to,kind",
        f"stakeholder,{landscape.committee.pk},Agrarian Committee,parliament,Seed Fund,,,",
        "stakeholder,,Valley Radio,media,,,,",
        "tie,,,,,Valley Radio,Agrarian Committee,influences",
    )
    assert job.errors == [] and job.preview["counts"]["updated"] == 1
    # Meanwhile someone puts the fund inside the committee, through the register.
    services.stakeholder_update(stakeholder=landscape.donor, organisation=landscape.committee)
    before = snapshot(world)
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice)
    assert snapshot(world) == before  # not even the new stakeholder or the tie
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert LOOP in problems(job)[(2, "belongs_to")]  # kept for the person to read


def test_nobody_is_put_inside_a_person(landscape: Landscape) -> None:
    world = landscape.world
    before = snapshot(world)
    job = dry_run(
        world,
        "name,type,individual,belongs_to",
        "Seed Desk,national_government,no,Nino Beridze",
        "Jo Expert,expert,yes,",
        "Jo's Institute,academic,no,Jo Expert",
        "Tamar Official,national_government,yes,Ministry of Seeds",
    )
    found = problems(job)
    assert set(found) == {(2, "belongs_to"), (4, "belongs_to")}
    assert "Nino Beridze is a person, not an organisation." in found[(2, "belongs_to")]
    assert "Jo Expert is a person" in found[(4, "belongs_to")]
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice)
    assert snapshot(world) == before


def test_an_organisation_with_people_is_not_made_a_person_by_a_file(landscape: Landscape) -> None:
    world = landscape.world
    job = dry_run(world, "id,name,individual", f"{landscape.ministry.pk},Ministry of Seeds,yes")
    assert list(problems(job)) == [(2, "individual")]
    assert "move them before marking it as a person" in job.errors[0]["message"]
    # Moving the person out in the same file makes it allowed, as the form would.
    job = dry_run(
        world,
        "id,name,individual,belongs_to",
        f"{landscape.ministry.pk},Ministry of Seeds,yes,",
        f"{landscape.official.pk},Nino Beridze,yes,",
    )
    assert job.errors == []
    commit.import_job_commit(job=job, user=world.alice)
    landscape.ministry.refresh_from_db()
    landscape.official.refresh_from_db()
    assert landscape.ministry.is_individual and landscape.official.organisation is None


def test_values_out_of_range_are_refused_with_their_row_and_column(landscape: Landscape) -> None:
    world = landscape.world
    before = snapshot(world)
    tomorrow = (world.a.today() + dt.timedelta(days=1)).isoformat()
    job = dry_run(
        world,
        "record,name,type,position,influence,interest,assessed_on,from,to,kind,strength",
        "stakeholder,Valley Radio,media,3,2,2,,,,,",
        "stakeholder,Hill Farmers,member_based,1,6,2,,,,,",
        "stakeholder,River Guardians,local_ngo,1,2,-1,,,,,",
        f"stakeholder,Lake Council,local_authority,1,2,2,{tomorrow},,,,",
        "stakeholder,Fine Group,local_ngo,2,5,5,,,,,",
        "tie,,,,,,,Seed Fund,Agrarian Committee,funds,4",
    )
    found = problems(job)
    assert set(found) == {(2, "position"), (3, "influence"), (4, "interest"), (5, "assessed_on"), (7, "strength")}
    assert "from -2 to +2" in found[(2, "position")]
    assert "from 0 to 5" in found[(3, "influence")]
    assert "cannot be dated later" in found[(5, "assessed_on")]
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice)
    assert snapshot(world) == before


def test_the_commit_checks_the_values_again_and_writes_nothing_when_one_is_out_of_range(
    landscape: Landscape,
) -> None:
    """The commit does not trust the stored preview: it applies the rules again."""
    world = landscape.world
    job = dry_run(
        world,
        "record,name,type,position,influence,interest,from,to,kind,strength",
        "stakeholder,Valley Radio,media,1,2,2,,,,",
        "stakeholder,Hill Farmers,member_based,1,3,2,,,,",
        "tie,,,,,,Valley Radio,Hill Farmers,influences,2",
    )
    assert job.errors == []
    before = snapshot(world)
    rows = job.preview["stakeholders"]
    rows[1][S["influence"]] = 9  # as if the stored preview had been altered
    job.preview["ties"][0][T["strength"]] = 7
    ImportJob.objects.filter(pk=job.pk).update(preview=job.preview)
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice)
    assert snapshot(world) == before
    job.refresh_from_db()
    # The tie from the new row to Seed Fund (row 3) also says it depends on that bad row.
    assert {(e["row"], e["column"]) for e in job.errors} == {(3, "influence"), (4, "strength"), (4, "to")}
    assert "depends on row 3, which has an error" in {e["message"] for e in job.errors}


def test_a_name_already_in_the_register_in_another_letter_case_is_not_created(landscape: Landscape) -> None:
    world = landscape.world
    before = snapshot(world)
    job = dry_run(world, "name,type", "MINISTRY OF SEEDS,national_government")
    [duplicate] = job.preview["duplicates"]
    assert duplicate["existing_id"] == landscape.ministry.pk
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice, choices={2: "create"})
    assert snapshot(world) == before
    job.refresh_from_db()
    assert "already in the register" in problems(job)[(2, "name")]


def test_two_rows_that_differ_only_in_letter_case_are_the_same_name(world: World) -> None:
    job = dry_run(world, "name,type", "Valley Radio,media", "VALLEY RADIO,media")
    assert problems(job) == {(3, "name"): "the same name is on row 2"}


HEADER = "id,name,type,scope,target,target_ask,position,influence,interest"


def honest_file(landscape: Landscape) -> list[str]:
    official, donor = landscape.official, landscape.donor
    return [
        HEADER,
        ",River Guardians,local_ngo,local,no,,1,2,3",  # new, with its first assessment
        f"{donor.pk},Seed Fund,donor_foundation,national,no,,,,",  # its scope changes
        f"{official.pk},Nino Beridze,national_government,national,yes,{official.target_ask},2,4,4",  # re-assessed
        f"{landscape.committee.pk},Agrarian Committee,parliament,national,yes,Pass it.,,,",  # as it is
        # Not a target, so an ask is not recorded: the row changes nothing.
        f"{landscape.ministry.pk},Ministry of Seeds,national_government,national,no,Buy our seeds,,,",
    ]


def test_the_counts_say_what_actually_changes(landscape: Landscape) -> None:
    world = landscape.world
    history = {
        s.pk: s.history.count()  # type: ignore[attr-defined]
        for s in (landscape.committee, landscape.ministry, landscape.official, landscape.donor)
    }
    job = dry_run(world, *honest_file(landscape))
    assert job.errors == []
    counts = job.preview["counts"]
    assert (counts["new"], counts["updated"], counts["unchanged"], counts["assessments"]) == (1, 2, 2, 2)
    assert {c["name"]: c["columns"] for c in job.preview["changes"]} == {
        "Seed Fund": ["scope"],
        "Nino Beridze": ["assessment"],
    }
    result = commit.import_job_commit(job=job, user=world.alice)
    assert (result.created, result.updated, result.assessments) == (1, 2, 2)
    # The unchanged rows left no history; the updated one left one row; the re-assessed one a
    # new assessment only.
    assert landscape.committee.history.count() == history[landscape.committee.pk]  # type: ignore[attr-defined]
    assert landscape.ministry.history.count() == history[landscape.ministry.pk]  # type: ignore[attr-defined]
    assert landscape.official.history.count() == history[landscape.official.pk]  # type: ignore[attr-defined]
    assert landscape.donor.history.count() == history[landscape.donor.pk] + 1  # type: ignore[attr-defined]
    landscape.ministry.refresh_from_db()
    assert landscape.ministry.target_ask == ""
    latest = landscape.official.assessments.order_by("-assessed_on", "-id").first()  # type: ignore[attr-defined]
    assert latest is not None and latest.position == 2 and latest.assessed_on == world.a.today()
    # The same file again: nothing left to change, and River Guardians is now known.
    again = dry_run(world, *honest_file(landscape))
    counts = again.preview["counts"]
    assert (counts["new"], counts["updated"], counts["unchanged"], counts["assessments"]) == (0, 0, 5, 0)


def test_adopting_an_external_id_is_an_update_and_then_the_row_is_unchanged(landscape: Landscape) -> None:
    world = landscape.world
    job = dry_run(world, "id,name", "kumu-17,Seed Fund")
    assert job.preview["counts"]["updated"] == 1
    assert commit.import_job_commit(job=job, user=world.alice).updated == 1
    landscape.donor.refresh_from_db()
    assert landscape.donor.external_id == "kumu-17"
    assert dry_run(world, "id,name", "kumu-17,Seed Fund").preview["counts"]["unchanged"] == 1


def test_dates_are_the_alliance_s_today_not_the_server_s(landscape: Landscape) -> None:
    """Noon in UTC is already tomorrow on Kiritimati (UTC+14): an assessment dated that day is
    not in the future for an alliance there."""
    world = landscape.world
    world.a.timezone = "Pacific/Kiritimati"
    world.a.save(update_fields=["timezone"])
    noon = dt.datetime.now(dt.UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    tomorrow = (noon.date() + dt.timedelta(days=1)).isoformat()
    file = ("name,type,position,influence,interest,assessed_on", f"Lake Radio,media,1,2,2,{tomorrow}")
    with mock.patch("django.utils.timezone.now", return_value=noon):
        job = dry_run(world, *file)
        assert job.errors == []
        commit.import_job_commit(job=job, user=world.alice)
        lake = Stakeholder.objects.get(alliance=world.a, name="Lake Radio")
        assert lake.assessments.get().assessed_on.isoformat() == tomorrow  # type: ignore[attr-defined]
        # The same day is still tomorrow for an alliance on UTC.
        world.a.timezone = "UTC"
        world.a.save(update_fields=["timezone"])
        assert "cannot be dated later" in dry_run(world, *file).errors[0]["message"]


def test_new_stakeholders_inside_new_ones_are_created_inside_them_at_once(landscape: Landscape) -> None:
    world = landscape.world
    job = dry_run(
        world,
        "name,type,individual,belongs_to",
        "Tamar Official,national_government,yes,Seeds Unit",  # three levels deep, listed first
        "Seeds Unit,national_government,no,Seeds Department",
        "Seeds Department,national_government,no,Ministry of Seeds",
    )
    assert job.errors == []
    commit.import_job_commit(job=job, user=world.alice)
    people = {s.name: s for s in Stakeholder.objects.filter(alliance=world.a)}
    assert people["Tamar Official"].organisation == people["Seeds Unit"]
    assert people["Seeds Unit"].organisation == people["Seeds Department"]
    assert people["Seeds Department"].organisation == landscape.ministry
    # Each was written once, already in place: one history row each, no second write.
    for name in ("Tamar Official", "Seeds Unit", "Seeds Department"):
        assert people[name].history.count() == 1  # type: ignore[attr-defined]
