"""One search over all the portal's public content: good practices, study visits, reports, partners, action plans.

`search(text, instrument)` returns one `Group` of ranked `Hit`s per content type that matched, and the instrument
facet of the matches. PostgreSQL uses its full-text search (English stemming behind unaccent; a title match weighs
more than a summary match, which weighs more than a body match); any other database gets a simpler search in which
every word must occur somewhere in the record (accents folded), ranked by where it occurs. Both search every
spelling of the query (search.text: centre finds center) and run one query per content type and one for the facet,
whatever the number of matches.

So that a search costs about the same at 100,000 records as at 10,000, no step reads every match:
- PostgreSQL ranks at most CANDIDATES matches per type, the first the GIN index gives (all of them unless more
  match), and makes headlines for the RESULTS_PER_TYPE it shows;
- counts stop at COUNT_LIMIT + 1 ("more than 1,000"), on both databases, per type and per instrument.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Case, Count, F, Subquery, Value, When
from django.db.models.functions import Concat, Left
from django.db.models.lookups import Contains
from django.urls import reverse

from partners.models import Instrument
from search.content_types import CONTENT_TYPES, StoredColumn
from search.highlight import START, STOP, excerpt, highlight, marked, without_marks_in_database
from search.text import WORD, query_spellings, spellings, text_search_config

__all__ = ["CONTENT_TYPES", "clean_query", "highlight", "search", "search_terms"]

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10  # words the simple search looks for; more would only make a slower query find less
RESULTS_PER_TYPE = 20
CANDIDATES = 200  # matches ranked at most per type on PostgreSQL (see the module's docstring)
COUNT_LIMIT = 200  # counts stop after this many
SNIPPET_SOURCE_LENGTH = 2000  # characters of a record's summary and body its headline is looked for in


@dataclass(frozen=True)
class Hit:
    record: models.Model
    title: str
    snippet: str
    rank: float

    @property
    def url(self):
        return self.record.get_absolute_url()


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    hits: list[Hit]
    count: int  # every match up to COUNT_LIMIT + 1, where `hits` holds the best RESULTS_PER_TYPE
    list_url: str

    @property
    def has_more(self):
        return self.count_is_capped or self.count > len(self.hits)

    @property
    def count_is_capped(self):
        return self.count > COUNT_LIMIT


@dataclass(frozen=True)
class FacetOption:
    code: str
    label: str
    count: int  # matches using the instrument, each type's counted up to COUNT_LIMIT + 1
    is_capped: bool


@dataclass(frozen=True)
class Results:
    groups: list[Group]
    facet: list[FacetOption]

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    @property
    def total_is_capped(self):
        return any(group.count_is_capped for group in self.groups)


class CountOf(Subquery):
    """The number of rows of a (sliced) query, as a scalar subquery: with a slice, counting stops there."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = models.IntegerField()


class Fold(models.Func):
    """A text lower-cased and without accents: the function search.apps registers on SQLite."""

    function = "ibuy_fold"
    output_field = models.TextField()


def clean_query(raw):
    """The query as searched, and whether it was cut: control characters (NUL too) become spaces."""
    text = "".join(char if char.isprintable() else " " for char in raw or "")
    text = " ".join(text.split())
    was_cut = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), was_cut


def search_terms(text):
    """The words the simple search looks for, lower-cased: websearch's `or` and `-word` are left out, and so are
    one-letter words, which would match inside almost every word."""
    terms = []
    for token in text.split():
        if token.startswith("-") or token.lower() == "or":
            continue
        for word in WORD.findall(token.lower()):
            if len(word) > 1 and word not in terms:
                terms.append(word)
    return terms[:MAX_TERMS]


def _document(content_type):
    """The record's weighted text as a tsvector: the stored column where there is one, else computed."""
    if content_type.stored_vector:
        return StoredColumn(content_type.stored_vector, SearchVectorField())
    return reduce(
        lambda left, right: left + right,
        (
            SearchVector(*fields, weight=weight, config=text_search_config())
            for weight, fields in (("A", content_type.a), ("B", content_type.b), ("C", content_type.c))
            if fields
        ),
    )


def _annotated(content_type):
    return content_type.queryset().annotate(**{name: make() for name, make in content_type.annotations.items()})


def _using(content_type, instrument):
    """The records of the type that use the instrument (the pk of an Instrument, or an OuterRef to one)."""
    return content_type.model.objects.filter(**{content_type.instrument_path: instrument}).values("pk")


class PostgresqlSearch:
    def __init__(self, text):
        config = text_search_config()
        self.query = reduce(
            or_, (SearchQuery(spelling, search_type="websearch", config=config) for spelling in query_spellings(text))
        )

    def matching(self, content_type):
        return (
            _annotated(content_type)
            .annotate(search_document=_document(content_type))
            .filter(search_document=self.query)
        )

    def hits(self, content_type, matching, count):
        vector = _document(content_type)
        snippet_source = without_marks_in_database(
            Left(
                Concat(
                    *(part for name in content_type.snippet_fields for part in (F(name), Value(" "))),
                    output_field=models.TextField(),
                ),
                SNIPPET_SOURCE_LENGTH,
            )
        )
        headline = {"config": text_search_config(), "start_sel": START, "stop_sel": STOP}
        # One statement: at most CANDIDATES matches, as the GIN index gives them, are ranked; the number of matches
        # is one count that stops after COUNT_LIMIT; the headlines, the costly part, are made for the best
        # RESULTS_PER_TYPE only (PostgreSQL evaluates costly output expressions after ORDER BY ... LIMIT).
        candidates = matching.order_by().values("pk")[:CANDIDATES]
        records = list(
            _annotated(content_type)
            .filter(pk__in=Subquery(candidates))
            .annotate(
                rank=SearchRank(vector, self.query),
                matches=count,
                title_marked=SearchHeadline(
                    without_marks_in_database(F(content_type.title)), self.query, highlight_all=True, **headline
                ),
                snippet_marked=SearchHeadline(
                    snippet_source,
                    self.query,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **headline,
                ),
            )
            .order_by("-rank", content_type.title, "pk")[:RESULTS_PER_TYPE]
        )
        hits = [
            Hit(
                record=record,
                title=marked(record.title_marked),
                snippet=marked(record.snippet_marked),
                rank=record.rank,
            )
            for record in records
        ]
        return hits, (records[0].matches if records else 0)


class SimpleSearch:
    def __init__(self, text):
        self.terms = search_terms(text)
        # Every spelling of every term, for the highlight: "centre" marks "center" too.
        self.marked_terms = [spelling for term in self.terms for spelling in spellings(term)]

    @staticmethod
    def occurs(term, fields):
        return reduce(or_, (Contains(Fold(F(name)), spelling) for name in fields for spelling in spellings(term)))

    def matching(self, content_type):
        if not self.terms:
            return content_type.model.objects.none()
        return _annotated(content_type).filter(
            reduce(lambda left, right: left & right, (self.occurs(term, content_type.fields) for term in self.terms))
        )

    def hits(self, content_type, matching, count):
        if not self.terms:
            return [], 0
        # Each word must occur somewhere; it counts 3 in a title, 2 in a summary, 1 in a body.
        weighted = [(3, content_type.a), (2, content_type.b), (1, content_type.c)]
        rank = reduce(
            lambda left, right: left + right,
            (
                Case(
                    *(When(self.occurs(term, fields), then=Value(weight)) for weight, fields in weighted if fields),
                    default=0,
                )
                for term in self.terms
            ),
        )
        records = list(
            matching.annotate(rank=rank, matches=count).order_by("-rank", content_type.title, "pk")[:RESULTS_PER_TYPE]
        )
        hits = []
        for record in records:
            body = " ".join(filter(None, (str(_value(record, name)) for name in content_type.snippet_fields)))
            hits.append(
                Hit(
                    record=record,
                    title=highlight(getattr(record, content_type.title), self.marked_terms),
                    snippet=highlight(excerpt(body, self.marked_terms), self.marked_terms),
                    rank=record.rank,
                )
            )
        return hits, (records[0].matches if records else 0)


def _value(record, name):
    for attribute in name.split("__"):
        record = getattr(record, attribute, "") or ""
    return record


def _capped_count(matching):
    return CountOf(matching.order_by().values("pk")[: COUNT_LIMIT + 1])


def instrument_facet(engine, counts=None):
    """Every instrument with the number of matches (of every type) that use it, in one query. Each type's count is
    taken among its first COUNT_LIMIT + 1 matches, so where a type has more, the number is a floor ("200+").
    `counts` ({type key: matches}), when the caller knows them, leaves out the types without a match and saves
    counting them again."""
    columns = ("pk", "code", "name", "position")
    number = models.IntegerField()
    parts = [
        Instrument.objects.order_by()
        .values(*columns)
        .annotate(n=Value(0, output_field=number), matches=Value(0, output_field=number))
    ]
    for content_type in CONTENT_TYPES:
        if counts is not None and not counts.get(content_type.key):
            continue
        matching = engine.matching(content_type)
        first = Subquery(matching.order_by().values("pk")[: COUNT_LIMIT + 1])
        matches = _capped_count(matching) if counts is None else Value(counts[content_type.key], output_field=number)
        parts.append(
            Instrument.objects.filter(**{f"{content_type.instrument_reverse}__in": first})
            .order_by()
            .values(*columns)
            .annotate(n=Count(content_type.instrument_reverse, distinct=True), matches=matches)
        )
    found = {}
    for row in parts[0].union(*parts[1:], all=True):
        option = found.setdefault(row["pk"], {**row, "n": 0, "is_capped": False})
        option["n"] += row["n"]
        option["is_capped"] |= row["matches"] > COUNT_LIMIT
    return [
        FacetOption(code=row["code"], label=row["name"], count=row["n"], is_capped=row["is_capped"] and row["n"] > 0)
        for row in sorted(found.values(), key=lambda row: (row["position"], row["name"]))
    ]


def search(text, instrument=None):
    """The groups of published records that match the text (and use the instrument, an Instrument's code, if one
    is given), in a fixed order of types, each ranked; and the instrument facet of the text's matches."""
    if not text:
        return Results(groups=[], facet=[])
    engine = PostgresqlSearch(text) if connection.vendor == "postgresql" else SimpleSearch(text)
    groups = []
    for content_type in CONTENT_TYPES:
        matching = engine.matching(content_type)
        if instrument:
            matching = matching.filter(
                pk__in=_using(content_type, Subquery(Instrument.objects.filter(code=instrument).values("pk")[:1]))
            )
        hits, count = engine.hits(content_type, matching, _capped_count(matching))
        if count:
            groups.append(
                Group(
                    key=content_type.key,
                    label=content_type.label,
                    hits=hits,
                    count=count,
                    list_url=reverse(content_type.list_url_name),
                )
            )
    if instrument:  # the facet also tells the view whether the instrument exists
        facet = instrument_facet(engine)
    else:  # the counts of the groups are the text's own: no type without a match is counted again
        facet = instrument_facet(engine, {group.key: group.count for group in groups}) if groups else []
    return Results(groups=groups, facet=facet)
