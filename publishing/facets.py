"""The filters of every public list: facets with counts, a text search, and bad input set aside (the list view
that sorts and pages them is `publishing.listing.FacetedListView`).

A list's address is its result set, so it can be shared: `?instrument=ppi&instrument=pcp&country=LT&q=forest`.
Several values of one facet are alternatives (either may match); different facets must all hold. Each option of a
facet shows how many results it would give with the other facets applied but not its own, so a reader sees what
ticking it adds. A value the portal does not know is dropped, the rest applied, and the page says what it ignored:
no address gives a server error. Free text never reaches the database unchecked: codes are matched against the
options in Python, and the search text loses control characters and is cut to a readable length.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Func, IntegerField, Q, Subquery
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from publishing import facet_index
from publishing.facet_index import bitset

MAX_VALUES = 50  # values read per facet: more cannot be a reader's choice
MAX_SHOWN_REJECTS = 5  # rejected values quoted back per facet; the rest are counted
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 10
FIRST_YEAR, LAST_YEAR = 1900, 2100


def shown(value, limit=40):
    """A value from the address, safe to quote back: printable characters only, and short."""
    text = "".join(char if char.isprintable() else "\N{REPLACEMENT CHARACTER}" for char in value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def spans_many(model, path):
    """Whether a lookup path crosses a to-many relation, where a plain filter could repeat rows."""
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a transform such as `year`
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def counts_repeats(model, path):
    """Whether grouping rows by the value at `path` can count one record twice in one group, so that the count
    needs DISTINCT. It cannot when the path crosses no to-many relation, or only one many-to-many relation that
    ends at a unique field of the related model (a partner's slug: a record is linked to each partner once).
    COUNT(DISTINCT) sorts every group; a plain COUNT hashes, about twice as fast on 10,000 records."""
    to_many = []
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a transform such as `year`
            break
        if field.many_to_many or field.one_to_many:
            to_many.append(field)
        if not field.is_relation:
            break
        model = field.related_model
    else:  # the path ends at a relation: its primary key
        field = model._meta.pk
    if not to_many:
        return False
    only = to_many[0]
    return not (len(to_many) == 1 and only.many_to_many and field.model is only.related_model and field.unique)


def count_of(queryset):
    """The number of distinct rows of `queryset` (which may refer to OuterRef) as a subquery expression."""
    distinct_count = Func(F("pk"), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    return Subquery(queryset.order_by().annotate(n=distinct_count).values("n"), output_field=IntegerField())


class Facet(django_filters.MultipleChoiceFilter):
    """A filter by several values, any of which may match, that counts the results of each of its options.

    `field_name` is the lookup path of the value the address carries (a NUTS code, an instrument code, a slug);
    `noun` names one option in messages: noun="a region" gives "region 'ZZ9' is not a region in the portal".
    `case` ("upper" or "lower") makes the address case-insensitive for codes that are written one way.
    """

    invalid_message = _("{name} '{value}' is not {noun} in the portal")

    def __init__(self, *, noun, case=None, **kwargs):
        kwargs.setdefault("choices", [])
        super().__init__(**kwargs)
        self.noun = noun
        self.case = case

    def load_options(self):
        """Every value the portal knows, in display order: {value: label}."""
        raise NotImplementedError

    def normalize(self, raw):
        value = raw.strip()
        if self.case == "upper":
            return value.upper()
        if self.case == "lower":
            return value.lower()
        return value

    def condition(self, values):
        return Q(**{f"{self.field_name}__in": values})

    @property
    def repeats_rows(self):
        return spans_many(self.model, self.field_name)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = self.condition(value)
        if self.repeats_rows:
            # A subquery rather than .distinct(): no repeated rows, and ordering by any column stays possible.
            return qs.filter(pk__in=qs.model._base_manager.filter(condition).values("pk"))
        return qs.filter(condition)

    def counts(self, queryset):
        """Results per option, {value: count}, in one GROUP BY query."""
        distinct = counts_repeats(self.model, self.field_name)
        rows = queryset.order_by().values(value=F(self.field_name)).annotate(n=Count("pk", distinct=distinct))
        return {str(row["value"]): row["n"] for row in rows if row["value"] is not None}

    # The facet index (publishing.facet_index): the same filter and counts on bitsets, built in one query.

    def index_pairs(self, queryset):
        """(record pk, option value) for every value a record carries, as `counts()` groups them."""
        for pk, value in queryset.values_list("pk", self.field_name).iterator(chunk_size=10000):
            if value is not None:
                yield pk, str(value)

    def index_data(self, groups, size):
        """From {value: [record positions]}: what index_mask() and index_counts() read."""
        return {value: bitset(positions, size) for value, positions in groups.items()}

    def index_mask(self, data, values):
        """The records that `filter()` keeps for `values`."""
        mask = 0
        for value in values:
            mask |= data.get(value, 0)
        return mask

    def index_counts(self, data, base):
        """{value: count} among the records of `base`, as `counts()` gives them."""
        return {value: count for value, bits in data.items() if (count := (bits & base).bit_count())}


class ModelFacet(Facet):
    """Options from a table: `queryset` gives them in display order and `to_field_name` the value in the address.

    Start `queryset` from `.published()` where the options are content records, so that a draft is no option.
    """

    def __init__(self, *, queryset, to_field_name, **kwargs):
        super().__init__(**kwargs)
        self.queryset = queryset
        self.to_field_name = to_field_name

    def load_options(self):
        return {getattr(option, self.to_field_name): str(option) for option in self.queryset.all()}


class ChoiceFacet(Facet):
    """Options from a TextChoices class, such as the kinds of report."""

    def __init__(self, *, options, **kwargs):
        super().__init__(**kwargs)
        self.known = dict(options)

    def load_options(self):
        return self.known


class CountryFacet(Facet):
    """Countries by ISO 3166 code (GR for Greece, not its NUTS code EL), named and ordered by name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("noun", _("a country code"))
        kwargs.setdefault("case", "upper")
        kwargs.setdefault("label", _("Country"))
        super().__init__(**kwargs)

    invalid_message = _("{name} '{value}' is not {noun}")

    def load_options(self):
        return dict(countries)


class YearFacet(Facet):
    """Calendar years; `field_name` is a year lookup such as `start_date__year`."""

    invalid_message = _("{name} '{value}' is not a year from 1900 to 2100")

    def __init__(self, **kwargs):
        kwargs.setdefault("noun", _("a year"))
        super().__init__(**kwargs)

    def load_options(self):
        return {str(year): str(year) for year in range(LAST_YEAR, FIRST_YEAR - 1, -1)}

    def condition(self, values):
        return Q(**{f"{self.field_name}__in": [int(value) for value in values]})


class ActiveYearFacet(YearFacet):
    """Years in which a record with a start and an optional end year was active: Y is chosen when
    start <= Y and (no end or end >= Y). A record with no start year is in no year."""

    def __init__(self, *, end_field_name, **kwargs):
        super().__init__(**kwargs)
        self.end_field_name = end_field_name

    def condition(self, values):
        start, end = self.field_name, self.end_field_name
        condition = Q(pk__in=[])
        for year in map(int, values):
            condition |= Q(**{f"{start}__lte": year}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": year}))
        return condition

    @property
    def repeats_rows(self):
        return False

    def counts(self, queryset):
        """One GROUP BY on (start, end): each distinct span is spread over its years in Python."""
        start, end = self.field_name, self.end_field_name
        spans = queryset.order_by().filter(**{f"{start}__isnull": False}).values(start, end).annotate(n=Count("pk"))
        this_year = timezone.now().year
        counts = Counter()
        for span in spans:
            last = span[end] if span[end] is not None else max(this_year, span[start])
            for year in range(span[start], min(last, LAST_YEAR) + 1):
                counts[str(year)] += span["n"]
        return counts

    def index_pairs(self, queryset):
        start, end = self.field_name, self.end_field_name
        spans = queryset.filter(**{f"{start}__isnull": False}).values_list("pk", start, end)
        for pk, first, last in spans.iterator(chunk_size=10000):
            yield pk, (first, last)

    def index_data(self, groups, size):
        """Each distinct span's records, and each year's, counted as `counts()` counts them."""
        spans = [(first, last, bitset(positions, size)) for (first, last), positions in groups.items()]
        this_year = timezone.now().year
        years = defaultdict(int)
        for first, last, bits in spans:
            last = last if last is not None else max(this_year, first)
            for year in range(first, min(last, LAST_YEAR) + 1):
                years[str(year)] |= bits
        return {"spans": spans, "years": dict(years)}

    def index_mask(self, data, values):
        mask = 0
        for year in map(int, values):
            for first, last, bits in data["spans"]:
                if first <= year and (last is None or last >= year):
                    mask |= bits
        return mask

    def index_counts(self, data, base):
        return super().index_counts(data["years"], base)


class SearchFilter(django_filters.CharFilter):
    """Words of free text, each of which must occur (any case) in one of `fields`."""

    def __init__(self, *, fields, **kwargs):
        kwargs.setdefault("label", _("Search"))
        super().__init__(**kwargs)
        self.search_fields = fields

    def filter(self, qs, value):
        for word in value.split()[:MAX_SEARCH_WORDS]:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            qs = qs.filter(condition)
        return qs


@dataclass
class FacetOption:
    facet: str
    value: str
    label: str
    count: int
    checked: bool

    @property
    def input_id(self):
        return f"filter-{self.facet}-{self.value}"


@dataclass
class FacetGroup:
    name: str
    legend: str
    options: list


@dataclass
class ActiveFilter:
    legend: str
    label: str
    params: QueryDict  # the list's cleaned parameters without this one


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet that drops values it does not know, instead of refusing them all, and counts its facets.

    After construction, `data` holds only what was accepted, `chosen` the accepted values of each facet,
    `ignored` a sentence for each thing left out, to show the reader.
    """

    # Parameters of the list that are no filter: read by the view (page, sort) and the export (format).
    list_parameters = {"page", "sort", "format"}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, indexed=False):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.indexed = indexed  # count with the facet index (publishing.facet_index) where the database has one
        self.ignored = []
        self.chosen = {}
        self._options = {}
        self.data = self.clean_parameters(self.data)
        for name, facet in self.facets.items():
            options = self.options(name)
            facet.extra["choices"] = [(value, options[value]) for value in self.chosen.get(name, [])]

    @property
    def facets(self):
        return {name: filter_ for name, filter_ in self.filters.items() if isinstance(filter_, Facet)}

    def options(self, name):
        """A facet's options, loaded once a request (one query for a table, none for fixed choices)."""
        if name not in self._options:
            self._options[name] = self.facets[name].load_options()
        return self._options[name]

    def clean_parameters(self, raw):
        cleaned = QueryDict(mutable=True)
        facets = self.facets
        unknown = []
        for name in raw:
            values = raw.getlist(name)
            if name in facets:
                accepted = self.clean_facet(name, values)
                if accepted:
                    self.chosen[name] = accepted
                    cleaned.setlist(name, accepted)
            elif isinstance(self.filters.get(name), SearchFilter):
                text = self.clean_search(name, values)
                if text:
                    cleaned[name] = text
            elif name in self.filters:
                cleaned[name] = values[-1]
            elif name not in self.list_parameters:
                unknown.append(name)
        for name in unknown[:MAX_SHOWN_REJECTS]:
            self.ignored.append(_("'{name}' is not a filter of this list").format(name=shown(name)))
        if len(unknown) > MAX_SHOWN_REJECTS:
            self.ignored.append(
                f"{len(unknown) - MAX_SHOWN_REJECTS} more parameters that are not filters of this list"
            )
        return cleaned

    def clean_facet(self, name, values):
        facet, options = self.facets[name], self.options(name)
        accepted, rejected = [], []
        for raw in values:
            value = facet.normalize(raw)
            if value in options:
                if value not in accepted:
                    accepted.append(value)
            elif value and raw not in rejected:
                rejected.append(raw)
        for raw in rejected[:MAX_SHOWN_REJECTS]:
            self.ignored.append(facet.invalid_message.format(name=name, value=shown(raw), noun=facet.noun))
        if len(rejected) > MAX_SHOWN_REJECTS:
            self.ignored.append(
                f"{len(rejected) - MAX_SHOWN_REJECTS} more values of {name} that are not in the portal"
            )
        if len(accepted) > MAX_VALUES:
            self.ignored.append(f"{name} values after the first {MAX_VALUES}")
            accepted = accepted[:MAX_VALUES]
        return accepted

    def clean_search(self, name, values):
        if len(values) > 1:
            self.ignored.append(f"{name} was given {len(values)} times: the last one was used")
        text = values[-1]
        printable = "".join(char if char.isprintable() else " " for char in text)
        if printable != text:
            self.ignored.append(_("control characters in {name}").format(name=name))
        text = " ".join(printable.split())
        if len(text) > MAX_SEARCH_LENGTH:
            self.ignored.append(f"{name} after its first {MAX_SEARCH_LENGTH} characters")
            text = text[:MAX_SEARCH_LENGTH].strip()
        if len(text.split()) > MAX_SEARCH_WORDS:
            self.ignored.append(f"{name} words after the first {MAX_SEARCH_WORDS}")
            text = " ".join(text.split()[:MAX_SEARCH_WORDS])
        return text

    def filter_queryset(self, queryset, skip=None):
        """The queryset with every filter applied, or every filter but `skip` (a facet counting its options)."""
        for name, value in self.form.cleaned_data.items():
            if name != skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @cached_property
    def index(self):
        return facet_index.index_for(self) if self.indexed else None

    @cached_property
    def index_masks(self):
        """{filter name: the index's mask of the records it keeps}, for each filter given a value."""
        self.errors  # noqa: B018 (validates the form, as filtering needs its cleaned_data)
        index, masks = self.index, {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            filter_ = self.filters[name]
            if isinstance(filter_, Facet):
                masks[name] = filter_.index_mask(index.facets[name], value)
            else:  # the text search: its matches in one query
                masks[name] = index.mask_of_pks(
                    filter_.filter(self.queryset.all(), value).values_list("pk", flat=True)
                )
        return masks

    def index_results(self, skip=None):
        mask = self.index.everything
        for name, filter_mask in self.index_masks.items():
            if name != skip:
                mask &= filter_mask
        return mask

    @cached_property
    def result_count(self):
        """The number of results: a popcount with the index, else a COUNT."""
        if self.index is not None:
            return self.index_results().bit_count()
        return self.qs.count()

    # Up to this many results are selected by their primary keys: the database then sorts them without evaluating
    # the filters again. More are paged in the index's order (`paged_by_index`).
    by_id_up_to = 1000

    def results(self):
        """The filtered queryset."""
        if self.index is None or not self.index_masks:
            return self.qs
        if self.result_count <= self.by_id_up_to:
            return self.queryset.filter(pk__in=self.index.pks_of(self.index_results()))
        return self.qs

    @property
    def paged_by_index(self):
        """Whether a page of results is best chosen in the index: filtered, and too many to select by id."""
        return self.index is not None and bool(self.index_masks) and self.result_count > self.by_id_up_to

    def page_pks(self, ordering, start, stop):
        return self.index.pks_in_order(self.index_results(), self.queryset, ordering, start, stop)

    def facet_groups(self):
        """Each facet with the options worth showing (those with results, and those chosen), counted."""
        self.errors  # noqa: B018 (validates the form, as filtering needs its cleaned_data)
        groups = []
        for name, facet in self.facets.items():
            if self.index is not None:
                counts = facet.index_counts(self.index.facets[name], self.index_results(skip=name))
            else:
                counts = facet.counts(self.filter_queryset(self.queryset.all(), skip=name))
            chosen = self.chosen.get(name, [])
            options = [
                FacetOption(name, value, label, counts.get(value, 0), value in chosen)
                for value, label in self.options(name).items()
                if counts.get(value) or value in chosen
            ]
            groups.append(FacetGroup(name, facet.label, options))
        return groups

    def active_filters(self):
        """The accepted choices, each with the list's parameters as they would be without it."""
        active = []
        for name, values in self.chosen.items():
            options = self.options(name)
            for value in values:
                params = self.data.copy()
                params.setlist(name, [other for other in values if other != value])
                active.append(ActiveFilter(self.filters[name].label, options[value], params))
        for name, filter_ in self.filters.items():
            if isinstance(filter_, SearchFilter) and self.data.get(name):
                params = self.data.copy()
                del params[name]
                active.append(ActiveFilter(filter_.label, f"“{self.data[name]}”", params))
        return active
