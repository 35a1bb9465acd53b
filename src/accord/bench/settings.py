"""Settings for the bench: the product's, with the bench's own URLconf (which adds the bare page)."""

from accord.config.settings import *  # noqa: F403

ROOT_URLCONF = "accord.bench.urls"
