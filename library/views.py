from django.db.models import F
from django.utils.translation import gettext_lazy as _

from library.filters import ReportFilterSet
from library.models import Report
from publishing.listing import FacetedListView
from publishing.views import PublishedDetailView


class ReportDetailView(PublishedDetailView):
    """A report, its partner and the partner's action plan (linked when published)."""

    model = Report


class ReportListView(FacetedListView):
    model = Report
    filterset_class = ReportFilterSet
    export_name = "library"
    items_label = (_("document"), _("documents"))
    # Either way by date, the documents without one come after the dated ones (the list says so once).
    sorts = {
        "newest": (_("Newest first"), [F("publication_date").desc(nulls_last=True), "title"]),
        "oldest": (_("Oldest first"), [F("publication_date").asc(nulls_last=True), "title"]),
        "title": (_("Title"), ["title"]),
    }
    date_sorts = {"newest", "oldest"}

    def undated_count(self, context):
        """How many results have no publication date, from the counts already made: the year facet counts the
        dated results (with no year chosen it is counted over all of them; with one chosen, all are dated)."""
        if self.filterset.chosen.get("year"):
            return 0
        years = next(group for group in context["facets"] if group.name == "year")
        return context["result_count"] - sum(option.count for option in years.options)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        undated = self.undated_count(context) if self.sort in self.date_sorts else 0
        context.update(undated_count=undated, dated_count=context["result_count"] - undated)
        return context
