"""The columns of the good practices, study visits and transfer trail CSV/JSON exports (see publishing.exports)."""

from django.db.models import Prefetch

from partners.models import Partner
from practices.models import GoodPractice, StudyVisit, Transfer
from publishing.exports import ModelExport, register, slug_of_published


def published_partners(lookup):
    # to_attr keeps this apart from a plain prefetch of the same relation that the list view may already add.
    return Prefetch(lookup, queryset=Partner.objects.published(), to_attr=f"exported_{lookup}")


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
    )

    def prepare(self, queryset):
        # Each relation is read into a list (to_attr): a prefetch into the related managers clones a queryset per
        # practice and relation, two thirds of the export's time at 700 rows. The list page's own prefetches are
        # dropped, as the export reads none of them.
        return (
            queryset.select_related("region")
            .prefetch_related(None)
            .prefetch_related(
                published_partners("partners"),
                Prefetch("instruments", to_attr="exported_instruments"),
                Prefetch("themes", to_attr="exported_themes"),
            )
        )

    def values(self, practice):
        return {
            "slug": practice.slug,
            "title": practice.title,
            "summary": practice.summary,
            "organisation": practice.organisation,
            "region_nuts_code": practice.region.nuts_code if practice.region else None,
            "country": practice.region.country.code if practice.region else None,
            "partners": [partner.slug for partner in practice.exported_partners],
            "instruments": [instrument.code for instrument in practice.exported_instruments],
            "themes": [theme.slug for theme in practice.exported_themes],
            "start_year": practice.start_year,
            "end_year": practice.end_year,
            "url": self.absolute_url(practice.get_absolute_url()),
            "updated": practice.updated,
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
    )

    def prepare(self, queryset):
        # The list page's own prefetches are dropped: the export reads its own lists (to_attr) only.
        return (
            queryset.select_related("region", "host_partner")
            .prefetch_related(None)
            .prefetch_related(
                published_partners("participating_partners"),
                Prefetch(
                    "related_practices",
                    queryset=GoodPractice.objects.published(),
                    to_attr="exported_related_practices",
                ),
            )
        )

    def values(self, visit):
        return {
            "slug": visit.slug,
            "title": visit.title,
            "kind": visit.kind,
            "start_date": visit.start_date,
            "end_date": visit.end_date,
            "place": visit.place,
            "region_nuts_code": visit.region.nuts_code if visit.region else None,
            "country": visit.region.country.code if visit.region else None,
            "host_partner": slug_of_published(visit.host_partner),
            "participating_partners": [partner.slug for partner in visit.exported_participating_partners],
            "related_practices": [practice.slug for practice in visit.exported_related_practices],
            "url": self.absolute_url(visit.get_absolute_url()),
            "updated": visit.updated,
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
    )

    def prepare(self, queryset):
        return queryset.select_related("practice__region", "study_visit", "action__action_plan__partner__region")

    def values(self, transfer):
        practice, action = transfer.practice, transfer.action
        visit = transfer.study_visit if transfer.study_visit and transfer.study_visit.is_published else None
        partner = action.action_plan.partner
        return {
            "practice": practice.slug,
            "practice_title": practice.title,
            "practice_region_nuts_code": practice.region.nuts_code if practice.region else None,
            "practice_country": practice.region.country.code if practice.region else None,
            "study_visit": visit.slug if visit else None,
            "study_visit_place": visit.place if visit else None,
            "study_visit_start_date": visit.start_date if visit else None,
            "action_plan": action.action_plan.slug,
            "action": action.slug,
            "action_number": action.number,
            "action_title": action.title,
            "action_status": action.status or None,
            "partner": slug_of_published(partner),
            "partner_region_nuts_code": partner.region.nuts_code,
            "partner_country": partner.region.country.code,
            "note": transfer.note,
            "practice_url": self.absolute_url(practice.get_absolute_url()),
            "action_url": self.absolute_url(action.get_absolute_url()),
        }
