from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"
    verbose_name = _("Accord core")

    def ready(self) -> None:
        # Each app names its permission rules in permissions.py; each capability declares what it
        # brings to the platform in capability.py (accord.core.capabilities).
        autodiscover_modules("permissions")
        autodiscover_modules("capability")
        from django.core import checks as django_checks

        from accord.core.checks import base_url_check

        django_checks.register(base_url_check, django_checks.Tags.security, deploy=True)
