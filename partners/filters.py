"""Filters of the public lists of partners and action plans (see publishing.listing for how they behave).

Partners: country (ISO code of the partner's region), region (NUTS code), q (name, acronym, description).
Action plans: country and region of the plan's partner, partner (slug; published partners only), instrument
(code; any action of the plan uses it), q (title, summary, policy instrument, partner's name and acronym).
"""

from partners.models import ActionPlan, Instrument, Partner, Region
from publishing.listing import CountryFacet, FacetedFilterSet, ModelFacet, SearchFilter


class PartnerFilterSet(FacetedFilterSet):
    q = SearchFilter(fields=["name", "acronym", "description"])
    country = CountryFacet(field_name="region__country")
    region = ModelFacet(
        field_name="region__nuts_code",
        queryset=Region.objects.all(),
        to_field_name="nuts_code",
        label="Region",
        noun="a region",
        case="upper",
    )

    class Meta:
        model = Partner
        fields = []


class ActionPlanFilterSet(FacetedFilterSet):
    q = SearchFilter(fields=["title", "summary", "policy_instrument", "partner__name", "partner__acronym"])
    country = CountryFacet(field_name="partner__region__country")
    region = ModelFacet(
        field_name="partner__region__nuts_code",
        queryset=Region.objects.all(),
        to_field_name="nuts_code",
        label="Region",
        noun="a region",
        case="upper",
    )
    partner = ModelFacet(
        field_name="partner__slug",
        queryset=Partner.objects.published(),
        to_field_name="slug",
        label="Partner",
        noun="a partner",
        case="lower",
    )
    instrument = ModelFacet(
        field_name="actions__instruments__code",
        queryset=Instrument.objects.all(),
        to_field_name="code",
        label="Instrument (used by an action)",
        noun="an instrument",
        case="lower",
    )

    class Meta:
        model = ActionPlan
        fields = []
