"""The current, filtered result set of a public list as CSV or JSON: the same URL with format=csv or format=json."""


class ExportMixin:
    """Mixin for a public list view (placeholder until the open-data work fills it in)."""
