from django.views.generic import TemplateView

from search import engine


class SearchView(TemplateView):
    """/search/?q=: every published content type at once, grouped by type; see search.engine."""

    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        query, was_cut = engine.clean_query(self.request.GET.get("q", ""))
        groups = engine.search(query)
        return super().get_context_data(
            query=query,
            query_was_cut=was_cut,
            max_query_length=engine.MAX_QUERY_LENGTH,
            groups=groups,
            total=sum(group.count for group in groups),
            **kwargs,
        )
