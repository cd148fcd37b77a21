"""Filters of the public lists of good practices and study visits (see publishing.facets for how they behave).

Good practices: region (NUTS code), country (ISO code of the region), instrument (code), partner (slug of a
published partner who identified it), year (the practice was active that year: it started in or before it and
had not ended before it), theme (slug), q (title, summary, description, organisation).
Study visits: region, country, partner (slug of the host or of a participant), instrument (code; a published
practice seen on the visit uses it), year (of the first day), kind, q (title, place, description).
"""

from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _

from partners.filters import InstrumentThroughFacet, instrument_facet, partner_facet, region_facet
from partners.models import Partner
from practices.models import GoodPractice, StudyVisit, Theme, VisitKind
from publishing.facets import (
    ActiveYearFacet,
    ChoiceFacet,
    CountryFacet,
    FacetedFilterSet,
    ModelFacet,
    SearchFilter,
    YearFacet,
    count_of,
)


class GoodPracticeFilterSet(FacetedFilterSet):
    q = SearchFilter(fields=["title", "summary", "description", "organisation"])
    region = region_facet()
    country = CountryFacet(field_name="region__country")
    instrument = instrument_facet()
    partner = partner_facet("partners__slug", label=_("Identified by"))
    year = ActiveYearFacet(field_name="start_year", end_field_name="end_year", label=_("Active in year"))
    theme = ModelFacet(
        field_name="themes__slug",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        label=_("Theme"),
        noun=_("a theme"),
        case="lower",
    )

    class Meta:
        model = GoodPractice
        fields = []


class VisitPartnerFacet(ModelFacet):
    """A partner who hosted the visit or took part in it."""

    def condition(self, values):
        return Q(host_partner__slug__in=values) | Q(participating_partners__slug__in=values)

    @property
    def repeats_rows(self):
        return True

    def index_pairs(self, queryset):
        for path in ("host_partner__slug", "participating_partners__slug"):
            for pk, slug in queryset.values_list("pk", path).iterator(chunk_size=10000):
                if slug is not None:
                    yield pk, slug

    def counts(self, queryset):
        # Host or participant cannot be grouped in one GROUP BY, so each partner counts its visits in a subquery.
        visits = queryset.filter(Q(host_partner=OuterRef("pk")) | Q(participating_partners=OuterRef("pk")))
        partners = self.queryset.order_by().annotate(n=count_of(visits)).values_list(self.to_field_name, "n")
        return dict(partners)


class StudyVisitFilterSet(FacetedFilterSet):
    q = SearchFilter(fields=["title", "place", "description"])
    region = region_facet()
    country = CountryFacet(field_name="region__country")
    partner = VisitPartnerFacet(
        field_name="host_partner__slug",
        queryset=Partner.objects.published(),
        to_field_name="slug",
        label=_("Partner (host or participant)"),
        noun=_("a partner"),
        case="lower",
    )
    instrument = InstrumentThroughFacet(through="related_practices", label=_("Instrument (of a practice seen)"))
    year = YearFacet(field_name="start_date__year", label=_("Year"))
    kind = ChoiceFacet(
        field_name="kind", options=VisitKind.choices, label=_("Kind"), noun=_("a kind of visit"), case="lower"
    )

    class Meta:
        model = StudyVisit
        fields = []
