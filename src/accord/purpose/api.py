"""API for the purpose: the current version, versions, a new version and its SMART check."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.api.auth import api_operation
from accord.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    BodySchema,
    CleanStr,
    Pagination,
    PathId,
    StaleVersionOut,
)
from accord.core.tenancy import AllianceRequest, get_in_alliance
from accord.lib import smart
from accord.purpose.models import Purpose
from accord.purpose.selectors import current_purpose
from accord.purpose.services import StaleVersion, purpose_save

router = Router()

ProblemKind = Literal["", "no_policy", "harmful", "enforcement"]
Controversy = Literal["", "low", "medium", "high"]
PurposeId = PathId


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


@router.get("{alliance_slug}/purpose", response={200: PurposeOut, **READ_ERRORS}, summary="The current purpose")
@api_operation("purpose.view_purpose")
def purpose_current(request: AllianceRequest, alliance_slug: str) -> Purpose:
    alliance = request.alliance
    current = current_purpose(alliance)
    if current is None:
        raise Http404
    return current


@router.get(
    "{alliance_slug}/purpose/versions",
    response={200: list[PurposeOut], **READ_ERRORS},
    summary="Every version of the purpose, newest first",
)
@paginate(Pagination)
@api_operation("purpose.view_purpose")
def purpose_version_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    return alliance.purposes.select_related("created_by").order_by("-version")


@router.get(
    "{alliance_slug}/purpose/versions/{purpose_id}",
    response={200: PurposeOut, **READ_ERRORS},
    summary="One version of the purpose",
)
@api_operation("purpose.view_purpose")
def purpose_version_detail(request: AllianceRequest, alliance_slug: str, purpose_id: int = PurposeId) -> Purpose:
    alliance = request.alliance
    return get_in_alliance(alliance.purposes.select_related("created_by"), pk=purpose_id)


@router.post(
    "{alliance_slug}/purpose/versions",
    response={201: PurposeOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Save a new version of the purpose",
)
@api_operation("purpose.change_purpose", write=True)
def purpose_version_create(request: AllianceRequest, alliance_slug: str, payload: PurposeIn) -> Any:
    alliance = request.alliance
    data = payload.model_dump(exclude={"base_version"})
    try:
        purpose = purpose_save(alliance=alliance, user=request.user, data=data, base_version=payload.base_version)
    except StaleVersion as exc:
        return Status(409, {"detail": str(exc), "current_version": exc.current.version})
    return Status(201, purpose)


@router.get(
    "{alliance_slug}/purpose/smart",
    response={200: SmartOut, **READ_ERRORS},
    summary="SMART check of the current purpose",
    description="Each letter says whether it passes, what is missing in plain words, and how to fix it. "
    "404 when the alliance has no purpose yet.",
)
@api_operation("purpose.view_purpose")
def purpose_smart(request: AllianceRequest, alliance_slug: str) -> dict[str, Any]:
    alliance = request.alliance
    current = current_purpose(alliance)
    if current is None:
        raise Http404
    result = smart.check(current, today=alliance.today())
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
