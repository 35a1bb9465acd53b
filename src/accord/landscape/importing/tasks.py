"""Background work of imports: long files are read and checked, and large imports committed,
outside the request.

In development and tests the immediate backend runs the task inline, so the upload answers only
once the preview is ready; in production the database worker runs it and the page polls. The task
imports the dry run only (`importing.dry_run`), which never enqueues, so there is no import cycle.
"""

from __future__ import annotations

import logging

from django_tasks import task

from accord.landscape.importing.dry_run import import_job_parse
from accord.landscape.importing.stalled import mark_failed
from accord.landscape.models import ImportJob

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
