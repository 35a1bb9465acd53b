"""The error summary at the top of every refused form (GOV.UK's pattern): one partial, used by
every template that shows form fields, linking each problem to its field's id. The browser test
(tests/e2e/test_pages_browser.py) checks that focus lands on it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.template.loader import render_to_string

from tests.conftest import World

SRC = Path(__file__).resolve().parents[2] / "src" / "accord"
PARTIAL = "core/partials/error_summary.html"
# What shows a form's fields or errors by hand rather than through core/partials/form.html.
SHOWS_FIELDS = re.compile(
    r"as_field_group|non_field_errors|non_form_errors|\.as_p\b|\.as_div\b|{{\s*form\s*}}|{{\s*field\s*}}"
)


def templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("templates/**/*.html"))


def test_every_template_that_shows_form_fields_goes_through_the_summary() -> None:
    unsummarised = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        name = path.as_posix().split("/templates/", 1)[1]
        if name in ("core/partials/form.html", PARTIAL):
            continue
        if SHOWS_FIELDS.search(text) and PARTIAL not in text:
            unsummarised.append(name)
        # A form included without its own summary must be summed up by the page itself.
        if "in_summary=True" in text and PARTIAL not in text:
            unsummarised.append(f"{name} (in_summary=True)")
    assert not unsummarised, f"forms shown with no error summary: {unsummarised}"
    # And the shared partial includes it, so every form that uses the partial gets it.
    assert PARTIAL in (SRC / "core/templates/core/partials/form.html").read_text(encoding="utf-8")


class Sample(forms.Form):
    email = forms.EmailField(label="Their email")
    seats = forms.MultipleChoiceField(
        label="Co-chairs", choices=[("1", "Ana"), ("2", "Ben")], widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("Nothing was saved.")


def render(form: forms.Form) -> str:
    return render_to_string("core/partials/form.html", {"form": form})


def summary_of(html: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_a_refused_form_opens_with_a_summary_linking_each_field() -> None:
    html = render(Sample({"email": "not an address"}, auto_id="cc_%s"))
    summary = summary_of(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert html.index("error-summary") < html.index("<input")  # at the top of the form
    assert "Nothing was saved." in summary
    links = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary))
    assert set(links) == {"cc_email", "cc_seats"}, links
    assert links["cc_email"].startswith("Their email: ")
    for target in links:  # each link reaches exactly one element of the form
        assert len(re.findall(rf'id="{target}"', html)) == 1, target
    # A hidden field has nothing to look at: its problem is listed, not linked.
    assert 'href="#cc_version"' not in summary


def test_a_form_not_sent_or_sent_right_has_no_summary() -> None:
    assert "error-summary" not in render(Sample(auto_id="cc_%s"))

    class Fine(forms.Form):
        name = forms.CharField()

    assert "error-summary" not in render(Fine({"name": "Ana"}))  # type: ignore[arg-type]


def test_a_formset_and_its_form_share_one_summary() -> None:
    Items = forms.formset_factory(Sample, extra=0, min_num=1, validate_min=True)
    formset = Items({"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-email": "x"}, prefix="items")
    formset.is_valid()
    html = render_to_string(PARTIAL, {"form": formset, "also": Sample({}, auto_id="main_%s")})
    assert html.count('class="error-summary"') == 1
    summary = summary_of(html)
    assert 'href="#id_items-0-email"' in summary and 'href="#main_email"' in summary


@pytest.mark.django_db
def test_members_refused_invitation_shows_the_summary_and_repeats_no_id(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.post(f"/a/{world.a.slug}/members/invite/", {"email": "not an address"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('class="error-summary"') == 1
    assert 'href="#invite_email"' in summary_of(page)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.django_db
def test_register_filters_that_cannot_be_used_are_summed_up(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.get(f"/a/{world.a.slug}/landscape/", {"kind": "no-such-kind"})
    page = response.content.decode()
    assert 'href="#id_kind"' in summary_of(page)
