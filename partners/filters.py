"""Filters of the public lists of partners and action plans (see publishing.facets for how they behave).

Partners: country (ISO code of the partner's region), region (NUTS code), q (name, acronym, description).
Action plans: country and region of the plan's partner, partner (slug; published partners only), instrument
(code; any action of the plan uses it), q (title, summary, policy instrument, partner's name and acronym).
"""

from django.utils.translation import gettext_lazy as _

from partners.models import ActionPlan, Instrument, Partner, Region
from publishing.facets import CountryFacet, FacetedFilterSet, ModelFacet, SearchFilter

# The facets every list shares, by the lookup path from the listed model to the region, partner or instrument.


def region_facet(field_name="region__nuts_code"):
    return ModelFacet(
        field_name=field_name,
        queryset=Region.objects.all(),
        to_field_name="nuts_code",
        label=_("Region"),
        noun=_("a region"),
        case="upper",
    )


def partner_facet(field_name, label=None):
    return ModelFacet(
        field_name=field_name,
        queryset=Partner.objects.published(),
        to_field_name="slug",
        label=label or _("Partner"),
        noun=_("a partner"),
        case="lower",
    )


def instrument_facet(field_name="instruments__code", label=None):
    return ModelFacet(
        field_name=field_name,
        queryset=Instrument.objects.all(),
        to_field_name="code",
        label=label or _("Instrument"),
        noun=_("an instrument"),
        case="lower",
    )


class PartnerFilterSet(FacetedFilterSet):
    q = SearchFilter(fields=["name", "acronym", "description"])
    country = CountryFacet(field_name="region__country")
    region = region_facet()

    class Meta:
        model = Partner
        fields = []


class ActionPlanFilterSet(FacetedFilterSet):
    q = SearchFilter(fields=["title", "summary", "policy_instrument", "partner__name", "partner__acronym"])
    country = CountryFacet(field_name="partner__region__country")
    region = region_facet("partner__region__nuts_code")
    partner = partner_facet("partner__slug")
    instrument = instrument_facet("actions__instruments__code", label=_("Instrument (used by an action)"))

    class Meta:
        model = ActionPlan
        fields = []
