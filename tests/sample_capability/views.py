from django.http import HttpResponse

from accord.core.tenancy import AllianceRequest, alliance_view, get_in_alliance


@alliance_view("sample_capability.view_motions")
def motions(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    titles = ", ".join(m.title for m in request.alliance.motions.order_by("pk"))  # type: ignore[attr-defined]
    return HttpResponse(f"<!doctype html><title>Motions</title><main><h1>Motions</h1><p>{titles}</p></main>")


@alliance_view("sample_capability.view_motions")
def motion(request: AllianceRequest, alliance_slug: str, motion_id: int) -> HttpResponse:
    found = get_in_alliance(request.alliance.motions, pk=motion_id)  # type: ignore[attr-defined]
    return HttpResponse(f"<!doctype html><title>Motion</title><main><h1>{found.title}</h1></main>")
