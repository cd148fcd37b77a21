"""Filters of the open library (see publishing.facets for how they behave).

partner (slug of the published partner who wrote it), country (ISO code of that partner's region), instrument
(code), year (of publication), kind, language, q (title, summary).
"""

from django.utils.translation import gettext_lazy as _

from library.models import Language, Report, ReportKind
from partners.filters import instrument_facet, partner_facet
from publishing.facets import ChoiceFacet, CountryFacet, FacetedFilterSet, SearchFilter, YearFacet


class ReportFilterSet(FacetedFilterSet):
    q = SearchFilter(fields=["title", "summary"])
    partner = partner_facet("partner__slug")
    country = CountryFacet(field_name="partner__region__country", label=_("Country (of the partner)"))
    instrument = instrument_facet()
    year = YearFacet(field_name="publication_date__year", label=_("Year published"))
    kind = ChoiceFacet(
        field_name="kind", options=ReportKind.choices, label=_("Kind"), noun=_("a kind of document"), case="lower"
    )
    language = ChoiceFacet(
        field_name="language", options=Language.choices, label=_("Language"), noun=_("a language"), case="lower"
    )

    class Meta:
        model = Report
        fields = []
