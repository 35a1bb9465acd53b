"""API for the alliance itself (detail and settings) and its versioned purpose (step 1)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Any, Literal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator

from accord.alliances import selectors, services
from accord.alliances.models import Purpose
from accord.api.auth import scoped
from accord.api.schemas import READ_ERRORS, WRITE_ERRORS, BodySchema, CleanStr, Pagination, PathId
from accord.core.models import Alliance
from accord.core.tenancy import get_in_alliance
from accord.lib import smart

router = Router()

AllianceStatus = Literal["forming", "active", "dormant", "closed"]


class AllianceSettingsOut(Schema):
    meeting_cadence_days: int
    survey_anonymity_k: int
    min_accepted_members: int
    recent_window_days: int
    ingo_share_max: int
    grassroots_share_min: int
    participation_min: int
    dormant_after_days: int


class AllianceOut(Schema):
    slug: str
    name: str
    country: str
    sector: str
    languages: list[str]
    timezone: str
    status: AllianceStatus
    created_at: dt.datetime
    settings: AllianceSettingsOut

    @staticmethod
    def resolve_settings(obj: Alliance) -> dict[str, int]:
        return {name: getattr(obj, name) for name in AllianceSettingsOut.model_fields}


def _bounded(name: str) -> Any:
    """An optional integer setting with the bounds the model enforces, so the schema says them."""
    field = Alliance._meta.get_field(name)
    assert isinstance(field, models.Field)
    lows = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    return Field(None, ge=max(lows, default=None), le=min(highs, default=None))  # type: ignore[type-var]


def _known_zone(value: str) -> str:
    if value not in zoneinfo.available_timezones():
        raise ValueError("not a known time zone, such as Africa/Lusaka")
    return value


class AllianceSettingsIn(BodySchema):
    """Send only what changes; omitted fields keep their value."""

    name: CleanStr | None = Field(None, min_length=1, max_length=200)
    country: CleanStr | None = Field(None, max_length=120)
    sector: CleanStr | None = Field(None, max_length=120)
    languages: list[CleanStr] | None = Field(None, max_length=20)
    timezone: Annotated[CleanStr, AfterValidator(_known_zone)] | None = Field(None, max_length=64)
    status: AllianceStatus | None = None
    meeting_cadence_days: int | None = _bounded("meeting_cadence_days")
    survey_anonymity_k: int | None = _bounded("survey_anonymity_k")
    min_accepted_members: int | None = _bounded("min_accepted_members")
    recent_window_days: int | None = _bounded("recent_window_days")
    ingo_share_max: int | None = _bounded("ingo_share_max")
    grassroots_share_min: int | None = _bounded("grassroots_share_min")
    participation_min: int | None = _bounded("participation_min")
    dormant_after_days: int | None = _bounded("dormant_after_days")


ProblemKind = Literal["", "no_policy", "harmful", "enforcement"]
Controversy = Literal["", "low", "medium", "high"]


class PurposeOut(Schema):
    id: int
    version: int
    problem: str
    problem_kind: ProblemKind
    policy: str
    decision_maker: str
    change_sought: str
    measure: str
    target: str
    deadline: dt.date | None
    resources_needed: str
    controversy: Controversy
    risk_of_acting: str
    risk_of_silence: str
    added_value: str
    change_note: str
    created_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_created_by(obj: Purpose) -> str | None:
        return str(obj.created_by) if obj.created_by else None


# Long enough for any real purpose; bounded so one request cannot store megabytes.
_LONG = 20_000


class PurposeIn(BodySchema):
    """A new version of the purpose. `base_version` is the version you started from (null for
    the first); if someone saved a newer one since, the answer is 409 and nothing is written."""

    base_version: int | None = Field(..., ge=1)
    problem: CleanStr = Field("", max_length=_LONG)
    problem_kind: ProblemKind = ""
    policy: CleanStr = Field("", max_length=300)
    decision_maker: CleanStr = Field("", max_length=300)
    change_sought: CleanStr = Field("", max_length=_LONG)
    measure: CleanStr = Field("", max_length=300)
    target: CleanStr = Field("", max_length=200)
    deadline: dt.date | None = None
    resources_needed: CleanStr = Field("", max_length=_LONG)
    controversy: Controversy = ""
    risk_of_acting: CleanStr = Field("", max_length=_LONG)
    risk_of_silence: CleanStr = Field("", max_length=_LONG)
    added_value: CleanStr = Field("", max_length=_LONG)
    change_note: CleanStr = Field("", max_length=300)


class StaleVersionOut(Schema):
    detail: str
    current_version: int


class SmartLetterOut(Schema):
    letter: Literal["S", "M", "A", "R", "T"]
    name: str
    ok: bool
    problems: list[str]
    fix: str
    notes: list[str]


class SmartOut(Schema):
    purpose_version: int
    passes: bool
    letters: list[SmartLetterOut]


PurposeId = PathId


@router.get("{alliance_slug}", response={200: AllianceOut, **READ_ERRORS}, summary="The alliance and its settings")
def alliance_detail(request: HttpRequest, alliance_slug: str) -> Alliance:
    return scoped(request, alliance_slug, "core.view_alliance")


@router.patch(
    "{alliance_slug}",
    response={200: AllianceOut, **WRITE_ERRORS},
    summary="Change the alliance's settings (co-chairs)",
)
def alliance_update(request: HttpRequest, alliance_slug: str, payload: AllianceSettingsIn) -> Alliance:
    alliance = scoped(request, alliance_slug, "core.change_settings", write=True)
    changes = payload.model_dump(exclude_unset=True)
    # null means "not sent" for every setting: none of them can be emptied to null.
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        services.alliance_update_settings(alliance=alliance, **changes)
    return alliance


@router.get("{alliance_slug}/purpose", response={200: PurposeOut, **READ_ERRORS}, summary="The current purpose")
def purpose_current(request: HttpRequest, alliance_slug: str) -> Purpose:
    alliance = scoped(request, alliance_slug, "alliances.view_purpose")
    current = selectors.current_purpose(alliance)
    if current is None:
        raise Http404
    return current


@router.get(
    "{alliance_slug}/purpose/versions",
    response={200: list[PurposeOut], **READ_ERRORS},
    summary="Every version of the purpose, newest first",
)
@paginate(Pagination)
def purpose_version_list(request: HttpRequest, alliance_slug: str) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.view_purpose")
    return alliance.purposes.select_related("created_by").order_by("-version")  # type: ignore[attr-defined]


@router.get(
    "{alliance_slug}/purpose/versions/{purpose_id}",
    response={200: PurposeOut, **READ_ERRORS},
    summary="One version of the purpose",
)
def purpose_version_detail(request: HttpRequest, alliance_slug: str, purpose_id: int = PurposeId) -> Purpose:
    alliance = scoped(request, alliance_slug, "alliances.view_purpose")
    return get_in_alliance(alliance.purposes.select_related("created_by"), pk=purpose_id)  # type: ignore[attr-defined]


@router.post(
    "{alliance_slug}/purpose/versions",
    response={201: PurposeOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Save a new version of the purpose",
)
def purpose_version_create(request: HttpRequest, alliance_slug: str, payload: PurposeIn) -> Any:
    alliance = scoped(request, alliance_slug, "alliances.change_purpose", write=True)
    data = payload.model_dump(exclude={"base_version"})
    try:
        purpose = services.purpose_save(
            alliance=alliance, user=request.user, data=data, base_version=payload.base_version
        )
    except services.StaleVersion as exc:
        return Status(409, {"detail": str(exc), "current_version": exc.current.version})
    return Status(201, purpose)


@router.get(
    "{alliance_slug}/purpose/smart",
    response={200: SmartOut, **READ_ERRORS},
    summary="SMART check of the current purpose",
    description="Each letter says whether it passes, what is missing in plain words, and how to fix it. "
    "404 when the alliance has no purpose yet.",
)
def purpose_smart(request: HttpRequest, alliance_slug: str) -> dict[str, Any]:
    alliance = scoped(request, alliance_slug, "alliances.view_purpose")
    current = selectors.current_purpose(alliance)
    if current is None:
        raise Http404
    result = smart.check(current, today=services.today_in(alliance))
    return {
        "purpose_version": current.version,
        "passes": result.passes,
        # The check's texts are lazy translations: render them in the request's language.
        "letters": [
            {
                "letter": letter.letter,
                "name": str(letter.name),
                "ok": letter.ok,
                "problems": [str(p) for p in letter.problems],
                "fix": str(letter.fix),
                "notes": [str(n) for n in letter.notes],
            }
            for letter in result.letters
        ],
    }
