"""The kinds of record the API serves: for each, its published rows with everything they show loaded in a fixed
number of queries, its fields (the schema, `api.schema`) and the representation of one record in those fields.

A list's items and a record's own address give the same representation: the record's full public content, its
relations as addresses (the API's and the page's), its sources and dates; never its status, as only published
records are served, nor a related record that is not published.
"""

from django.db.models import Prefetch

from library.models import Report, ReportKind
from library.views import ReportListView
from partners.models import Action, ActionPlan, ActionStatus, Partner, Role
from partners.views import ActionPlanListView, PartnerListView
from practices.models import GoodPractice, StudyVisit, Transfer, VisitKind
from practices.views import GoodPracticeListView, StudyVisitListView

from .base import (
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
    published,
    region,
    sources,
    sources_prefetch,
)
from .schema import array, date, integer, nullable, obj, ref, text, uri


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


class Practices(Kind):
    name = "practices"
    model = GoodPractice
    schema_name = "GoodPractice"
    description = "A good practice in buying innovation, identified by partners."
    list_view = GoodPracticeListView
    properties = {
        "slug": SLUG,
        "title": text(),
        "summary": nullable(text()),
        "description": nullable(text()),
        "organisation": nullable(text("The organisation behind it.")),
        "region": nullable(ref("Region")),
        "partners": array(ref("Link"), "The partners who identified it."),
        "instruments": CODES,
        "themes": array(text(), "Slugs of its themes (as the `theme` filter takes them)."),
        "start_year": nullable(integer()),
        "end_year": nullable(integer("null while it is ongoing.")),
        "resources_needed": nullable(text()),
        "evidence_of_success": nullable(text()),
        "transferability": nullable(text("Potential for learning or transfer.")),
        "links": array(obj({"title": text(), "url": uri()}), "Pages about it elsewhere."),
        "images": array(obj({"url": uri(), "text_alternative": text(), "caption": nullable(text())}), "Its pictures."),
        "study_visits": array(ref("Link"), "Visits and meetings where partners saw it."),
        "url": PAGE,
        "api_url": API_URL,
        "sources": SOURCES,
        "created": CREATED,
        "updated": UPDATED,
    }

    def queryset(self):
        return (
            super()
            .queryset()
            .select_related("region")
            .prefetch_related(
                published(Partner, "partners", "api_partners"),
                Prefetch("instruments", to_attr="api_instruments"),
                Prefetch("themes", to_attr="api_themes"),
                Prefetch("links", to_attr="api_links"),
                Prefetch("images", to_attr="api_images"),
                published(StudyVisit, "study_visits", "api_visits"),
                sources_prefetch(),
            )
        )

    def represent(self, practice, to):
        return {
            "slug": practice.slug,
            "title": practice.title,
            "summary": or_none(practice.summary),
            "description": or_none(practice.description),
            "organisation": or_none(practice.organisation),
            "region": region(practice.region),
            "partners": [to.link(partner, "partners") for partner in practice.api_partners],
            "instruments": [instrument.code for instrument in practice.api_instruments],
            "themes": [theme.slug for theme in practice.api_themes],
            "start_year": practice.start_year,
            "end_year": practice.end_year,
            "resources_needed": or_none(practice.resources_needed),
            "evidence_of_success": or_none(practice.evidence_of_success),
            "transferability": or_none(practice.transferability),
            "links": [{"title": link.title, "url": link.url} for link in practice.api_links],
            "images": [
                {"url": to.file(image.image), "text_alternative": image.alt_text, "caption": or_none(image.caption)}
                for image in practice.api_images
            ],
            "study_visits": [to.link(visit, "study-visits") for visit in practice.api_visits],
            **self.common(practice, to),
        }


class StudyVisits(Kind):
    name = "study-visits"
    model = StudyVisit
    schema_name = "StudyVisit"
    description = "A study visit or meeting where partners learnt from each other's practice."
    list_view = StudyVisitListView
    properties = {
        "slug": SLUG,
        "title": text(),
        "kind": text(
            "What it was.",
            enum=VisitKind.values,
        ),
        "start_date": date(),
        "end_date": date(),
        "place": text("Town or venue."),
        "region": nullable(ref("Region")),
        "latitude": nullable({"type": "number", "description": "Decimal degrees (WGS 84), north positive."}),
        "longitude": nullable({"type": "number", "description": "Decimal degrees (WGS 84), east positive."}),
        "description": nullable(text()),
        "host_partner": nullable(ref("Link")),
        "participating_partners": array(ref("Link")),
        "related_practices": array(ref("Link"), "The good practices seen."),
        "url": PAGE,
        "api_url": API_URL,
        "sources": SOURCES,
        "created": CREATED,
        "updated": UPDATED,
    }

    def queryset(self):
        return (
            super()
            .queryset()
            .select_related("region", "host_partner")
            .prefetch_related(
                published(Partner, "participating_partners", "api_partners"),
                published(GoodPractice, "related_practices", "api_practices"),
                sources_prefetch(),
            )
        )

    def represent(self, visit, to):
        return {
            "slug": visit.slug,
            "title": visit.title,
            "kind": visit.kind,
            "start_date": iso(visit.start_date),
            "end_date": iso(visit.end_date),
            "place": visit.place,
            "region": region(visit.region),
            "latitude": float(visit.latitude) if visit.latitude is not None else None,
            "longitude": float(visit.longitude) if visit.longitude is not None else None,
            "description": or_none(visit.description),
            "host_partner": to.link(visit.host_partner, "partners"),
            "participating_partners": [to.link(partner, "partners") for partner in visit.api_partners],
            "related_practices": [to.link(practice, "practices") for practice in visit.api_practices],
            **self.common(visit, to),
        }


class Library(Kind):
    name = "library"
    model = Report
    schema_name = "Report"
    description = "A study, guideline or report of the open library."
    list_view = ReportListView
    properties = {
        "slug": SLUG,
        "title": text(),
        "kind": text(enum=ReportKind.values),
        "partner": nullable(ref("Link")),
        "instruments": CODES,
        "language": nullable(text("ISO 639-1 code of the document's language.")),
        "publication_date": nullable(date()),
        "summary": nullable(text()),
        "document_url": nullable(uri("The document (PDF).")),
        "url": PAGE,
        "api_url": API_URL,
        "sources": SOURCES,
        "created": CREATED,
        "updated": UPDATED,
    }

    def queryset(self):
        return (
            super()
            .queryset()
            .select_related("partner")
            .prefetch_related(Prefetch("instruments", to_attr="api_instruments"), sources_prefetch())
        )

    def represent(self, report, to):
        return {
            "slug": report.slug,
            "title": report.title,
            "kind": report.kind,
            "partner": to.link(report.partner, "partners"),
            "instruments": [instrument.code for instrument in report.api_instruments],
            "language": or_none(report.language),
            "publication_date": iso(report.publication_date),
            "summary": or_none(report.summary),
            "document_url": to.file(report.document),
            **self.common(report, to),
        }


class Transfers(Kind):
    """The transfer trail: a transfer has no page or address of its own, so the API lists them only."""

    name = "transfers"
    model = Transfer
    schema_name = "Transfer"
    description = "A good practice that inspired an action in another partner's action plan."
    has_detail = False
    properties = {
        "practice": ref("Link"),
        "study_visit": nullable(ref("Link")),
        "action_plan": ref("Link"),
        "action": obj(
            {
                "slug": text(),
                "number": nullable(integer()),
                "title": text(),
                "status": nullable(text(enum=ActionStatus.values)),
                "url": uri("The action on its plan's page."),
            }
        ),
        "partner": nullable(ref("Link")),
        "note": nullable(text("What was taken from the practice, and how.")),
        "sources": SOURCES,
    }

    def queryset(self):
        return (
            Transfer.objects.public()
            .select_related("practice", "study_visit", "action__action_plan__partner")
            .prefetch_related(sources_prefetch())
        )

    def ordered(self, queryset, sort):
        return queryset.in_trail_order()

    def represent(self, transfer, to):
        action = transfer.action
        return {
            "practice": to.link(transfer.practice, "practices"),
            "study_visit": to.link(transfer.study_visit, "study-visits"),
            "action_plan": to.link(action.action_plan, "action-plans"),
            "action": {
                "slug": action.slug,
                "number": action.number,
                "title": action.title,
                "status": or_none(action.status),
                "url": to.absolute(action.get_absolute_url()),
            },
            "partner": to.link(action.action_plan.partner, "partners"),
            "note": or_none(transfer.note),
            "sources": sources(transfer),
        }


KINDS = {kind.name: kind for kind in (Partners(), ActionPlans(), Practices(), StudyVisits(), Library(), Transfers())}
