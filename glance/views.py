"""The home and about pages: the home page starts from a buyer's question (search, the three ways to buy
innovation with the published practices and reports that use each, what is new), then the partnership at a
glance, with its reported figures beside the portal's records."""

from django.db.models import OuterRef, Prefetch
from django.views.generic import TemplateView

from glance.figures import activity_figures, figure_sources, figure_table, held_only_note
from library.models import Report
from partners.models import Instrument, Partner, Partnership, ReportedFigure
from practices.models import GoodPractice
from publishing.facets import count_of

NEWEST_COUNT = 3  # practices and reports under "New in the portal"


def instruments_with_counts():
    """The instruments with their sources and the number of published practices and reports that use each,
    counted in the instruments' own query."""
    practices = GoodPractice.objects.published().filter(instruments=OuterRef("pk"))
    reports = Report.objects.published().filter(instruments=OuterRef("pk"))
    return Instrument.objects.prefetch_related("sources").annotate(
        practice_count=count_of(practices), report_count=count_of(reports)
    )


class HomeView(TemplateView):
    template_name = "glance/home.html"

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
            instruments=instruments_with_counts(),
            newest_practices=GoodPractice.objects.published().newest()[:NEWEST_COUNT],
            newest_reports=Report.objects.published().newest()[:NEWEST_COUNT],
            **kwargs,
        )


class AboutView(TemplateView):
    """The partnership, its programme and funding, and its reported figures beside what the portal holds."""

    template_name = "glance/about.html"

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
