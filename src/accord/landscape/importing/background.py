"""Starting a commit: at once for a small import, in the background for a large one. Apart from
`commit` so that the commit does not import the machinery that queues it (`jobs`, `tasks`)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from accord.landscape.importing import commit
from accord.landscape.importing.columns import ImportNotReady
from accord.landscape.importing.commit import CommitResult, can_retry, import_job_commit, rows_of
from accord.landscape.importing.jobs import authorize
from accord.landscape.importing.matching import CHOICES
from accord.landscape.importing.progress import commit_failed
from accord.landscape.models import ImportJob
from accord.lib.sentences import Sentence

log = logging.getLogger(__name__)


def import_job_commit_start(*, job: ImportJob, user: Any, choices: dict[int, str] | None = None) -> CommitResult | None:
    """Commit an import: at once when it is small (the result is returned), else in the
    background (None is returned; the import is "committing" and its page shows progress).

    Only one commit ever runs for an import: the status moves from previewed (or failed at an
    earlier commit) to committing in one conditional update, and a second press is refused."""
    authorize(user, job.alliance)
    if rows_of(job) <= commit.INLINE_UP_TO and job.status == ImportJob.Status.PREVIEWED:
        return import_job_commit(job=job, user=user, choices=choices)

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        retry = can_retry(job)
        if job.status != ImportJob.Status.PREVIEWED and not retry:
            raise ImportNotReady(
                _("This import is not waiting to be committed (%(status)s).") % {"status": job.get_status_display()}
            )
        if job.errors and not retry:
            raise ValidationError(_("The file has rows with problems. Fix them in your file and upload it again."))
        if choices is None and retry:
            choices = {int(k): v for k, v in job.preview["commit"].get("choices", {}).items()}
        choices = {int(k): v for k, v in (choices or {}).items() if v in CHOICES}
        preview = {
            **job.preview,
            "commit": {
                "choices": {str(k): v for k, v in choices.items()},
                "queued_at": timezone.now().isoformat(),
                "started_at": None,
            },
        }
        taken = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ImportJob.Status.COMMITTING, errors=[], preview=preview, processed_rows=0, total_rows=rows_of(job)
        )
        if not taken:
            raise ImportNotReady(_("This import is already being committed."))
    # After the status is saved: the worker (inline in development and tests) must find it.
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    commit_import_job.enqueue(import_job_id=job.pk, user_id=user_id)
    job.refresh_from_db()
    return None


@task()
def commit_import_job(*, import_job_id: int, user_id: int | None) -> str:
    """Write one import marked "committing" (see importing.commit.import_job_commit_start), in
    one transaction. A refusal or anything that escapes it ends the import as failed with the
    reason and its preview kept, so it can be committed again; nothing is half written."""
    from django.contrib.auth import get_user_model

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
        commit_failed(import_job_id, " ".join(exc.messages))
        return "refused"
    except (ImportNotReady, PermissionDenied) as exc:
        commit_failed(import_job_id, str(exc))
        return "refused"
    except BaseException:
        log.exception("import %s stopped while committing", import_job_id)
        commit_failed(import_job_id, Sentence(gettext_noop("an unexpected error")))
        raise
    return "committed"
