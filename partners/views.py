from django.utils.translation import gettext_lazy as _

from partners.compare import instruments_used
from partners.filters import ActionPlanFilterSet, PartnerFilterSet
from partners.models import ActionPlan, Partner
from publishing.listing import FacetedListView
from publishing.views import PublishedDetailView


class PartnerDetailView(PublishedDetailView):
    """Everything about a partner: its region, its action plan and actions, its good practices, the study visits
    it hosted or joined and its reports; only what is published itself."""

    model = Partner

    def get_context_data(self, **kwargs):
        # A partner without a plan raises RelatedObjectDoesNotExist, an AttributeError, so getattr gives None.
        plan = getattr(self.object, "action_plan", None)
        return super().get_context_data(action_plan=plan if plan and plan.is_published else None, **kwargs)


class ActionPlanDetailView(PublishedDetailView):
    """An action plan with its actions as a timeline (status, dates, what happened, the practices that inspired
    them), and what its partner identified, hosted, joined and wrote."""

    model = ActionPlan

    def get_context_data(self, **kwargs):
        # The timeline: dated actions in date order, then those the plan gives no start date, in its own order.
        actions = self.object.actions.all()
        return super().get_context_data(
            dated_actions=[action for action in actions if action.start_date],
            undated_actions=[action for action in actions if not action.start_date],
            **kwargs,
        )


class PartnerListView(FacetedListView):
    model = Partner
    filterset_class = PartnerFilterSet
    export_name = "partners"
    items_label = (_("partner"), _("partners"))
    sorts = {"number": (_("Consortium number"), ["number"]), "name": (_("Name"), ["name"])}


class ActionPlanListView(FacetedListView):
    model = ActionPlan
    filterset_class = ActionPlanFilterSet
    export_name = "action-plans"
    items_label = (_("action plan"), _("action plans"))
    sorts = {
        "partner": (_("Partner's consortium number"), ["partner__number"]),
        "title": (_("Title"), ["title"]),
        "newest": (_("Recently added"), ["-created", "title"]),
    }

    def prepare_page(self, objects):
        # The card names each instrument the plan's actions use once, from the rows that for_list() loads.
        for plan in objects:
            plan.instruments_used = instruments_used(plan)
