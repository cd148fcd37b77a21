from django.db.models import Prefetch

from partners.models import Action, ActionPlan, Partner
from publishing.views import PublishedDetailView, PublishedListView


class PartnerDetailView(PublishedDetailView):
    model = Partner

    def get_queryset(self):
        # The action plan is shown only when it is published itself.
        return super().get_queryset().select_related("region", "action_plan")


class ActionPlanDetailView(PublishedDetailView):
    model = ActionPlan

    def get_queryset(self):
        actions = Action.objects.prefetch_related("instruments")
        return (
            super()
            .get_queryset()
            .select_related("partner__region")
            .prefetch_related(Prefetch("actions", queryset=actions))
        )


class PartnerListView(PublishedListView):
    model = Partner


class ActionPlanListView(PublishedListView):
    model = ActionPlan
