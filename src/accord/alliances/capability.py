"""What the alliances app brings: creating an alliance, its home (the roadmap) and its settings.
It also declares the thresholds of capabilities still to come (meetings, surveys, health); each
moves to its capability when that lands."""

from __future__ import annotations

from accord.core import capabilities as cap

capability = cap.register(
    cap.Capability(
        label="alliances",
        public_urls=(("", "accord.alliances.urls"),),
        thresholds=(
            cap.Threshold.of_column("recent_window_days", order=10),
            cap.Threshold.of_column("meeting_cadence_days", order=30),
            cap.Threshold.of_column("survey_anonymity_k", order=40),
            cap.Threshold.of_column("ingo_share_max", order=50),
            cap.Threshold.of_column("grassroots_share_min", order=51),
            cap.Threshold.of_column("participation_min", order=52),
            cap.Threshold.of_column("dormant_after_days", order=53),
        ),
        demo=((20, "accord.alliances.demo.build"), (70, "accord.alliances.demo_decisions.build")),
    )
)
