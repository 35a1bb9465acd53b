from typing import Any

from ninja import Router, Schema

from accord.api.auth import api_operation
from accord.api.schemas import READ_ERRORS
from accord.core.tenancy import AllianceRequest

router = Router()


class MotionOut(Schema):
    id: int
    title: str
    agreed: bool

    @staticmethod
    def resolve_agreed(obj: Any) -> bool:
        return obj.agreed_at is not None


@router.get("{alliance_slug}/motions", response={200: list[MotionOut], **READ_ERRORS}, summary="Motions (tests only)")
@api_operation("sample_capability.view_motions")
def motion_list(request: AllianceRequest, alliance_slug: str) -> Any:
    return list(request.alliance.motions.order_by("pk"))  # type: ignore[attr-defined]
