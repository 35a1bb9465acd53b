"""Links to many records reversed once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.lib.urls import record_url


@pytest.mark.parametrize("pk", [1, 7, 42, 987654320, 10**12])
def test_a_record_url_is_what_reverse_gives(pk: int) -> None:
    link = record_url("membership:voice", "membership_id", alliance_slug="riverside-2")
    assert link(pk) == reverse("membership:voice", kwargs={"alliance_slug": "riverside-2", "membership_id": pk})


def test_a_record_url_puts_only_numbers_in_the_link() -> None:
    link = record_url("membership:voice", "membership_id", alliance_slug="riverside")
    with pytest.raises(ValueError):
        link("1/../../admin")  # type: ignore[arg-type]
