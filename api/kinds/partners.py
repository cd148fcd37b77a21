"""The API's partners and action plans (with their actions)."""

from django.db.models import Prefetch

from api.base import (
    API_URL,
    CODES,
    CREATED,
    PAGE,
    SLUG,
    SOURCES,
    UPDATED,
    Kind,
    iso,
    or_none,
    region,
    sources,
    sources_prefetch,
)
from api.schema import array, date, integer, nullable, obj, ref, text, uri
from partners.models import Action, ActionPlan, ActionStatus, Partner, Role
from partners.views import ActionPlanListView, PartnerListView


class Partners(Kind):
    name = "partners"
    model = Partner
    schema_name = "Partner"
    description = "A partner of the iBuy partnership."
    list_view = PartnerListView
    properties = {
        "slug": SLUG,
        "number": integer("The partner's number in the consortium (1 is the lead)."),
        "name": text(),
        "acronym": nullable(text()),
        "role": text("lead or partner", enum=Role.values),
        "description": nullable(text()),
        "website": nullable(uri()),
        "logo_url": nullable(uri()),
        "region": ref("Region"),
        "action_plan": nullable(ref("Link")),
        "url": PAGE,
        "api_url": API_URL,
        "sources": SOURCES,
        "created": CREATED,
        "updated": UPDATED,
    }

    def queryset(self):
        return super().queryset().select_related("region", "action_plan").prefetch_related(sources_prefetch())

    def represent(self, partner, to):
        plan = getattr(partner, "action_plan", None)
        return {
            "slug": partner.slug,
            "number": partner.number,
            "name": partner.name,
            "acronym": or_none(partner.acronym),
            "role": partner.role,
            "description": or_none(partner.description),
            "website": or_none(partner.website),
            "logo_url": to.file(partner.logo),
            "region": region(partner.region),
            "action_plan": to.link(plan, "action-plans"),
            **self.common(partner, to),
        }


ACTION = obj(
    {
        "slug": text("The action's name, unique in its plan."),
        "number": nullable(integer("The number the plan gives it.")),
        "title": text(),
        "description": nullable(text()),
        "status": nullable(text("null where no source reports it", enum=ActionStatus.values)),
        "start_date": nullable(date()),
        "end_date": nullable(date()),
        "outcome": nullable(text("What happened.")),
        "instruments": CODES,
        "url": uri("The action on its plan's page."),
        "sources": SOURCES,
    },
    "An action of the plan.",
)


class ActionPlans(Kind):
    name = "action-plans"
    model = ActionPlan
    schema_name = "ActionPlan"
    description = "The action plan in which a partner says how it will improve a policy instrument of its region."
    list_view = ActionPlanListView
    properties = {
        "slug": SLUG,
        "title": text(),
        "summary": nullable(text()),
        "policy_instrument": nullable(text("The policy instrument the plan aims to improve.")),
        "results": nullable(text("What the plan achieved, as its sources report it.")),
        "partner": nullable(ref("Link")),
        "region": ref("Region"),
        "instruments": CODES,
        "actions": array(ACTION, "Its actions, in the plan's order."),
        "url": PAGE,
        "api_url": API_URL,
        "sources": SOURCES,
        "created": CREATED,
        "updated": UPDATED,
    }

    def queryset(self):
        actions = Action.objects.order_by("number", "title").prefetch_related(
            Prefetch("instruments", to_attr="api_instruments"), sources_prefetch()
        )
        return (
            super()
            .queryset()
            .select_related("partner__region")
            .prefetch_related(Prefetch("actions", queryset=actions, to_attr="api_actions"), sources_prefetch())
        )

    def represent(self, plan, to):
        instruments = {i for action in plan.api_actions for i in action.api_instruments}
        page = to.absolute(plan.get_absolute_url())
        return {
            "slug": plan.slug,
            "title": plan.title,
            "summary": or_none(plan.summary),
            "policy_instrument": or_none(plan.policy_instrument),
            "results": or_none(plan.results),
            "partner": to.link(plan.partner, "partners"),
            "region": region(plan.partner.region),
            "instruments": [i.code for i in sorted(instruments, key=lambda i: (i.position, i.name))],
            "actions": [
                {
                    "slug": action.slug,
                    "number": action.number,
                    "title": action.title,
                    "description": or_none(action.description),
                    "status": or_none(action.status),
                    "start_date": iso(action.start_date),
                    "end_date": iso(action.end_date),
                    "outcome": or_none(action.outcome),
                    "instruments": [instrument.code for instrument in action.api_instruments],
                    "url": f"{page}#action-{action.slug}",
                    "sources": sources(action),
                }
                for action in plan.api_actions
            ],
            **self.common(plan, to),
        }
