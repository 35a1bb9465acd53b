"""Step 5's framework part: an agreed ways-of-working note or terms of reference."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus


def terms_of_reference_step(alliance: Alliance) -> StepStatus:
    """Step 5, its ways-of-working part: a ways-of-working note or terms of reference adopted by a
    recorded decision."""
    from accord.framework.models import FrameworkDocument

    url = reverse("framework:overview", kwargs={"alliance_slug": alliance.slug})
    kinds = [FrameworkDocument.Kind.WAYS_OF_WORKING, FrameworkDocument.Kind.TERMS_OF_REFERENCE]
    # One query: the latest few notes and terms of reference, adopted ones first.
    docs = list(
        FrameworkDocument.objects.filter(alliance=alliance, kind__in=kinds)
        .only("pk", "title", "version", "adopted_at", "adopted_by_id", "created_at")
        .order_by(F("adopted_at").desc(nulls_last=True), "-created_at")[:1]
    )
    adopted = next((d for d in docs if d.adopted_at is not None and d.adopted_by_id is not None), None)
    if adopted is not None:
        adopted_on = alliance.local(adopted.adopted_at).date()  # type: ignore[arg-type]
        doc_url = reverse(
            "framework:document", kwargs={"alliance_slug": alliance.slug, "framework_document_id": adopted.pk}
        )
        return StepStatus(
            state=State.DONE,
            evidence=[
                Evidence(
                    _("%(title)s (version %(v)s) adopted on %(d)s")
                    % {
                        "title": adopted.title,
                        "v": adopted.version,
                        "d": formats.date_format(adopted_on, "DATE_FORMAT"),
                    },
                    ok=True,
                    url=doc_url,
                )
            ],
        )
    draft = docs[0] if docs else None
    if draft is not None:
        doc_url = reverse(
            "framework:document", kwargs={"alliance_slug": alliance.slug, "framework_document_id": draft.pk}
        )
        return StepStatus(
            state=State.IN_PROGRESS,
            evidence=[
                Evidence(
                    _("%(title)s (version %(v)s) generated, not adopted yet")
                    % {"title": draft.title, "v": draft.version},
                    ok=False,
                    url=doc_url,
                )
            ],
            next_action=_("Propose to adopt the ways of working or terms of reference."),
            next_url=doc_url,
        )
    return StepStatus(
        state=State.TODO,
        evidence=[Evidence(_("No ways-of-working note or terms of reference yet."), ok=False, url=url)],
        next_action=_("Generate a short ways-of-working note from your records and propose to adopt it."),
        next_url=url,
    )
