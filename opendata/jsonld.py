"""The schema.org description of each item page, as JSON-LD in its head (`{% jsonld record %}`).

Partners are organisations, action plans and practices creative works (a practice about its themes and
instruments), reports reports or creative works, visits and meetings events. Each record is named by its public
address (`@id`, its permanent identifier), and `sameAs` names only addresses the record itself documents (a
partner's website, a practice's Interreg Europe page where that field exists). Builders read only what the page's
`for_page()` loaded, and the sources with one prefetch that the page's sources section then reuses, so the head
adds no query per related row.
"""

from django.db.models import prefetch_related_objects

from library.models import Report, ReportKind
from partners.models import ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit

CONTEXT = "https://schema.org"
# Kinds of library documents that schema.org's Report fits; the others (guidelines, leaflets) are creative works.
REPORT_KINDS = {ReportKind.REPORT, ReportKind.STUDY, ReportKind.ANALYSIS}


class Builder:
    def __init__(self, request):
        self.request = request

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def reference(self, record, kind):
        """A related record by its address, type and name, when it is public; None otherwise."""
        if record is None or not record.is_published:
            return None
        address = self.absolute(record.get_absolute_url())
        return {"@type": kind, "@id": address, "url": address, "name": str(record)}

    def citations(self, record):
        return [
            drop_empty(
                {"@type": "CreativeWork", "name": source.title, "publisher": source.publisher, "url": source.url}
            )
            for source in record.sources.all()
        ]

    def common(self, record, kind):
        address = self.absolute(record.get_absolute_url())
        return {
            "@context": CONTEXT,
            "@type": kind,
            "@id": address,
            "url": address,
            "dateModified": record.updated.isoformat(),
            "citation": self.citations(record),
        }


def drop_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def terms(records, key):
    """Themes or instruments as schema.org defined terms."""
    return [{"@type": "DefinedTerm", "name": record.name, "termCode": getattr(record, key)} for record in records]


def region_address(region):
    if region is None:
        return None
    return {"@type": "PostalAddress", "addressRegion": region.name, "addressCountry": region.country.code}


class PartnerBuilder(Builder):
    def build(self, partner):
        return {
            **self.common(partner, "Organization"),
            "name": partner.name,
            "alternateName": partner.acronym,
            "description": partner.description,
            "address": region_address(partner.region),
            "logo": self.absolute(partner.logo.url) if partner.logo else None,
            "sameAs": [partner.website] if partner.website else [],
        }


class ActionPlanBuilder(Builder):
    def build(self, plan):
        return {
            **self.common(plan, "CreativeWork"),
            "genre": "Action plan",
            "name": plan.title,
            "abstract": plan.summary,
            "author": self.reference(plan.partner, "Organization"),
            "about": plan.policy_instrument,
            "spatialCoverage": drop_empty({"@type": "Place", "address": region_address(plan.partner.region)}),
            "hasPart": [
                drop_empty(
                    {
                        "@type": "CreativeWork",
                        "@id": self.absolute(action.get_absolute_url()),
                        "name": str(action),
                        "about": terms(action.instruments.all(), "code"),
                        "temporalCoverage": period(action.start_date, action.end_date),
                    }
                )
                for action in plan.actions.all()
            ],
        }


class GoodPracticeBuilder(Builder):
    def build(self, practice):
        return {
            **self.common(practice, "CreativeWork"),
            "genre": "Good practice",
            "name": practice.title,
            "abstract": practice.summary,
            "description": practice.description,
            "about": terms(practice.themes.all(), "slug") + terms(practice.instruments.all(), "code"),
            "creator": {"@type": "Organization", "name": practice.organisation} if practice.organisation else None,
            "contributor": [self.reference(partner, "Organization") for partner in practice.partners.all()],
            "spatialCoverage": drop_empty({"@type": "Place", "address": region_address(practice.region)}),
            "temporalCoverage": period(practice.start_year, practice.end_year),
            "image": [self.absolute(image.image.url) for image in practice.images.all()],
            "subjectOf": [{"@type": "WebPage", "name": link.title, "url": link.url} for link in practice.links.all()]
            + [self.reference(visit, "Event") for visit in practice.study_visits.all()],
            # Its pages on the programme's sites: the same practice, described there.
            "sameAs": [page for page in (practice.interreg_europe_url, practice.keep_eu_url) if page],
        }


class StudyVisitBuilder(Builder):
    def build(self, visit):
        place = {"@type": "Place", "name": visit.place, "address": region_address(visit.region)}
        if visit.has_point:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(visit.latitude),
                "longitude": float(visit.longitude),
            }
        return {
            **self.common(visit, "Event"),
            "name": visit.title,
            "description": visit.description,
            "additionalType": visit.get_kind_display(),
            "startDate": visit.start_date.isoformat(),
            "endDate": visit.end_date.isoformat(),
            "location": drop_empty(place),
            "organizer": self.reference(visit.host_partner, "Organization"),
            "attendee": [self.reference(partner, "Organization") for partner in visit.participating_partners.all()],
            "about": [self.reference(practice, "CreativeWork") for practice in visit.related_practices.all()],
        }


class ReportBuilder(Builder):
    def build(self, report):
        document = None
        if report.document:
            document = {
                "@type": "MediaObject",
                "contentUrl": self.absolute(report.document.url),
                "encodingFormat": "application/pdf",
            }
        return {
            **self.common(report, "Report" if report.kind in REPORT_KINDS else "CreativeWork"),
            "genre": report.get_kind_display(),
            "name": report.title,
            "abstract": report.summary,
            "datePublished": report.publication_date.isoformat() if report.publication_date else None,
            "inLanguage": report.language,
            "author": self.reference(report.partner, "Organization"),
            "about": terms(report.instruments.all(), "code"),
            "encoding": document,
        }


BUILDERS = {
    Partner: PartnerBuilder,
    ActionPlan: ActionPlanBuilder,
    GoodPractice: GoodPracticeBuilder,
    StudyVisit: StudyVisitBuilder,
    Report: ReportBuilder,
}


def period(start, end):
    """An ISO 8601 interval ("2019/2021", "2019-03-04/2019-03-06"), open at the end when only the start is known."""
    if start is None:
        return None
    start_text = start.isoformat() if hasattr(start, "isoformat") else str(start)
    if end is None:
        return f"{start_text}/.."
    end_text = end.isoformat() if hasattr(end, "isoformat") else str(end)
    return start_text if start_text == end_text else f"{start_text}/{end_text}"


def clean(value):
    """The description without empty values and without related records the public may not see."""
    if isinstance(value, dict):
        return drop_empty({key: clean(item) for key, item in value.items()})
    if isinstance(value, list):
        return [clean(item) for item in value if item is not None]
    return value


def describe(record, request):
    """The JSON-LD description of a published record, as a dict; None for a model that has none."""
    builder = BUILDERS.get(type(record))
    if builder is None:
        return None
    # Loaded once here and kept on the record, so the page's own sources section reads the same rows.
    prefetch_related_objects([record], "sources")
    return clean(builder(request).build(record))
