from django.apps import AppConfig


class GlanceConfig(AppConfig):
    """The partnership at a glance: the home and about pages, the map and the figures."""

    name = "glance"
    verbose_name = "The partnership at a glance"
