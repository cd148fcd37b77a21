"""The columns of the partners and action plans lists' CSV/JSON exports (see publishing.exports)."""

from collections import Counter, defaultdict

from partners.models import Action, ActionPlan, ActionStatus, Partner
from publishing.exports import ModelExport, grouped, register, slug_of_published, sources_of


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
        "description",
        "sources",
    )
    lookups = (
        "slug",
        "number",
        "name",
        "acronym",
        "role",
        "region__nuts_code",
        "region__name",
        "region__country",
        "website",
        "logo",
        "updated",
        "description",
    )

    def related(self, records):
        return {"sources": sources_of(Partner.sources, records)}

    def values(self, row, related):
        return {
            "slug": row["slug"],
            "number": row["number"],
            "name": row["name"],
            "acronym": row["acronym"],
            "role": row["role"],
            "region_nuts_code": row["region__nuts_code"],
            "region_name": row["region__name"],
            "country": row["region__country"],
            "website": row["website"],
            "logo_url": self.media_url(row["logo"]),
            "url": self.record_url("partners:partner-detail", row["slug"]),
            "updated": row["updated"],
            "description": row["description"],
            "sources": related["sources"][row["pk"]],
        }


STATUS_LABELS = dict(ActionStatus.choices)


def action_line(number, title, status):
    """An action as one line: "2. Open market consultation (done)"."""
    line = f"{number}. {title}" if number else title
    return f"{line} ({STATUS_LABELS[status].lower()})" if status else line


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
        "results",
        "actions",
        "sources",
    )
    lookups = (
        "slug",
        "title",
        "partner__slug",
        "partner__status",
        "partner__region__nuts_code",
        "partner__region__country",
        "policy_instrument",
        "summary",
        "updated",
        "results",
    )

    def related(self, records):
        actions = Action.objects.filter(action_plan__in=records).order_by("action_plan", "number", "title")
        plans_actions = defaultdict(list)
        for action in actions.values("pk", "action_plan_id", "number", "title", "status"):
            plans_actions[action["action_plan_id"]].append(action)
        # The plan's instruments are those of its actions, each once, in the instruments' own order.
        instruments = Action.instruments.through.objects.filter(action__action_plan__in=records)
        used = grouped(
            instruments.order_by("instrument__position", "instrument__name").values_list(
                "action__action_plan_id", "instrument__code"
            )
        )
        return {"actions": plans_actions, "instruments": used, "sources": sources_of(ActionPlan.sources, records)}

    def values(self, row, related):
        actions = related["actions"][row["pk"]]
        statuses = Counter(action["status"] for action in actions)
        return {
            "slug": row["slug"],
            "title": row["title"],
            "partner": slug_of_published(row, "partner"),
            "region_nuts_code": row["partner__region__nuts_code"],
            "country": row["partner__region__country"],
            "policy_instrument": row["policy_instrument"],
            "instruments": list(dict.fromkeys(related["instruments"][row["pk"]])),
            "action_count": len(actions),
            "actions_done": statuses[ActionStatus.DONE],
            "actions_in_progress": statuses[ActionStatus.IN_PROGRESS],
            "actions_planned": statuses[ActionStatus.PLANNED],
            "actions_dropped": statuses[ActionStatus.DROPPED],
            "actions_not_reported": statuses[""],
            "summary": row["summary"],
            "url": self.record_url("partners:action-plan-detail", row["slug"]),
            "updated": row["updated"],
            "results": row["results"],
            "actions": [action_line(a["number"], a["title"], a["status"]) for a in actions],
            "sources": related["sources"][row["pk"]],
        }
