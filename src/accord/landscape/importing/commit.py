"""Committing a previewed import: one transaction that writes what the plan says, or nothing.

The rows are matched again against the alliance as it is now and the landscape's rules applied
again (`matching.plan`, which calls `accord.landscape.rules`), so a change made since the preview
(say, someone put B inside A while the file puts A inside B) is refused, not written blindly. The
writes are in bulk (`accord.core.history`: one history row each), so 100,000 rows stay fast; what
is written, and so what is counted, comes from the plan alone.

A large import is committed in the background (`background.import_job_commit_start`, the task
`background.commit_import_job`): the import is marked "committing" by a conditional update, so a second
press finds it taken and commits nothing twice. The write is still one transaction; its progress,
which no other connection could see inside that transaction, is told through a small file in the
upload storage (`progress`). A failure rolls everything back and marks the import failed with the
reason, its preview kept, so it can be committed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.history import bulk_create, bulk_update
from accord.landscape.importing.columns import ImportNotReady, S, T
from accord.landscape.importing.dry_run import remember_values
from accord.landscape.importing.jobs import authorize
from accord.landscape.importing.matching import CHOICES, NEW, UPDATE, Known, Plan, Ref, plan
from accord.landscape.importing.progress import drop_progress, progress
from accord.landscape.models import Assessment, ImportJob, Stakeholder, Tie

# Up to this many rows (stakeholders and ties) a commit is written during the request: it takes
# well under a second, and the person sees the result at once.
INLINE_UP_TO = 2_000


@dataclass
class CommitResult:
    created: int
    updated: int
    assessments: int
    ties_created: int
    ties_updated: int
    skipped: int


def rows_of(job: ImportJob) -> int:
    preview = job.preview or {}
    return len(preview.get("stakeholders", [])) + len(preview.get("ties", []))


def can_retry(job: ImportJob) -> bool:
    """A commit that failed keeps its preview and may be committed again."""
    return job.status == ImportJob.Status.FAILED and bool((job.preview or {}).get("commit"))


def import_job_commit(
    *, job: ImportJob, user: Any, choices: dict[int, str] | None = None, background: bool = False
) -> CommitResult:
    """Write a previewed import in one transaction: stakeholders, a new dated assessment where
    position, influence or interest changed, and ties — or nothing at all.

    Refused while the file has bad rows (fix them and upload again), and for an import that is
    not waiting for a commit. `choices` maps the row of each probable duplicate to merge, skip or
    create; a duplicate without a choice is skipped. When the alliance as it is now breaks a
    rule with the file (a loop of belongs-to, a name taken meanwhile), nothing is written and the
    problems are kept on the import, row by row, for the person to read.
    """
    authorize(user, job.alliance)
    expected = ImportJob.Status.COMMITTING if background else ImportJob.Status.PREVIEWED
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("alliance").get(pk=job.pk)
        if job.status != expected:
            raise ImportNotReady(
                _("This import is not waiting to be committed (%(status)s).") % {"status": job.get_status_display()}
            )
        if job.errors and not background:
            raise ValidationError(_("The file has rows with problems. Fix them in your file and upload it again."))
        choices = {int(k): v for k, v in (choices or {}).items() if v in CHOICES}
        alliance = job.alliance
        today = alliance.today()
        rows: list[list[Any]] = job.preview.get("stakeholders", [])
        ties: list[list[Any]] = job.preview.get("ties", [])
        known = Known.load(alliance)
        result = plan(
            alliance,
            rows,
            ties,
            job.preview.get("present", {}),
            fmt=job.format,
            today=today,
            choices=choices,
            known=known,
        )
        if not result.errors:
            tell = (lambda done: progress(job.pk, done)) if background else None
            return _write(job, user, rows, ties, result, known, today, tell)
        job.errors = result.errors
        # Back to the preview: the person reads the problems, as after an inline commit.
        job.status = ImportJob.Status.PREVIEWED
        job.save(update_fields=["errors", "status"])
    raise ValidationError(
        _("The alliance has changed since the preview and the file no longer fits it: read the problems below.")
    )


def _create_stakeholders(alliance: Any, user: Any, result: Plan) -> dict[int, Stakeholder]:
    """Create the new rows' stakeholders, each already inside its organisation: first those whose
    organisation exists, then those inside the ones just created, and so on, one bulk insert per
    level (the plan has refused loops, so the levels are well defined). Cheaper than inserting
    them all and then updating each one inside a new organisation."""

    def new_parent(i: int) -> int | None:
        parent = result.fields[i].get("organisation")
        return parent[1] if parent is not None and parent[0] == "row" else None

    level: dict[int, int] = {}
    for start in (i for i, action in enumerate(result.actions) if action == NEW):
        chain: list[int] = []
        node: int | None = start
        while node is not None and node not in level:
            if len(chain) > len(result.actions):  # only a loop walks this far
                raise RuntimeError("new stakeholders inside each other: the plan should have refused this loop")
            chain.append(node)
            node = new_parent(node)
        base = level[node] if node is not None else -1
        for offset, i in enumerate(reversed(chain), start=1):
            level[i] = base + offset
    levels: dict[int, list[int]] = {}
    for i, depth in level.items():
        levels.setdefault(depth, []).append(i)
    created: dict[int, Stakeholder] = {}
    for depth in sorted(levels):
        wave = []
        for i in sorted(levels[depth]):
            fields = result.fields[i]
            obj = Stakeholder(alliance=alliance, **{k: v for k, v in fields.items() if k != "organisation"})
            parent = fields.get("organisation")
            if parent is not None:
                obj.organisation_id = parent[1] if parent[0] == "pk" else created[parent[1]].pk
            created[i] = obj
            wave.append(obj)
        try:
            bulk_create(Stakeholder, wave, user=user)
        except IntegrityError as exc:
            raise ValidationError(
                _("A stakeholder with one of these names was added meanwhile; preview the file again.")
            ) from exc
    return created


def _write(
    job: ImportJob,
    user: Any,
    rows: list[list[Any]],
    ties: list[list[Any]],
    result: Plan,
    known: Known,
    today: dt.date,
    tell: Any = None,
) -> CommitResult:
    alliance = job.alliance
    tell = tell or (lambda done: None)
    tell(0)
    new_objs = _create_stakeholders(alliance, user, result)
    tell(len(new_objs))

    def pk_of(ref: Ref) -> int:
        return ref[1] if ref[0] == "pk" else new_objs[ref[1]].pk

    by_pk = Stakeholder.objects.in_bulk([result.matches[i] for i, a in enumerate(result.actions) if a == UPDATE])
    to_update: dict[int, Stakeholder] = {}
    changed_fields: set[str] = set()
    for i, fields in enumerate(result.fields):
        if result.actions[i] != UPDATE or not fields:
            continue
        stakeholder = by_pk[result.matches[i]]
        for name, value in fields.items():
            if name == "organisation":
                stakeholder.organisation_id = pk_of(value) if value is not None else None
            else:
                setattr(stakeholder, name, value)
            changed_fields.add(name)
            to_update[stakeholder.pk] = stakeholder
    if to_update:
        try:
            bulk_update(Stakeholder, list(to_update.values()), sorted(changed_fields), user=user)
        except IntegrityError as exc:
            raise ValidationError(
                _("Two stakeholders would end up with the same name; preview the file again.")
            ) from exc

    assessments = []
    for i, item in enumerate(rows):
        if not result.assess[i] or result.actions[i] not in (NEW, UPDATE):
            continue
        matched = result.matches[i]
        owner: int = matched if matched is not None else new_objs[i].pk
        day = dt.date.fromisoformat(item[S["assessed_on"]]) if item[S["assessed_on"]] else today
        previous = known.assessments.get(owner) if matched is not None else None
        current = previous[3] if previous is not None else None
        # A changed judgement is dated today unless the file gives a later date than the current
        # one: editing a position in an exported sheet leaves the old date beside it.
        if current is not None and day <= current:
            day = today
        assessments.append(
            Assessment(
                alliance=alliance,
                stakeholder_id=owner,
                assessed_on=day,
                position=item[S["position"]],
                influence=item[S["influence"]],
                interest=item[S["interest"]],
                evidence=item[S["evidence"]],
                assessed_by=user if getattr(user, "is_authenticated", False) else None,
            )
        )
    tell(len(rows))
    bulk_create(Assessment, assessments, user=user)

    new_ties, changed_ties = [], []
    existing_ties = Tie.objects.in_bulk([t[3] for t in result.ties if t[0] == UPDATE and t[3] is not None])
    for (action, source, target, tie_pk), tie in zip(result.ties, ties, strict=True):
        if action == NEW:
            new_ties.append(
                Tie(
                    alliance=alliance,
                    source_id=pk_of(source),
                    target_id=pk_of(target),
                    kind=tie[T["kind"]],
                    strength=tie[T["strength"]],
                    note=tie[T["note"]],
                )
            )
        elif action == UPDATE:
            obj_t = existing_ties[tie_pk]
            obj_t.strength, obj_t.note = tie[T["strength"]], tie[T["note"]]
            changed_ties.append(obj_t)
    try:
        bulk_create(Tie, new_ties, user=user)
    except IntegrityError as exc:
        raise ValidationError(_("A tie in the file joins the same two stakeholders twice with the same kind.")) from exc
    if changed_ties:
        bulk_update(Tie, changed_ties, ["strength", "note"], user=user)
    tell(len(rows) + len(ties))

    job.status = ImportJob.Status.COMMITTED
    job.committed_at = timezone.now()
    # A CSV is kept until its import is committed, to be read again with another encoding.
    upload = (job.preview or {}).get("upload")
    if upload:
        transaction.on_commit(lambda: default_storage.delete(upload))
    counts = {**job.preview.get("counts", {}), **result.counts}
    remember_values(job, user=user)
    # The normalised rows are no longer needed; keep the summary for the record (sentences as
    # stored, told in each reader's language).
    kept = {k: job.preview[k] for k in ("changes", "notices", "read_as") if k in job.preview}
    values = [
        {k: v for k, v in e.items() if k != "rows"} | {"rows": [], "count": len(e.get("rows", []))}
        for e in job.preview.get("values", [])
    ]
    job.preview = {**kept, "values": values, "counts": counts, "duplicates": result.duplicates}
    job.processed_rows = job.total_rows = len(rows) + len(ties)
    job.errors = []
    job.save(update_fields=["status", "committed_at", "preview", "processed_rows", "total_rows", "errors"])
    transaction.on_commit(lambda: drop_progress(job.pk))
    return CommitResult(
        created=result.counts["new"],
        updated=result.counts["updated"],
        assessments=len(assessments),
        ties_created=len(new_ties),
        ties_updated=len(changed_ties),
        skipped=result.counts["skipped"],
    )
