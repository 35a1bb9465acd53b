"""Export then import: each format reads back what it wrote, and nothing changes."""

from __future__ import annotations

import io

import pytest

from accord.landscape import exporters
from accord.landscape.importing import commit, jobs
from accord.landscape.models import Assessment, ImportJob, Stakeholder, Tie
from tests.conftest import World
from tests.landscape.conftest import Landscape


def snapshot(world: World) -> tuple[list, list, list]:
    a = world.a
    people = list(
        a.stakeholders.order_by("pk").values_list(
            "pk",
            "name",
            "kind",
            "scope",
            "is_individual",
            "organisation_id",
            "is_target",
            "target_ask",
            "email",
            "notes",
        )
    )
    assessments = list(a.assessments.order_by("pk").values_list("pk", "stakeholder_id", "position", "influence"))
    ties = list(a.ties.order_by("pk").values_list("pk", "source_id", "target_id", "kind", "strength", "note"))
    return people, assessments, ties


def upload(world: World, content: bytes, name: str) -> ImportJob:
    return jobs.import_job_create(alliance=world.a, user=world.alice, upload=io.BytesIO(content), filename=name)


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_an_export_imported_back_changes_nothing(landscape: Landscape, fmt: str) -> None:
    world = landscape.world
    landscape.donor.notes = '=HYPERLINK("http://x")'  # formula-looking text survives the trip as text
    landscape.donor.save(update_fields=["notes"])
    before = snapshot(world)
    file = exporters.map_export(alliance=world.a, user=world.alice, fmt=fmt)
    job = upload(world, file.content, file.filename)
    assert job.status == ImportJob.Status.PREVIEWED, job.errors
    assert job.errors == []
    counts = job.preview["counts"]
    assert counts["new"] == 0 and counts["updated"] == 0 and counts["ties_new"] == 0, counts
    assert counts["unchanged"] == Stakeholder.objects.filter(alliance=world.a).count()
    commit.import_job_commit(job=job, user=world.alice)
    assert snapshot(world) == before
    assert Assessment.objects.filter(alliance=world.a).count() == len(before[1])
    assert Tie.objects.filter(alliance=world.a).count() == len(before[2])
