"""Probable duplicates on import: names that name the same actor match, with the reason told;
names of different actors do not (a probable duplicate is skipped unless the person chooses, so a
false match costs a row)."""

from __future__ import annotations

import io

import pytest

from accord.landscape.importing import jobs, similarity
from accord.landscape.models import Stakeholder, StakeholderType
from tests.conftest import World

MUST_MATCH = [
    ("Ministry of Gender", "Ministry of Gender, Community Development and Social Welfare", similarity.CONTAINS),
    ("FAO", "Food and Agriculture Organization of the United Nations (FAO)", similarity.ACRONYM),
    ("Food and Agriculture Organization of the United Nations (FAO)", "FAO", similarity.ACRONYM),
    ("UNDP", "United Nations Development Programme", similarity.ACRONYM),
    ("FAO Georgia", "FAO", similarity.CONTAINS),
    ("ministry of seeds.", "Ministry of Seeds", similarity.SIMILAR),
    ("Seeds Ministry of", "Ministry of Seeds", similarity.SIMILAR),
    ("Minstry of Agriculture", "Ministry of Agriculture", similarity.SIMILAR),
    ("Ministry of Agriculture", "Ministry of Agriculture, policy department", similarity.CONTAINS),
    # Spanish
    ("Ministerio de Agricultura", "Ministerio de Agricultura y Riego", similarity.CONTAINS),
    ("CNA", "Confederación Nacional Agraria", similarity.ACRONYM),
    ("Confederación Nacional Agraria (CNA)", "CNA", similarity.ACRONYM),
    ("Ministerio de la Mujer", "Ministerio de la Mujer y Poblaciones Vulnerables", similarity.CONTAINS),
    # French
    ("FNSEA", "Fédération nationale des syndicats d'exploitants agricoles", similarity.ACRONYM),
    ("Ministère de la Santé", "Ministere de la sante et de l'action sociale", similarity.CONTAINS),
    ("Organisation des Nations unies pour l'alimentation et l'agriculture (FAO)", "FAO", similarity.ACRONYM),
]

MUST_NOT_MATCH = [
    ("Ministry of Health", "Ministry of Finance"),
    ("FAO", "IFAD"),
    ("UNDP", "UNEP"),
    ("Farmers Union of Georgia", "Women Farmers Union"),
    ("Mercy Corps Georgia", "Oxfam in Georgia"),
    ("Rural Radio Kakheti", "Kakheti Women Farmers' Network"),
    ("Ministry", "Ministry of Health"),
    ("Ministry of Health", "Ministry of Housing"),
    ("Ministerio de Salud", "Ministerio de Economía y Finanzas"),
    ("Ministère de la Santé", "Ministère de l'Agriculture"),
    ("Confédération paysanne", "Coordination rurale"),
    ("Fao", "Food and Agriculture Organization"),  # not written as an acronym
]


@pytest.mark.parametrize(("row", "known", "reason"), MUST_MATCH)
def test_names_of_the_same_actor_match_with_the_reason(row: str, known: str, reason: str) -> None:
    found = similarity.explain(row, known)
    assert found is not None, f"{row!r} should match {known!r}"
    assert found.reason == reason


@pytest.mark.parametrize(("row", "known"), MUST_NOT_MATCH)
def test_names_of_different_actors_do_not_match(row: str, known: str) -> None:
    assert similarity.explain(row, known) is None
    assert similarity.explain(known, row) is None


def test_the_closest_of_several_known_names_is_chosen() -> None:
    index = similarity.Index(["Ministry of Finance", "Ministry of Gender, Community Development", "FAO Zambia"])
    found = index.best("Ministry of Gender")
    assert found is not None and index.names[found.index] == "Ministry of Gender, Community Development"
    assert index.best("Ministry of Health") is None


def test_an_import_offers_the_long_name_as_a_probable_duplicate_and_says_why(world: World) -> None:
    a = world.a
    long = Stakeholder.objects.create(
        alliance=a,
        name="Ministry of Gender, Community Development and Social Welfare",
        kind=StakeholderType.NATIONAL_GOVERNMENT,
    )
    fao = Stakeholder.objects.create(
        alliance=a, name="Food and Agriculture Organization of the United Nations (FAO)", kind=StakeholderType.UN_AGENCY
    )
    Stakeholder.objects.create(alliance=a, name="Ministry of Finance", kind=StakeholderType.NATIONAL_GOVERNMENT)
    data = b"name,type\nMinistry of Gender,national_government\nFAO,un_agency\nMinistry of Health,national_government\n"
    job = jobs.import_job_create(alliance=a, user=world.alice, upload=io.BytesIO(data), filename="m.csv")
    found = {d["row"]: (d["existing_id"], d["reason"]) for d in job.preview["duplicates"]}
    assert found == {2: (long.pk, similarity.CONTAINS), 3: (fao.pk, similarity.ACRONYM)}
    assert job.preview["counts"]["new"] == 1  # the Ministry of Health is new, not the Ministry of Finance
    page = world.client_for(world.alice).get(f"/a/{a.slug}/landscape/io/imports/{job.pk}/")
    text = page.content.decode()
    assert "same acronym" in text and "one name contains the other" in text
