"""An import's problems are stored as what made them (message id and parameters), not as text in
the language of whoever uploaded the file: a co-chair who reads in French sees them in French
even when the secretariat uploaded in Spanish. Also: the messages of item 14 (a row that depends
on a bad row says so; old -> new for every change; no "Ready to review" while problems block)."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accord.landscape.importing import jobs
from accord.landscape.importing.columns import told
from accord.landscape.models import ImportJob
from accord.lib.sentences import Sentence
from tests.conftest import World
from tests.landscape.conftest import Landscape

FILE = (
    "record,id,name,type,email,position,influence,interest,from,to,kind\n"
    "stakeholder,,,local_ngo,,,,,,,\n"  # row 2: no name
    "stakeholder,,Valley Radio,media,not-an-address,,,,,,\n"  # row 3: a bad address
    "stakeholder,,Hill Farmers,member_based,,1,9,3,,,\n"  # row 4: influence out of range
    "tie,,,,,,,,Hill Farmers,Valley Radio,influences\n"  # row 5: depends on rows 3 and 4
)


def upload_in(language: str, world: World) -> ImportJob:
    with translation.override(language):
        return jobs.import_job_create(
            alliance=world.a, user=world.sam, upload=io.BytesIO(FILE.encode()), filename="mapa.csv"
        )


def messages_in(language: str, job: ImportJob) -> dict[tuple[int, str], str]:
    with translation.override(language):
        return {(e["row"], e["column"]): e["message"] for e in told(job.errors)}


def test_problems_written_in_spanish_are_read_in_french_and_english(world: World) -> None:
    job = upload_in("es", world)
    job.refresh_from_db()
    assert messages_in("es", job)[(2, "name")] == "falta el nombre"  # as the writer saw it
    french, english = messages_in("fr", job), messages_in("en", job)
    assert french[(2, "name")] == "le nom manque"
    assert french[(3, "email")] == "n’est pas une adresse e-mail"
    assert english[(2, "name")] == "the name is missing"
    assert english[(3, "email")] == "is not an email address"
    # A sentence inside a sentence (the scale's name) follows the reader too.
    assert english[(4, "influence")] == "Influence must be a whole number from 0 to 5."
    assert french[(4, "influence")].startswith("Influence doit être un nombre entier")
    assert messages_in("es", job)[(4, "influence")].startswith("Influencia")


def test_the_page_and_the_api_tell_the_problems_in_the_readers_language(world: World) -> None:
    job = upload_in("es", world)
    client = world.client_for(world.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("landscape:import_job", args=[world.a.slug, job.pk])).content.decode()
    assert "le nom manque" in page and "falta el nombre" not in page


def test_a_row_that_points_at_a_bad_row_says_it_depends_on_it(world: World) -> None:
    job = upload_in("en", world)
    english = messages_in("en", job)
    assert english[(5, "from")] == "depends on row 4, which has an error"
    assert english[(5, "to")] == "depends on row 3, which has an error"


def test_an_import_with_blocking_problems_is_not_ready_to_review(world: World) -> None:
    job = upload_in("en", world)
    assert job.status == ImportJob.Status.PREVIEWED and job.blocked
    client = world.client_for(world.alice)
    for url in (
        reverse("landscape:import_job", args=[world.a.slug, job.pk]),
        reverse("landscape:io", args=[world.a.slug]),
    ):
        text = client.get(url).content.decode()
        assert "Has problems to fix" in text and "Ready to review" not in text
    clean = jobs.import_job_create(
        alliance=world.a, user=world.alice, upload=io.BytesIO(b"name,type\nNew Group,local_ngo\n"), filename="ok.csv"
    )
    assert not clean.blocked and clean.badge_label == "Ready to review"


def test_the_preview_shows_old_and_new_for_every_changed_field(landscape: Landscape) -> None:
    world = landscape.world
    data = (
        "id,name,type,scope,notes,target,position,influence,interest\n"
        f"{landscape.donor.pk},Seed Fund,media,national,Funds seed banks,yes,1,4,4\n"
    )
    job = jobs.import_job_create(alliance=world.a, user=world.alice, upload=io.BytesIO(data.encode()), filename="e.csv")
    assert job.errors == []
    page = world.client_for(world.alice).get(reverse("landscape:import_job", args=[world.a.slug, job.pk]))
    text = page.content.decode()
    for old, new in (
        ("Donor: foundation", "Media"),
        ("International", "National"),
        ("—", "Funds seed banks"),
        ("no", "yes"),
        ("—", "position +1, influence 4, interest 4"),
    ):
        assert f"<del>{old}</del> → <ins>{new}</ins>" in text, (old, new)


def test_a_sentence_keeps_its_id_and_parameters() -> None:
    with translation.override("es"):
        said = Sentence("the same name is on row %(row)s", {"row": 7})
        assert said == "el mismo nombre está en la fila 7"
    stored = said.as_json()
    assert stored == {"msgid": "the same name is on row %(row)s", "params": {"row": 7}}
    with translation.override("fr"):
        assert Sentence.from_json(stored) == "le même nom figure à la ligne 7"
