from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, so that the page cache hears about content changes in every process
    (the web server's and management commands' alike)."""

    name = "ibuy_portal"
    verbose_name = "iBuy portal"

    def ready(self):
        from ibuy_portal import checks, page_cache  # noqa: F401 (checks registers the deployment checks)

        page_cache.connect_signals()
