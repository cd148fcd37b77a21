from django.apps import AppConfig


class SearchConfig(AppConfig):
    """One search over every kind of published content."""

    name = "search"
    verbose_name = "Search"
