from django.db.models import Prefetch

from library.models import Report
from partners.models import Partner
from practices.filters import GoodPracticeFilterSet, StudyVisitFilterSet
from practices.models import GoodPractice, StudyVisit
from publishing.listing import FacetedListView
from publishing.views import PublishedDetailView


class GoodPracticeDetailView(PublishedDetailView):
    """A practice, the partners who identified it with their action plans and reports, and the visits where it
    was seen; only published records are linked."""

    model = GoodPractice

    def get_queryset(self):
        partners = (
            Partner.objects.published()
            .select_related("action_plan")
            .prefetch_related(Prefetch("reports", queryset=Report.objects.published()))
        )
        return (
            super()
            .get_queryset()
            .select_related("region")
            .prefetch_related(
                Prefetch("partners", queryset=partners),
                "instruments",
                "themes",
                "images",
                "links",
                Prefetch("study_visits", queryset=StudyVisit.objects.published()),
            )
        )

    def get_context_data(self, **kwargs):
        partners = self.object.partners.all()
        plans = [plan for partner in partners if (plan := getattr(partner, "action_plan", None)) and plan.is_published]
        reports = [report for partner in partners for report in partner.reports.all()]
        return super().get_context_data(action_plans=plans, reports=reports, **kwargs)


class StudyVisitDetailView(PublishedDetailView):
    """A visit or meeting: its host (with the host's action plan), the partners who took part, the practices seen."""

    model = StudyVisit

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("host_partner__action_plan", "region")
            .prefetch_related(
                Prefetch("participating_partners", queryset=Partner.objects.published()),
                Prefetch("related_practices", queryset=GoodPractice.objects.published()),
            )
        )


class GoodPracticeListView(FacetedListView):
    model = GoodPractice
    filterset_class = GoodPracticeFilterSet
    export_name = "practices"
    sorts = {"title": ("Title", ["title"]), "newest": ("Recently added", ["-created", "title"])}

    def with_related(self, queryset):
        partners = Partner.objects.published()
        return queryset.select_related("region").prefetch_related(
            Prefetch("partners", queryset=partners), "instruments", "themes"
        )


class StudyVisitListView(FacetedListView):
    model = StudyVisit
    filterset_class = StudyVisitFilterSet
    export_name = "study-visits"
    items_label = ("visit or meeting", "visits and meetings")
    sorts = {
        "newest": ("Latest first", ["-start_date", "title"]),
        "oldest": ("Earliest first", ["start_date", "title"]),
        "title": ("Title", ["title"]),
    }

    def with_related(self, queryset):
        return queryset.select_related("host_partner", "region")
