"""The home and about pages: the partnership at a glance, with its reported figures beside the portal's records."""

from django.db.models import Prefetch
from django.views.generic import TemplateView

from glance.figures import activity_figures, figure_sources, figure_table
from partners.models import Instrument, Partner, Partnership, ReportedFigure


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
            instruments=Instrument.objects.prefetch_related("sources"),
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
        return super().get_context_data(
            partnership=partnership,
            figures=figure_table(reported),
            figure_sources=figure_sources(reported),
            instruments=Instrument.objects.prefetch_related("sources"),
            **kwargs,
        )
