from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandscapeConfig(AppConfig):
    name = "accord.landscape"
    label = "landscape"
    verbose_name = _("Landscape")

    def ready(self) -> None:
        from accord.landscape import refresh

        refresh.connect()
