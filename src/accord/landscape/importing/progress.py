"""A commit's bookkeeping that other modules read without importing the commit itself: the
rows written so far (a small file in the upload storage, readable while the commit's transaction
is open) and the end of a commit that failed."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_noop

from accord.landscape.importing.columns import error
from accord.landscape.models import ImportJob
from accord.lib.sentences import Sentence

COMMIT_FAILED = gettext_noop("The import could not be written (%(reason)s). Nothing was changed; you can try again.")


def commit_failed(job_id: int, reason: str | Sentence) -> None:
    """End a commit that did not write as failed, with the reason; the preview is kept."""
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.COMMITTING).update(
        status=ImportJob.Status.FAILED,
        errors=[error("", 0, "", Sentence(COMMIT_FAILED, {"reason": reason}))],
    )
    drop_progress(job_id)


def _progress_path(job_id: int) -> str:
    return f"imports/progress/{job_id}.txt"


def progress(job_id: int, done: int) -> None:
    """Rows written so far, where the job page can read them during the commit's transaction."""
    path = _progress_path(job_id)
    default_storage.delete(path)
    default_storage.save(path, ContentFile(str(done).encode()))


def drop_progress(job_id: int) -> None:
    default_storage.delete(_progress_path(job_id))


def written(job: ImportJob) -> int:
    """How many rows a committing import has written (0 when it cannot tell)."""
    try:
        with default_storage.open(_progress_path(job.pk), "rb") as fh:
            return min(int(fh.read(20) or 0), job.total_rows)
    except (OSError, ValueError):
        return 0
