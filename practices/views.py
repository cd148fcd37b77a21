from django.db.models import Count, F, Prefetch
from django.views.generic import ListView

from partners.models import Partner
from practices.filters import GoodPracticeFilterSet, StudyVisitFilterSet
from practices.models import GoodPractice, StudyVisit, Transfer
from publishing.exports import ExportMixin
from publishing.listing import FacetedListView
from publishing.models import published_through
from publishing.views import PublishedDetailView


class GoodPracticeDetailView(PublishedDetailView):
    """A practice, the partners who identified it with their action plans and reports, and the visits where it
    was seen; only published records are linked."""

    model = GoodPractice

    def get_queryset(self):
        # The partners' newest reports come from library's `latest_reports` tag (goodpractice_detail.html).
        partners = Partner.objects.published().select_related("action_plan")
        # "Inspired": the actions of published plans that the practice inspired, by partner and action number.
        transfers = (
            Transfer.objects.filter(published_through("action__action_plan"))
            .select_related("action__action_plan__partner__region", "study_visit")
            .order_by(
                "action__action_plan__partner__number", F("action__number").asc(nulls_last=True), "action__title"
            )
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
                Prefetch("transfers", queryset=transfers),
            )
        )

    def get_context_data(self, **kwargs):
        partners = self.object.partners.all()
        plans = [plan for partner in partners if (plan := getattr(partner, "action_plan", None)) and plan.is_published]
        return super().get_context_data(action_plans=plans, **kwargs)


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


class TransferListView(ExportMixin, ListView):
    """The transfer trail across regions: each published practice that inspired an action of a published plan,
    where it was seen, and the action; with how many regions gave and took. Also as CSV and JSON."""

    model = Transfer
    export_name = "transfers"
    paginate_by = 100

    def get_queryset(self):
        return Transfer.objects.public().with_related().in_trail_order()

    def get_context_data(self, **kwargs):
        summary = Transfer.objects.public().aggregate(
            from_regions=Count("practice__region", distinct=True),
            to_regions=Count("action__action_plan__partner__region", distinct=True),
        )
        context = super().get_context_data(**kwargs)
        paginator, page = context["paginator"], context["page_obj"]
        context.update(
            summary,
            transfer_count=paginator.count,
            page_range=list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
            ellipsis=paginator.ELLIPSIS,
        )
        return context
