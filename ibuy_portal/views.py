from django.db.models import Prefetch
from django.views.generic import TemplateView

from ibuy_portal import search
from ibuy_portal.figures import activity_figures, figure_sources, figure_table, held_only_note
from partners.models import Instrument, Partner, Partnership, ReportedFigure


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        partnership = Partnership.objects.prefetch_related(
            Prefetch("reported_figures", queryset=ReportedFigure.objects.achieved(), to_attr="achieved_figures")
        ).first()
        figures = activity_figures(partnership.achieved_figures) if partnership else []
        return super().get_context_data(
            partnership=partnership,
            partners=Partner.objects.published().with_region(),
            partnership_figures=[figure for figure in figures if not figure.reported.is_communication],
            communication_figures=[figure for figure in figures if figure.reported.is_communication],
            instruments=Instrument.objects.prefetch_related("sources"),
            **kwargs,
        )


class RobotsView(TemplateView):
    """robots.txt: everything public may be crawled, the staff pages not; it names the sitemap."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class SearchView(TemplateView):
    """/search/?q=: every published content type at once, grouped by type; see ibuy_portal.search."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        query, was_cut = search.clean_query(self.request.GET.get("q", ""))
        groups = search.search(query)
        return super().get_context_data(
            query=query,
            query_was_cut=was_cut,
            max_query_length=search.MAX_QUERY_LENGTH,
            groups=groups,
            total=sum(group.count for group in groups),
            **kwargs,
        )


class AboutView(TemplateView):
    """The partnership, its programme and funding, and its reported figures beside what the portal holds."""

    template_name = "about.html"

    def get_context_data(self, **kwargs):
        partnership = Partnership.objects.prefetch_related(
            "sources", Prefetch("reported_figures", queryset=ReportedFigure.objects.prefetch_related("sources"))
        ).first()
        reported = partnership.reported_figures.all() if partnership else []
        figures = figure_table(reported)
        return super().get_context_data(
            partnership=partnership,
            figures=figures,
            held_only_note=held_only_note(figures),
            figure_sources=figure_sources(reported),
            instruments=Instrument.objects.prefetch_related("sources"),
            **kwargs,
        )
