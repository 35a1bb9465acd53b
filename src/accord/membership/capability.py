"""What the membership capability (method step 3, and the roles of step 5) brings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accord.core import capabilities as cap
from accord.membership.roadmap import invitations_step, roles_step

capability = cap.register(
    cap.Capability(
        label="membership",
        url_prefix="members/",
        urls="accord.membership.urls",
        public_urls=(("invitations/", "accord.membership.urls_public"),),
        api_routers=(cap.ApiRouter("accord.membership.api.router", "membership"),),
        nav=(cap.NavEntry(_("Members"), "membership:members", order=20, perm="membership.view_memberships"),),
        steps=((3, invitations_step), (5, roles_step)),
        thresholds=(
            cap.Threshold.of_column("min_accepted_members", order=20),
            cap.Threshold.of_column("invitation_valid_days", order=21),
            cap.Threshold.of_column("co_chair_min", order=22),
            cap.Threshold.of_column("secretariat_reminder_days", order=23),
        ),
        demo=(
            (40, "accord.membership.demo.build"),
            (45, "accord.membership.demo.build_invitations"),
            (50, "accord.membership.demo.build_seats"),
            (55, "accord.membership.demo.build_voices_and_rotation"),
        ),
        reminders=("accord.membership.reminders.run",),
        roster=cap.Roster(
            roles_of="accord.membership.roster.roles_of",
            seat_of="accord.membership.roster.seat_of",
            alliances_of="accord.membership.roster.alliances_of",
        ),
    )
)
