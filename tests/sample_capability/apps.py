from django.apps import AppConfig


class SampleCapabilityConfig(AppConfig):
    """A capability that exists only under the tests: it proves a new app can bring a navigation
    entry, a threshold, a decision subject, a roadmap check, URLs and an API router by
    registering itself, without any edit to core, decisions, config or the base template."""

    name = "tests.sample_capability"
    label = "sample_capability"
