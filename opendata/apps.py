from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """The portal's data for reuse: linked data in the item pages, the DCAT-AP catalogue, the bulk download."""

    name = "opendata"
    verbose_name = "Open data"

    def ready(self):
        from opendata import bulk

        bulk.connect_signals()
