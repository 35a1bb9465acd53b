from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurposeConfig(AppConfig):
    name = "accord.purpose"
    label = "purpose"
    verbose_name = _("Purpose")
