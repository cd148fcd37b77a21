from library.models import Report
from publishing.views import PublishedDetailView


class ReportDetailView(PublishedDetailView):
    model = Report
    queryset_method = "with_related"
