"""A large import is committed in the background: progress on its page, all or nothing, one
commit however often it is pressed, a stalled commit failed, the API's 202, and another
alliance's import a 404."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.landscape.importing import background as starting
from accord.landscape.importing import commit, jobs, stalled
from accord.landscape.models import Assessment, ImportJob, Stakeholder, Tie
from tests.api.conftest import bearer, token_for
from tests.landscape.conftest import Landscape
from tests.landscape.test_import_flow import csv_file

# The task itself, to run it as the worker would (the `queued` fixture replaces it in `tasks`).
run_task = starting.commit_import_job.func


def _previewed(landscape: Landscape) -> ImportJob:
    world = landscape.world
    job = jobs.import_job_create(
        alliance=world.a,
        user=world.alice,
        upload=io.BytesIO(
            csv_file(
                "record,id,name,type,position,influence,interest,from,to,kind",
                "stakeholder,n1,New Farmers Group,member_based,2,2,4,,,",
                "stakeholder,n2,Valley Cooperative,member_based,1,2,3,,,",
                f"stakeholder,{landscape.donor.pk},Seed Fund,donor_foundation,1,3,3,,,",
                "tie,,,,,,,n1,Seed Fund,allied_with",
            )
        ),
        filename="map.csv",
    )
    assert job.status == ImportJob.Status.PREVIEWED and job.errors == []
    return job


def _counts() -> tuple[int, int, int]:
    return Stakeholder.objects.count(), Assessment.objects.count(), Tie.objects.count()


@pytest.fixture
def background() -> Any:
    """Every import counts as large, so each commit goes to the background task."""
    with mock.patch.object(commit, "INLINE_UP_TO", 0):
        yield


@pytest.fixture
def queued() -> Any:
    """The task is enqueued but no worker runs it (the import stays "committing")."""
    with mock.patch.object(starting, "commit_import_job") as task:
        yield task.enqueue


def test_a_large_commit_goes_to_the_task_and_writes_everything(landscape: Landscape, background: Any) -> None:
    world = landscape.world
    job = _previewed(landscape)
    before = _counts()
    response = world.client_for(world.alice).post(
        reverse("landscape:import_job_commit", args=[world.a.slug, job.pk]), {"dup-0": "skip"}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED, job.errors
    assert job.processed_rows == job.total_rows == 4
    assert _counts()[0] == before[0] + 2 and _counts()[2] == before[2] + 1
    assert Stakeholder.objects.filter(alliance=world.a, name="Valley Cooperative").exists()


def test_the_page_shows_how_far_a_commit_has_got(landscape: Landscape, background: Any, queued: Any) -> None:
    world = landscape.world
    job = _previewed(landscape)
    client = world.client_for(world.alice)
    client.post(reverse("landscape:import_job_commit", args=[world.a.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTING and job.total_rows == 4
    assert queued.call_args.kwargs == {"import_job_id": job.pk, "user_id": world.alice.pk}
    commit.progress(job.pk, 3)
    page = client.get(reverse("landscape:import_job", args=[world.a.slug, job.pk])).content.decode()
    assert "3 of 4 rows written" in page and 'value="3"' in page
    # Nothing of the preview's "Import now" form while it is being written.
    assert "Import now" not in page
    fragment = client.get(reverse("landscape:import_job_progress", args=[world.a.slug, job.pk]))
    assert "3 of 4 rows written" in fragment.content.decode() and "HX-Refresh" not in fragment
    commit.drop_progress(job.pk)


def test_a_commit_pressed_twice_is_written_once(landscape: Landscape, background: Any, queued: Any) -> None:
    world = landscape.world
    job = _previewed(landscape)
    client = world.client_for(world.alice)
    url = reverse("landscape:import_job_commit", args=[world.a.slug, job.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "not waiting to be committed" in response.content.decode()
    assert queued.call_count == 1
    # The worker taking it late still writes it once; a second run of the task writes nothing.
    before = _counts()
    assert run_task(import_job_id=job.pk, user_id=world.alice.pk) == "committed"
    assert run_task(import_job_id=job.pk, user_id=world.alice.pk) == "not committing"
    assert _counts()[0] == before[0] + 2


def test_a_failure_midway_writes_nothing_and_fails_the_import_with_the_reason(
    landscape: Landscape, background: Any, queued: Any
) -> None:
    world = landscape.world
    job = _previewed(landscape)
    starting.import_job_commit_start(job=job, user=world.alice)
    before = _counts()
    real = commit.bulk_create

    def failing(model: type, objs: list[Any], **kw: Any) -> list[Any]:
        if model is Tie:  # after the stakeholders and assessments were inserted
            raise RuntimeError("disk full")
        return real(model, objs, **kw)  # type: ignore[arg-type]

    with mock.patch.object(commit, "bulk_create", failing), pytest.raises(RuntimeError):
        run_task(import_job_id=job.pk, user_id=world.alice.pk)
    assert _counts() == before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "could not be written" in job.errors[0]["message"] and "Nothing was changed" in job.errors[0]["message"]
    assert len(job.preview["stakeholders"]) == 3  # the preview is kept
    page = world.client_for(world.alice).get(reverse("landscape:import_job", args=[world.a.slug, job.pk]))
    assert "Try the import again" in page.content.decode()
    # And it can be committed again.
    starting.import_job_commit_start(job=job, user=world.alice)
    assert run_task(import_job_id=job.pk, user_id=world.alice.pk) == "committed"
    assert _counts()[0] == before[0] + 2


def test_a_refusal_of_the_write_fails_the_import_and_keeps_the_preview(
    landscape: Landscape, background: Any, queued: Any
) -> None:
    world = landscape.world
    job = _previewed(landscape)
    starting.import_job_commit_start(job=job, user=world.alice)
    before = _counts()
    with mock.patch.object(commit, "bulk_create", side_effect=commit.IntegrityError("unique")):
        assert run_task(import_job_id=job.pk, user_id=world.alice.pk) == "refused"
    assert _counts() == before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "added meanwhile" in job.errors[0]["message"]
    assert commit.can_retry(job)


def test_a_stalled_commit_is_failed_when_looked_at(landscape: Landscape, background: Any, queued: Any) -> None:
    world = landscape.world
    job = _previewed(landscape)
    starting.import_job_commit_start(job=job, user=world.alice)
    job.refresh_from_db()
    assert stalled.expire_if_stalled(job).status == ImportJob.Status.COMMITTING
    later = timezone.now() + dt.timedelta(hours=2)
    job = stalled.expire_if_stalled(job, now=later)
    assert job.status == ImportJob.Status.FAILED and "stopped before the end" in job.errors[0]["message"]
    assert commit.can_retry(job)


def test_a_committing_import_cannot_be_discarded(landscape: Landscape, background: Any, queued: Any) -> None:
    world = landscape.world
    job = _previewed(landscape)
    starting.import_job_commit_start(job=job, user=world.alice)
    job.refresh_from_db()
    with pytest.raises(jobs.ImportNotReady):
        jobs.import_job_discard(job=job)


def test_the_api_answers_202_while_a_large_commit_is_written(
    landscape: Landscape, background: Any, queued: Any
) -> None:
    world = landscape.world
    job = _previewed(landscape)
    url = f"/api/alliances/{world.a.slug}/imports/{job.pk}/commit"
    headers = bearer(token_for(world.a, world.alice))
    response = Client().post(url, {"choices": {}}, content_type="application/json", **headers)
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "committing" and response.json()["total_rows"] == 4
    again = Client().post(url, {"choices": {}}, content_type="application/json", **headers)
    assert again.status_code == 409
    assert queued.call_count == 1


def test_another_alliances_import_is_a_404_on_every_commit_route(
    landscape: Landscape, background: Any, queued: Any
) -> None:
    world = landscape.world
    job = _previewed(landscape)
    lear = world.client_for(world.lear)
    for name in ("import_job_commit", "import_job_progress"):
        url = reverse(f"landscape:{name}", args=[world.b.slug, job.pk])
        response = lear.post(url) if name == "import_job_commit" else lear.get(url)
        assert response.status_code == 404, name
    api = Client().post(
        f"/api/alliances/{world.b.slug}/imports/{job.pk}/commit",
        {"choices": {}},
        content_type="application/json",
        **bearer(token_for(world.b, world.lear)),
    )
    assert api.status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and queued.call_count == 0
