from library.models import Report
from publishing.views import PublishedDetailView, PublishedListView


class ReportDetailView(PublishedDetailView):
    model = Report
    queryset_method = "with_related"


class ReportListView(PublishedListView):
    model = Report
