"""The columns of the good practices, study visits and transfer trail CSV/JSON exports (see publishing.exports)."""

from practices.models import DOCUMENT_KINDS, GoodPractice, GoodPracticeLink, GoodPracticeStep, StudyVisit, Transfer
from publishing.exports import ModelExport, cited, grouped, linked, register, slug_of_published, sources_of
from publishing.models import Status


@register
class GoodPracticeExport(ModelExport):
    model = GoodPractice
    name = "practices"
    columns = (
        "slug",
        "title",
        "summary",
        "organisation",
        "region_nuts_code",
        "country",
        "partners",
        "instruments",
        "themes",
        "start_year",
        "end_year",
        "url",
        "updated",
        "description",
        "resources_needed",
        "evidence_of_success",
        "transferability",
        "sources",
        # Added after the first release: new columns go last, so that a reader's column numbers keep working.
        "buyer",
        "procedures",
        "challenge",
        "contact_url",
        "interreg_europe_url",
        "keep_eu_url",
        "steps",
        "documents",
    )
    lookups = (
        "slug",
        "title",
        "summary",
        "organisation",
        "region__nuts_code",
        "region__country",
        "start_year",
        "end_year",
        "updated",
        "description",
        "resources_needed",
        "evidence_of_success",
        "transferability",
        "buyer",
        "procedures",
        "challenge",
        "contact_url",
        "interreg_europe_url",
        "keep_eu_url",
    )

    def related(self, records):
        return {
            "partners": linked(GoodPractice.partners, records, "slug", ["number"], published=True),
            "instruments": linked(GoodPractice.instruments, records, "code", ["position", "name"]),
            "themes": linked(GoodPractice.themes, records, "slug", ["name"]),
            "sources": sources_of(GoodPractice.sources, records),
            "steps": grouped(
                GoodPracticeStep.objects.filter(practice__in=records)
                .order_by("practice", "position", "pk")
                .values_list("practice_id", "title")
            ),
            "documents": grouped(
                (pk, cited(title, "", url or self.media_url(document)))
                for pk, title, url, document in GoodPracticeLink.objects.filter(
                    practice__in=records, kind__in=DOCUMENT_KINDS
                )
                .order_by("practice", "title", "pk")
                .values_list("practice_id", "title", "url", "document")
            ),
        }

    def values(self, row, related):
        pk = row["pk"]
        return {
            "slug": row["slug"],
            "title": row["title"],
            "summary": row["summary"],
            "organisation": row["organisation"],
            "region_nuts_code": row["region__nuts_code"],
            "country": row["region__country"] or None,
            "partners": related["partners"][pk],
            "instruments": related["instruments"][pk],
            "themes": related["themes"][pk],
            "start_year": row["start_year"],
            "end_year": row["end_year"],
            "url": self.record_url("practices:practice-detail", row["slug"]),
            "updated": row["updated"],
            "description": row["description"],
            "resources_needed": row["resources_needed"],
            "evidence_of_success": row["evidence_of_success"],
            "transferability": row["transferability"],
            "sources": related["sources"][pk],
            "buyer": row["buyer"],
            "procedures": row["procedures"],
            "challenge": row["challenge"],
            "contact_url": row["contact_url"],
            "interreg_europe_url": row["interreg_europe_url"],
            "keep_eu_url": row["keep_eu_url"],
            "steps": related["steps"][pk],
            "documents": related["documents"][pk],
        }


@register
class StudyVisitExport(ModelExport):
    model = StudyVisit
    name = "study-visits"
    columns = (
        "slug",
        "title",
        "kind",
        "start_date",
        "end_date",
        "place",
        "region_nuts_code",
        "country",
        "host_partner",
        "participating_partners",
        "related_practices",
        "url",
        "updated",
        "description",
        "latitude",
        "longitude",
        "sources",
    )
    lookups = (
        "slug",
        "title",
        "kind",
        "start_date",
        "end_date",
        "place",
        "region__nuts_code",
        "region__country",
        "host_partner__slug",
        "host_partner__status",
        "updated",
        "description",
        "latitude",
        "longitude",
    )

    def related(self, records):
        return {
            "partners": linked(StudyVisit.participating_partners, records, "slug", ["number"], published=True),
            "practices": linked(StudyVisit.related_practices, records, "slug", ["title"], published=True),
            "sources": sources_of(StudyVisit.sources, records),
        }

    def values(self, row, related):
        pk = row["pk"]
        return {
            "slug": row["slug"],
            "title": row["title"],
            "kind": row["kind"],
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "place": row["place"],
            "region_nuts_code": row["region__nuts_code"],
            "country": row["region__country"] or None,
            "host_partner": slug_of_published(row, "host_partner"),
            "participating_partners": related["partners"][pk],
            "related_practices": related["practices"][pk],
            "url": self.record_url("practices:visit-detail", row["slug"]),
            "updated": row["updated"],
            "description": row["description"],
            "latitude": float(row["latitude"]) if row["latitude"] is not None else None,
            "longitude": float(row["longitude"]) if row["longitude"] is not None else None,
            "sources": related["sources"][pk],
        }


@register
class TransferExport(ModelExport):
    """One row per transfer: the practice and its region, the visit where it was seen, the action it inspired."""

    model = Transfer
    name = "transfers"
    columns = (
        "practice",
        "practice_title",
        "practice_region_nuts_code",
        "practice_country",
        "study_visit",
        "study_visit_place",
        "study_visit_start_date",
        "action_plan",
        "action",
        "action_number",
        "action_title",
        "action_status",
        "partner",
        "partner_region_nuts_code",
        "partner_country",
        "note",
        "practice_url",
        "action_url",
        "sources",
    )
    lookups = (
        "practice__slug",
        "practice__title",
        "practice__region__nuts_code",
        "practice__region__country",
        "study_visit__slug",
        "study_visit__status",
        "study_visit__place",
        "study_visit__start_date",
        "action__action_plan__slug",
        "action__slug",
        "action__number",
        "action__title",
        "action__status",
        "action__action_plan__partner__slug",
        "action__action_plan__partner__status",
        "action__action_plan__partner__region__nuts_code",
        "action__action_plan__partner__region__country",
        "note",
    )

    def related(self, records):
        return {"sources": sources_of(Transfer.sources, records)}

    def values(self, row, related):
        visit_public = row["study_visit__status"] == Status.PUBLISHED
        plan_url = self.record_url("partners:action-plan-detail", row["action__action_plan__slug"])
        return {
            "practice": row["practice__slug"],
            "practice_title": row["practice__title"],
            "practice_region_nuts_code": row["practice__region__nuts_code"],
            "practice_country": row["practice__region__country"] or None,
            "study_visit": row["study_visit__slug"] if visit_public else None,
            "study_visit_place": row["study_visit__place"] if visit_public else None,
            "study_visit_start_date": row["study_visit__start_date"] if visit_public else None,
            "action_plan": row["action__action_plan__slug"],
            "action": row["action__slug"],
            "action_number": row["action__number"],
            "action_title": row["action__title"],
            "action_status": row["action__status"] or None,
            "partner": slug_of_published(row, "action__action_plan__partner"),
            "partner_region_nuts_code": row["action__action_plan__partner__region__nuts_code"],
            "partner_country": row["action__action_plan__partner__region__country"],
            "note": row["note"],
            "practice_url": self.record_url("practices:practice-detail", row["practice__slug"]),
            "action_url": f"{plan_url}#action-{row['action__slug']}",
            "sources": related["sources"][row["pk"]],
        }
