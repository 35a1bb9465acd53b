"""The import flow as a person meets it: upload, read every problem, fix, commit; duplicates;
atomicity; background reading with progress; the size limit."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.landscape.importing import columns, commit, jobs, matching
from accord.landscape.models import Assessment, ImportJob, Scope, Stakeholder, StakeholderType, Tie
from tests.conftest import World
from tests.landscape.conftest import Landscape

T = StakeholderType
GEORGIA_LIKE = [
    ("Ministry of Agriculture, policy department", T.NATIONAL_GOVERNMENT, Scope.NATIONAL, -1, 5, 3),
    ("Parliament Agriculture Committee", T.PARLIAMENT, Scope.NATIONAL, 0, 5, 2),
    ("Georgian Smallholder Farmers' Union", T.MEMBER_BASED, Scope.GRASSROOTS, 2, 2, 5),
    ("Kakheti Women Farmers' Network", T.WOMENS_RIGHTS, Scope.GRASSROOTS, 2, 1, 5),
    ("Delegation of the European Union", T.DONOR_MULTILATERAL, Scope.INTERNATIONAL, 1, 4, 4),
    ("FAO Georgia", T.UN_AGENCY, Scope.INTERNATIONAL, 1, 3, 4),
    ("Green Valleys Georgia", T.OTHER_SECTOR, Scope.NATIONAL, 1, 2, 3),
    ("Tbilisi Institute for Rural Studies", T.ACADEMIC, Scope.NATIONAL, 1, 2, 3),
    ("Georgian Agro-Traders Association", T.PRIVATE, Scope.NATIONAL, -2, 3, 4),
    ("Rural Radio Kakheti", T.MEDIA, Scope.LOCAL, 0, 2, 2),
    ("Samtskhe Rural Initiative", T.LOCAL_NGO, Scope.LOCAL, 1, 1, 4),
    ("Mercy Corps Georgia", T.INGO, Scope.INTERNATIONAL, 2, 3, 4),
    ("Oxfam in Georgia", T.INGO, Scope.INTERNATIONAL, 2, 3, 4),
    ("Orthodox Diocese of Telavi", T.RELIGIOUS_TRADITIONAL, Scope.LOCAL, None, 3, 1),
]


@pytest.fixture
def georgia(world: World) -> World:
    a = world.a
    people = {}
    for name, kind, scope, position, influence, interest in GEORGIA_LIKE:
        s = Stakeholder.objects.create(alliance=a, name=name, kind=kind, scope=scope)
        Assessment.objects.create(
            alliance=a,
            stakeholder=s,
            assessed_on=dt.date(2025, 3, 1),
            position=position,
            influence=influence,
            interest=interest,
            evidence="Workshop mapping, March 2025",
            assessed_by=world.alice,
        )
        people[name] = s
    official = Stakeholder.objects.create(
        alliance=a,
        name="Tamar Kobakhidze",
        kind=T.NATIONAL_GOVERNMENT,
        is_individual=True,
        organisation=people["Ministry of Agriculture, policy department"],
        is_target=True,
        target_ask="Put cooperatives' tax relief into the draft law.",
    )
    people[official.name] = official
    for source, target, kind in [
        ("Tamar Kobakhidze", "Ministry of Agriculture, policy department", Tie.Kind.REPORTS_TO),
        ("Delegation of the European Union", "Ministry of Agriculture, policy department", Tie.Kind.FUNDS),
        ("Georgian Agro-Traders Association", "Parliament Agriculture Committee", Tie.Kind.INFLUENCES),
        ("Kakheti Women Farmers' Network", "Georgian Smallholder Farmers' Union", Tie.Kind.MEMBER_OF),
    ]:
        Tie.objects.create(alliance=a, source=people[source], target=people[target], kind=kind)
    return world


def export_xlsx(world: World) -> bytes:
    client = world.client_for(world.alice)
    response = client.post(reverse("landscape:export", args=[world.a.slug]), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def edit(content: bytes, changes: dict[str, dict[str, object]]) -> bytes:
    """Change cells of the stakeholders sheet, by stakeholder name and column name."""
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["stakeholders"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        name = row[header.index("name")].value
        for column, value in changes.get(name, {}).items():  # type: ignore[arg-type]
            row[header.index(column)].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(world: World, content: bytes, name: str = "map.xlsx", user: object = None) -> object:
    client = world.client_for(user or world.alice)  # type: ignore[arg-type]
    return client.post(
        reverse("landscape:import_upload", args=[world.a.slug]), {"file": SimpleUploadedFile(name, content)}
    )


def row_of(content: bytes, name: str) -> int:
    ws = openpyxl.load_workbook(io.BytesIO(content))["stakeholders"]
    for i, row in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
        if row[1] == name:
            return i
    raise AssertionError(name)


def test_export_change_ten_rows_break_two_read_the_errors_fix_and_commit(georgia: World) -> None:
    world = georgia
    original = export_xlsx(world)
    ten = [g[0] for g in GEORGIA_LIKE[:10]]
    changes: dict[str, dict[str, object]] = {
        g[0]: {"position": 1 if g[3] == 2 else 2, "evidence": "Said so at the May roundtable"}
        for g in GEORGIA_LIKE[:10]
    }
    changes[ten[0]]["notes"] = "The department head now backs the cooperatives chapter."
    broken = dict(changes)
    broken["Oxfam in Georgia"] = {"influence": 9}
    broken["Rural Radio Kakheti"] = {**changes["Rural Radio Kakheti"], "website": "not a web address"}
    before = (Stakeholder.objects.count(), Assessment.objects.count(), Tie.objects.count())

    response = upload(world, edit(original, broken))
    job = ImportJob.objects.get(alliance=world.a)
    assert response.status_code == 302 and response["Location"].endswith(f"/io/imports/{job.pk}/")
    page = world.client_for(world.alice).get(response["Location"])
    text = page.content.decode()
    assert job.status == ImportJob.Status.PREVIEWED
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (row_of(original, "Oxfam in Georgia"), "influence"),
        (row_of(original, "Rural Radio Kakheti"), "website"),
    }
    assert "2 problems to fix" in text and "is not a web address" in text
    assert "Import now" not in text  # no commit while the file has bad rows
    assert (
        world.client_for(world.alice)
        .post(reverse("landscape:import_job_commit", args=[world.a.slug, job.pk]))
        .status_code
        == 302
    )
    assert (Stakeholder.objects.count(), Assessment.objects.count(), Tie.objects.count()) == before

    response = upload(world, edit(original, changes))
    fixed = ImportJob.objects.filter(alliance=world.a).order_by("-pk").first()
    assert fixed is not None and fixed.errors == []
    assert fixed.preview["counts"]["updated"] == 10
    assert fixed.preview["counts"]["assessments"] == 10
    response = world.client_for(world.alice).post(reverse("landscape:import_job_commit", args=[world.a.slug, fixed.pk]))
    assert response.status_code == 302
    fixed.refresh_from_db()
    assert fixed.status == ImportJob.Status.COMMITTED
    ministry = Stakeholder.objects.get(alliance=world.a, name=ten[0])
    assert ministry.notes.startswith("The department head")
    latest = ministry.assessments.order_by("-assessed_on", "-id").first()
    assert latest is not None and latest.position == 2 and latest.assessed_on == world.a.today()
    assert latest.assessed_by == world.alice and latest.evidence == "Said so at the May roundtable"
    assert ministry.assessments.count() == 2  # the old judgement stays in the history
    assert Stakeholder.objects.count() == before[0]
    assert Tie.objects.count() == before[2]
    # Importing the same file again finds nothing left to change.
    upload(world, edit(original, changes))
    again = ImportJob.objects.filter(alliance=world.a).order_by("-pk").first()
    assert again is not None and again.preview["counts"]["updated"] == 0


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("choice", "stakeholders_after", "notes"),
    [("merge", 0, "Merged in"), ("skip", 0, ""), ("create", 1, "")],
)
def test_a_probable_duplicate_is_merged_skipped_or_created_as_chosen(
    landscape: Landscape, choice: str, stakeholders_after: int, notes: str
) -> None:
    world = landscape.world
    count = Stakeholder.objects.filter(alliance=world.a).count()
    job = jobs.import_job_create(
        alliance=world.a,
        user=world.alice,
        upload=io.BytesIO(csv_file("name,type,notes", "ministry of seeds.,national_government,Merged in")),
        filename="dups.csv",
    )
    assert job.errors == []
    [dup] = job.preview["duplicates"]
    assert (
        dup["existing_id"] == landscape.ministry.pk and dup["row"] == 2 and dup["score"] >= matching.DUPLICATE_THRESHOLD
    )
    commit.import_job_commit(job=job, user=world.alice, choices={2: choice})
    assert Stakeholder.objects.filter(alliance=world.a).count() == count + stakeholders_after
    landscape.ministry.refresh_from_db()
    assert landscape.ministry.name == "Ministry of Seeds"
    assert landscape.ministry.notes == notes


def test_a_duplicate_without_a_choice_is_skipped(landscape: Landscape) -> None:
    world = landscape.world
    count = Stakeholder.objects.filter(alliance=world.a).count()
    job = jobs.import_job_create(
        alliance=world.a,
        user=world.alice,
        upload=io.BytesIO(csv_file("name,type", "Seeds Ministry of,national_government", "Brand New Group,local_ngo")),
        filename="dups.csv",
    )
    assert job.preview["counts"]["duplicates"] == 1
    commit.import_job_commit(job=job, user=world.alice)
    assert Stakeholder.objects.filter(alliance=world.a).count() == count + 1


def test_a_failure_in_the_middle_of_the_commit_leaves_nothing(landscape: Landscape) -> None:
    world = landscape.world
    job = jobs.import_job_create(
        alliance=world.a,
        user=world.alice,
        upload=io.BytesIO(
            csv_file(
                "record,id,name,type,position,influence,interest,from,to,kind",
                "stakeholder,n1,New Farmers Group,member_based,2,2,4,,,",
                f"stakeholder,{landscape.donor.pk},Seed Fund,donor_foundation,1,3,3,,,",
                "tie,,,,,,,n1,Seed Fund,allied_with",
            )
        ),
        filename="map.csv",
    )
    assert job.errors == [] and job.preview["counts"]["new"] == 1 and job.preview["counts"]["ties_new"] == 1
    before = (Stakeholder.objects.count(), Assessment.objects.count(), Tie.objects.count())
    real = commit.bulk_create

    def failing(model: type, objs: list, **kw: object) -> list:
        if model is Tie:
            raise RuntimeError("disk full")
        return real(model, objs, **kw)  # type: ignore[arg-type]

    with mock.patch.object(commit, "bulk_create", failing), pytest.raises(RuntimeError):
        commit.import_job_commit(job=job, user=world.alice)
    assert (Stakeholder.objects.count(), Assessment.objects.count(), Tie.objects.count()) == before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    result = commit.import_job_commit(job=job, user=world.alice)
    assert (result.created, result.assessments, result.ties_created) == (1, 2, 1)
    group = Stakeholder.objects.get(alliance=world.a, name="New Farmers Group")
    assert group.external_id == "n1"
    assert Tie.objects.filter(source=group, target=landscape.donor, kind="allied_with").exists()


def test_rows_match_by_id_then_by_exact_name(landscape: Landscape) -> None:
    world = landscape.world
    job = jobs.import_job_create(
        alliance=world.a,
        user=world.alice,
        upload=io.BytesIO(
            csv_file(
                "id,name,scope",
                f"{landscape.donor.pk},Seed Fund International,international",
                ",Agrarian Committee,local",
            )
        ),
        filename="map.csv",
    )
    assert job.errors == [] and job.preview["counts"]["updated"] == 2 and job.preview["counts"]["new"] == 0
    commit.import_job_commit(job=job, user=world.alice)
    landscape.donor.refresh_from_db()
    landscape.committee.refresh_from_db()
    assert landscape.donor.name == "Seed Fund International"
    assert landscape.committee.scope == "local"
    assert landscape.committee.kind == StakeholderType.PARLIAMENT  # columns not in the file are kept


def test_ties_to_unknown_stakeholders_self_ties_and_other_alliances_are_refused(landscape: Landscape) -> None:
    world = landscape.world
    foreign = world.org_b.pk
    job = jobs.import_job_create(
        alliance=world.a,
        user=world.alice,
        upload=io.BytesIO(
            csv_file(
                "from,to,kind,strength",
                "Seed Fund,Nobody Known,funds,2",
                "Seed Fund,Seed Fund,funds,2",
                f"Seed Fund,{foreign},funds,2",
                "Seed Fund,Agrarian Committee,lobbies,2",
                "Seed Fund,Agrarian Committee,influences,7",
            )
        ),
        filename="ties.csv",
    )
    assert [(e["row"], e["column"]) for e in sorted(job.errors, key=lambda e: e["row"])] == [
        (2, "to"),
        (3, "to"),
        (4, "to"),
        (6, "strength"),
    ]
    # A kind of tie Accord does not use is read through the value mapping, not refused.
    assert [(v["column"], v["raw"], v["value"]) for v in job.preview["values"]] == [("kind", "lobbies", "influences")]
    before = Tie.objects.count()
    with pytest.raises(ValidationError):
        commit.import_job_commit(job=job, user=world.alice)
    assert Tie.objects.count() == before


def test_a_long_file_is_read_in_the_background_with_progress(landscape: Landscape) -> None:
    world = landscape.world
    lines = ["name,type"] + [f"Village group {i},member_based" for i in range(30)]
    client = world.client_for(world.alice)
    with (
        mock.patch.object(jobs, "BACKGROUND_ABOVE_ROWS", 10),
        mock.patch("accord.landscape.importing.tasks.parse_import_job") as task,
    ):
        response = upload(world, csv_file(*lines), "villages.csv")
    job = ImportJob.objects.get(alliance=world.a)
    task.enqueue.assert_called_once_with(import_job_id=job.pk)
    assert job.status == ImportJob.Status.PENDING
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "progress" in page
    progress = reverse("landscape:import_job_progress", args=[world.a.slug, job.pk])
    assert "HX-Refresh" not in client.get(progress)
    # The worker (here the immediate backend, as in development) reads the file.
    from accord.landscape.importing.tasks import parse_import_job

    parse_import_job.enqueue(import_job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.preview["counts"]["new"] == 30
    assert job.processed_rows == 30
    assert client.get(progress)["HX-Refresh"] == "true"


def test_files_over_the_size_limit_are_refused_before_anything_is_stored(world: World) -> None:
    with mock.patch.object(jobs, "MAX_UPLOAD_BYTES", 1000):
        response = upload(world, b"name,type\n" + b"x" * 2000, "big.csv")
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_discarded_import_cannot_be_committed(landscape: Landscape) -> None:
    world = landscape.world
    job = jobs.import_job_create(
        alliance=world.a,
        user=world.alice,
        upload=io.BytesIO(csv_file("name,type", "A New One,expert")),
        filename="x.csv",
    )
    client = world.client_for(world.alice)
    client.post(reverse("landscape:import_job_discard", args=[world.a.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DISCARDED
    with pytest.raises(columns.ImportNotReady):
        commit.import_job_commit(job=job, user=world.alice)
    assert not Stakeholder.objects.filter(name="A New One").exists()
