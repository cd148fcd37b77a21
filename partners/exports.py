"""The columns of the partners and action plans lists' CSV/JSON exports (see publishing.exports)."""

from django.db.models import Prefetch

from partners.models import Action, ActionPlan, Partner, Progress
from publishing.exports import ModelExport, register, slug_of_published


@register
class PartnerExport(ModelExport):
    model = Partner
    name = "partners"
    columns = (
        "slug",
        "number",
        "name",
        "acronym",
        "role",
        "region_nuts_code",
        "region_name",
        "country",
        "website",
        "logo_url",
        "url",
        "updated",
    )

    def prepare(self, queryset):
        return queryset.select_related("region")

    def values(self, partner):
        return {
            "slug": partner.slug,
            "number": partner.number,
            "name": partner.name,
            "acronym": partner.acronym,
            "role": partner.role,
            "region_nuts_code": partner.region.nuts_code,
            "region_name": partner.region.name,
            "country": partner.region.country.code,
            "website": partner.website,
            "logo_url": self.absolute_url(partner.logo.url if partner.logo else ""),
            "url": self.absolute_url(partner.get_absolute_url()),
            "updated": partner.updated,
        }


@register
class ActionPlanExport(ModelExport):
    model = ActionPlan
    name = "action-plans"
    columns = (
        "slug",
        "title",
        "partner",
        "region_nuts_code",
        "country",
        "policy_instrument",
        "instruments",
        "action_count",
        "actions_done",
        "actions_in_progress",
        "actions_planned",
        "actions_dropped",
        "actions_not_reported",
        "summary",
        "url",
        "updated",
    )

    def prepare(self, queryset):
        actions = Action.objects.prefetch_related("instruments")
        return queryset.select_related("partner__region").prefetch_related(
            Prefetch("actions", queryset=actions, to_attr="exported_actions")
        )

    def values(self, plan):
        # The plan's instruments are those of its actions, each once, in the instruments' own order.
        instruments = {instrument for action in plan.exported_actions for instrument in action.instruments.all()}
        progress = Progress.of(plan.exported_actions)
        return {
            "slug": plan.slug,
            "title": plan.title,
            "partner": slug_of_published(plan.partner),
            "region_nuts_code": plan.partner.region.nuts_code,
            "country": plan.partner.region.country.code,
            "policy_instrument": plan.policy_instrument,
            "instruments": [i.code for i in sorted(instruments, key=lambda i: (i.position, i.name))],
            "action_count": len(plan.exported_actions),
            "actions_done": progress.done,
            "actions_in_progress": progress.in_progress,
            "actions_planned": progress.planned,
            "actions_dropped": progress.dropped,
            "actions_not_reported": progress.not_reported,
            "summary": plan.summary,
            "url": self.absolute_url(plan.get_absolute_url()),
            "updated": plan.updated,
        }
