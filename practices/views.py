from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from practices.filters import GoodPracticeFilterSet, StudyVisitFilterSet
from practices.models import GoodPractice, StudyVisit, Transfer
from publishing.exports import ExportMixin
from publishing.listing import FacetedListView
from publishing.views import PublishedDetailView


class GoodPracticeDetailView(PublishedDetailView):
    """A practice, the partners who identified it with their action plans and reports, the visits where it
    was seen, and similar practices; only published records are linked."""

    model = GoodPractice

    def get_context_data(self, **kwargs):
        partners = self.object.partners.all()
        plans = [plan for partner in partners if (plan := getattr(partner, "action_plan", None)) and plan.is_published]
        similar = GoodPractice.objects.published().similar_to(self.object)
        return super().get_context_data(action_plans=plans, similar_practices=similar, **kwargs)


class StudyVisitDetailView(PublishedDetailView):
    """A visit or meeting: its host (with the host's action plan), the partners who took part, the practices seen."""

    model = StudyVisit


class GoodPracticeListView(FacetedListView):
    model = GoodPractice
    filterset_class = GoodPracticeFilterSet
    export_name = "practices"
    items_label = (_("good practice"), _("good practices"))
    sorts = {"title": (_("Title"), ["title"]), "newest": (_("Recently added"), ["-created", "title"])}

    def prepare_page(self, objects):
        # A summary that other practices carry word for word tells the cards apart by nothing: the card shows
        # its own documented facts instead (one query for the page).
        shared = GoodPractice.objects.shared_summaries(practice.summary for practice in objects)
        for practice in objects:
            practice.summary_is_shared = practice.summary in shared


class StudyVisitListView(FacetedListView):
    model = StudyVisit
    filterset_class = StudyVisitFilterSet
    export_name = "study-visits"
    items_label = (_("visit or meeting"), _("visits and meetings"))
    sorts = {
        "newest": (_("Latest first"), ["-start_date", "title"]),
        "oldest": (_("Earliest first"), ["start_date", "title"]),
        "title": (_("Title"), ["title"]),
    }


class TransferListView(ExportMixin, ListView):
    """The transfer trail across regions: each published practice that inspired an action of a published plan,
    where it was seen, and the action; with how many regions gave and took. Also as CSV and JSON."""

    model = Transfer
    export_name = "transfers"
    paginate_by = 100

    def get_queryset(self):
        return Transfer.objects.public().for_list().in_trail_order()

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
