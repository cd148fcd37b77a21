"""Filters of the public lists of partners and action plans (see publishing.facets for how they behave).

Partners: country (ISO code of the partner's region), region (NUTS code), instrument (code; an action of the
partner's published action plan uses it), q (name, acronym, description).
Action plans: country and region of the plan's partner, partner (slug; published partners only), instrument
(code; any action of the plan uses it), q (title, summary, policy instrument, partner's name and acronym).
"""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from partners.models import ActionPlan, Instrument, Partner, Region
from publishing.facets import CountryFacet, FacetedFilterSet, ModelFacet, SearchFilter
from publishing.models import published_through

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


class InstrumentThroughFacet(ModelFacet):
    """An instrument that records of another kind carry, counted only where those records are published: a
    visit's practices, a partner's action plan. `through` is the path to them, `path` from them to the code."""

    def __init__(self, *, through, label, path="instruments__code"):
        super().__init__(
            field_name=f"{through}__{path}",
            queryset=Instrument.objects.all(),
            to_field_name="code",
            label=label,
            noun="an instrument",
            case="lower",
        )
        self.through = through

    def condition(self, values):
        # One Q in one filter(): the published record and its instrument are the same joined row.
        return Q(published_through(self.through), **{f"{self.field_name}__in": values})

    def counts(self, queryset):
        rows = (
            queryset.filter(published_through(self.through))
            .order_by()
            .values(value=F(self.field_name))
            .annotate(n=Count("pk", distinct=True))
        )
        return {row["value"]: row["n"] for row in rows if row["value"] is not None}

    def index_pairs(self, queryset):
        # The facet index counts what counts() counts: only values reached through a published record.
        return super().index_pairs(queryset.filter(published_through(self.through)))


class PartnerFilterSet(FacetedFilterSet):
    q = SearchFilter(fields=["name", "acronym", "description"])
    country = CountryFacet(field_name="region__country")
    region = region_facet()
    instrument = InstrumentThroughFacet(
        through="action_plan", path="actions__instruments__code", label=_("Instrument (in its action plan)")
    )

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
