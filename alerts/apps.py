from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Followed searches: an e-mail digest of the records newly published in a list's filter."""

    name = "alerts"
    verbose_name = _("E-mail alerts")
