"""Background work of imports: long files are read and checked, and large imports committed,
outside the request.

In development and tests the immediate backend runs the task inline, so the upload answers only
once the preview is ready; in production the database worker runs it and the page polls. The task
imports the dry run only (`importing.dry_run`), which never enqueues, so there is no import cycle.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from accord.landscape.importing.dry_run import import_job_parse
from accord.landscape.importing.stalled import mark_failed
from accord.landscape.models import ImportJob
from accord.lib.sentences import Sentence

log = logging.getLogger(__name__)


@task()
def parse_import_job(*, import_job_id: int) -> str:
    """Run the dry run of one import (see importing.dry_run.import_job_parse). Whatever escapes
    it (a database error, the worker being stopped) ends the import as failed, so it is never
    left "reading the file"."""
    job = ImportJob.objects.select_related("alliance").filter(pk=import_job_id).first()
    if job is None:
        return "missing"
    try:
        return str(import_job_parse(job=job).status)
    except BaseException:
        log.exception("import %s stopped while reading", import_job_id)
        mark_failed(import_job_id)
        raise


@task()
def commit_import_job(*, import_job_id: int, user_id: int | None) -> str:
    """Write one import marked "committing" (see importing.commit.import_job_commit_start), in
    one transaction. A refusal or anything that escapes it ends the import as failed with the
    reason and its preview kept, so it can be committed again; nothing is half written."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from accord.landscape.importing import commit
    from accord.landscape.importing.columns import ImportNotReady

    job = ImportJob.objects.select_related("alliance").filter(pk=import_job_id).first()
    if job is None or job.status != ImportJob.Status.COMMITTING:
        return "not committing"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    choices = {int(k): v for k, v in (job.preview or {}).get("commit", {}).get("choices", {}).items()}
    ImportJob.objects.filter(pk=job.pk).update(
        preview={**job.preview, "commit": {**job.preview["commit"], "started_at": timezone.now().isoformat()}}
    )
    try:
        commit.import_job_commit(job=job, user=user, choices=choices, background=True)
    except ValidationError as exc:
        # The plan's own refusals put the import back to its preview with the problems; any
        # other refusal (a name taken meanwhile) fails it with the reason.
        commit.commit_failed(import_job_id, " ".join(exc.messages))
        return "refused"
    except (ImportNotReady, PermissionDenied) as exc:
        commit.commit_failed(import_job_id, str(exc))
        return "refused"
    except BaseException:
        log.exception("import %s stopped while committing", import_job_id)
        commit.commit_failed(import_job_id, Sentence(gettext_noop("an unexpected error")))
        raise
    return "committed"
