"""The API's good practices, study visits and the transfer trail."""

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
    published,
    region,
    sources,
    sources_prefetch,
)
from api.schema import array, date, integer, nullable, obj, ref, text, uri
from partners.models import ActionStatus, Partner
from practices.models import GoodPractice, LinkKind, Procedure, StudyVisit, Transfer, VisitKind
from practices.views import GoodPracticeListView, StudyVisitListView


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
        "buyer": nullable(text("The public body that bought, if one did.")),
        "procedures": array(
            obj({"code": text(enum=Procedure.values), "label": text()}),
            "The procedures and consultations the buyer used, where a source names them.",
        ),
        "challenge": nullable(text("The need or problem it answered.")),
        "contact_url": nullable(uri("The public contact page of the organisation behind it.")),
        "interreg_europe_url": nullable(uri("Its good practice page on the Interreg Europe site.")),
        "keep_eu_url": nullable(uri("Its project page on keep.eu.")),
        "steps": array(
            obj({"position": integer(), "title": text(), "description": nullable(text()), "when": nullable(text())}),
            "How it was done, step by step, in order.",
        ),
        "links": array(
            obj(
                {
                    "kind": text("What it leads to.", enum=LinkKind.values),
                    "title": text(),
                    "url": uri("The page, or the uploaded PDF document."),
                }
            ),
            "Documents, notices and pages about it.",
        ),
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
                Prefetch("steps", to_attr="api_steps"),
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
            "buyer": or_none(practice.buyer),
            "procedures": [
                {"code": code, "label": str(label)}
                for code, label in zip(practice.procedures, practice.procedure_labels, strict=True)
            ],
            "challenge": or_none(practice.challenge),
            "contact_url": or_none(practice.contact_url),
            "interreg_europe_url": or_none(practice.interreg_europe_url),
            "keep_eu_url": or_none(practice.keep_eu_url),
            "steps": [
                {
                    "position": step.position,
                    "title": step.title,
                    "description": or_none(step.description),
                    "when": or_none(step.timing),
                }
                for step in practice.api_steps
            ],
            "links": [
                {"kind": link.kind, "title": link.title, "url": to.file(link.document) or link.url}
                for link in practice.api_links
            ],
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
