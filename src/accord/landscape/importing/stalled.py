"""Imports that stopped reading without saying so: none stays "reading the file" forever.

The same holds for a commit in the background ("committing", `_expire_commit`).

The dry run turns every refusal of a file into a failed import (`dry_run.import_job_parse`), and
the background task marks its import failed when anything escapes it (`mark_failed`). What no
code sees is a worker killed from outside (out of memory, a restart): its import would stay
pending. So an import still pending well after its reading began (the time limit and a minute),
or long after it was uploaded if no worker ever took it (an hour more), is marked failed by
whoever looks at it next (`expire_if_stalled`: the import's page, its progress, the API).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_noop

from accord.landscape.importing import limits
from accord.landscape.importing.columns import error
from accord.landscape.importing.progress import commit_failed
from accord.landscape.models import ImportJob
from accord.lib.sentences import Sentence

GRACE = dt.timedelta(minutes=1)
QUEUE_WAIT = dt.timedelta(hours=1)
STOPPED = gettext_noop(
    "Reading this file stopped before the end. Upload it again; if it stops again, split it into smaller files."
)


def mark_failed(job_id: int, message: Sentence | None = None) -> None:
    """End a pending import as failed with `message` (a queryset update: it works even when the
    object in hand is stale or the reading broke half-way)."""
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.FAILED,
        errors=[error("", 0, "", message or Sentence(STOPPED))],
        preview={},
    )


def started_at(job: ImportJob) -> dt.datetime | None:
    raw = (job.preview or {}).get("started_at")
    try:
        return dt.datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def expire_if_stalled(job: ImportJob, *, now: dt.datetime | None = None) -> ImportJob:
    """`job`, marked failed first if it has been pending (or committing) longer than any reading
    (or writing) may take."""
    if job.status == ImportJob.Status.COMMITTING:
        return _expire_commit(job, now or timezone.now())
    if job.status != ImportJob.Status.PENDING:
        return job
    now = now or timezone.now()
    seconds = dt.timedelta(seconds=limits.current().seconds)
    began = started_at(job)
    deadline = began + seconds + GRACE if began else job.created_at + QUEUE_WAIT + seconds + GRACE
    if now <= deadline:
        return job
    mark_failed(job.pk)
    job.refresh_from_db()
    return job


COMMIT_STOPPED = gettext_noop("writing stopped before the end")


def _expire_commit(job: ImportJob, now: dt.datetime) -> ImportJob:
    """A commit is one transaction: a worker killed during it wrote nothing, so an import still
    committing past the time limit (and a minute) after the writing began, or an hour more when
    no worker took it, is failed with its preview kept, to be committed again."""

    seconds = dt.timedelta(seconds=limits.current().seconds)
    stamps = (job.preview or {}).get("commit") or {}

    def stamp(name: str) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(stamps[name]) if stamps.get(name) else None
        except ValueError:
            return None

    began, queued = stamp("started_at"), stamp("queued_at") or job.created_at
    deadline = began + seconds + GRACE if began else queued + QUEUE_WAIT + seconds + GRACE
    if now <= deadline:
        return job
    commit_failed(job.pk, Sentence(COMMIT_STOPPED))
    job.refresh_from_db()
    return job
