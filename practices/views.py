from practices.models import GoodPractice, StudyVisit
from publishing.views import PublishedDetailView, PublishedListView


class GoodPracticeDetailView(PublishedDetailView):
    model = GoodPractice
    queryset_method = "with_related"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("images", "links")


class StudyVisitDetailView(PublishedDetailView):
    model = StudyVisit
    queryset_method = "with_related"


class GoodPracticeListView(PublishedListView):
    model = GoodPractice


class StudyVisitListView(PublishedListView):
    model = StudyVisit
