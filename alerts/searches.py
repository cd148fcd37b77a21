"""A saved search read back through the list view that answers its address, so it works for every public list
(`publishing.listing.FacetedListView`) and filters exactly as the list does, bad or unknown values ignored."""

from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation

from publishing.feeds import newest_first, saved_query, search_title
from publishing.listing import FacetedListView


class SavedSearch:
    """The list view at `path`, set up for the filter in `query`."""

    def __init__(self, view, match):
        self.view = view
        self.match = match

    @classmethod
    def of(cls, path, query=""):
        """The saved search, or None when `path` is no public list."""
        language = translation.get_language_from_path(path)
        try:
            with translation.override(language or translation.get_language()):
                match = resolve(path)
        except Resolver404:
            return None
        view_class = getattr(match.func, "view_class", None)
        if view_class is None or not issubclass(view_class, FacetedListView):
            return None
        request = HttpRequest()
        request.method = "GET"
        request.path = request.path_info = path
        request.GET = QueryDict(query)
        view = view_class(**getattr(match.func, "view_initkwargs", {}))
        view.setup(request, *match.args, **match.kwargs)
        return cls(view, match)

    @property
    def filterset(self):
        return self.view.filterset

    @property
    def query(self):
        """The accepted filter, normalised: what is stored."""
        return saved_query(self.filterset)

    @property
    def url(self):
        """The list's address with the search's filter."""
        query = self.query
        return f"{self.view.request.path}?{query}" if query else self.view.request.path

    @property
    def title(self):
        view = self.view
        plural = view.items_label[1] if view.items_label else view.model._meta.verbose_name_plural
        return search_title(plural, self.filterset.active_filters())

    def published_between(self, since, until):
        """The records of the search published after `since` and up to `until`, newest first."""
        records = newest_first(self.filterset.qs).filter(published_at__lte=until)
        if since is not None:
            records = records.filter(published_at__gt=since)
        return records
