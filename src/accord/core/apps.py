from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"
    verbose_name = _("Accord core")

    def ready(self) -> None:
        # Each domain app contributes its roadmap step checks and its navigation entries.
        autodiscover_modules("permissions")
        autodiscover_modules("roadmap")
