from django.db.models import Prefetch
from django.views.generic import TemplateView

from ibuy_portal.figures import activity_figures
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
