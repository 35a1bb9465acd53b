"""API for the alliance itself (detail and settings) and its versioned purpose (step 1)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from ninja import Field, Router, Schema
from pydantic import AfterValidator

from accord.alliances.services import alliance_update_settings
from accord.api.auth import api_operation
from accord.api.schemas import READ_ERRORS, WRITE_ERRORS, BodySchema, CleanStr, StaleVersionOut, VersionIn
from accord.core.models import Alliance
from accord.core.tenancy import AllianceRequest
from accord.lib.zones import current_name

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
    version: int = Field(..., description="Send it back with a change of settings; it rises with every save")

    @staticmethod
    def resolve_settings(obj: Alliance) -> dict[str, int]:
        return {name: getattr(obj, name) for name in AllianceSettingsOut.model_fields}


def _bounded(name: str) -> Any:
    """An optional integer setting with the bounds the model enforces, so the schema says them."""
    field = Alliance._meta.get_field(name)
    assert isinstance(field, models.Field)
    lows = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    return Field(None, ge=max(lows, default=None), le=min(highs, default=None))


def _known_zone(value: str) -> str:
    """A zone name in use today; an old name or link ("US/Eastern") is stored as its current one."""
    current = current_name(value)
    if current is None:
        raise ValueError("not a current time zone name, such as Africa/Lusaka")
    return current


class AllianceSettingsIn(BodySchema):
    """Send only what changes, with the `version` you read; omitted fields keep their value."""

    version: int = VersionIn
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


@router.get("{alliance_slug}", response={200: AllianceOut, **READ_ERRORS}, summary="The alliance and its settings")
@api_operation("core.view_alliance")
def alliance_detail(request: AllianceRequest, alliance_slug: str) -> Alliance:
    return request.alliance


@router.patch(
    "{alliance_slug}",
    response={200: AllianceOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Change the alliance's settings (co-chairs)",
    description="A `version` other than the one stored (another co-chair saved since you read it) is "
    "refused with 409 listing what they changed; nothing is written.",
)
@api_operation("core.change_settings", write=True)
def alliance_update(request: AllianceRequest, alliance_slug: str, payload: AllianceSettingsIn) -> Alliance:
    alliance = request.alliance
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    # null means "not sent" for every setting: none of them can be emptied to null.
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        alliance_update_settings(alliance=alliance, version=version, **changes)
    return alliance
