"""One search over all the portal's public content: good practices, study visits, reports, partners, action plans.

`search(text)` returns one `Group` of ranked `Hit`s per content type that matched. PostgreSQL uses its full-text
search (English stemming; a title match weighs more than a summary match, which weighs more than a body match);
any other database gets a simpler search in which every word must occur somewhere in the record, ranked by where
it occurs. Both run one query per content type, whatever the number of matches.

Highlighting is safe by construction: the database (or Python) marks matches with two private-use characters,
and `marked()` escapes everything else before it turns them into <mark> elements.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Case, Count, F, Func, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, Concat, Replace
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from library.models import Report
from partners.models import Action, ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10  # words the simple search looks for; more would only make a slower query find less
RESULTS_PER_TYPE = 20
SNIPPET_LENGTH = 220
TEXT_SEARCH_CONFIG = "english"

# Private-use characters: they never occur in the portal's text, and `marked()` never lets one through.
START, STOP = "\ue000", "\ue001"


class GroupConcat(models.Aggregate):
    """The values of a text column joined by spaces: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = models.TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(" "), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def actions_text():
    """The titles and descriptions of an action plan's actions, as one text: a plan is found by its actions."""
    actions = (
        Action.objects.filter(action_plan=OuterRef("pk"))
        .order_by()
        .values("action_plan")
        .annotate(text=GroupConcat(Concat("title", Value(" "), "description", output_field=models.TextField())))
        .values("text")
    )
    return Coalesce(Subquery(actions), Value(""), output_field=models.TextField())


@dataclass(frozen=True)
class ContentType:
    """How one kind of record is searched: its fields by weight (A title, B summary, C body)."""

    key: str
    label: str
    model: type[models.Model]
    list_url_name: str
    queryset: Callable[[], models.QuerySet]
    title: str
    a: tuple[str, ...]
    b: tuple[str, ...] = ()
    c: tuple[str, ...] = ()
    annotations: dict[str, Callable[[], models.Expression]] = field(default_factory=dict)
    # On PostgreSQL, the generated column that holds this very document, GIN-indexed (practices and library
    # migrations 0005/0004 "indexes_for_scale"), so that a search neither parses nor re-weighs every record's text.
    stored_vector: str = ""

    @property
    def fields(self):
        return (*self.a, *self.b, *self.c)

    @property
    def snippet_fields(self):
        return (*self.b, *self.c)


CONTENT_TYPES = (
    ContentType(
        key="practices",
        label="Good practices",
        model=GoodPractice,
        list_url_name="practices:practice-list",
        queryset=lambda: GoodPractice.objects.published().select_related("region"),
        title="title",
        a=("title",),
        b=("summary",),
        c=("description", "organisation", "evidence_of_success", "transferability", "resources_needed"),
        stored_vector="search_vector",
    ),
    ContentType(
        key="visits",
        label="Study visits and meetings",
        model=StudyVisit,
        list_url_name="practices:visit-list",
        queryset=lambda: StudyVisit.objects.published(),
        title="title",
        a=("title",),
        b=("place",),
        c=("description",),
        stored_vector="search_vector",
    ),
    ContentType(
        key="reports",
        label="Reports",
        model=Report,
        list_url_name="library:report-list",
        queryset=lambda: Report.objects.published(),
        title="title",
        a=("title",),
        b=("summary",),
        stored_vector="search_vector",
    ),
    ContentType(
        key="partners",
        label="Partners",
        model=Partner,
        list_url_name="partners:partner-list",
        queryset=lambda: Partner.objects.published().with_region(),
        title="name",
        a=("name", "acronym"),
        b=("region__name",),
        c=("description",),
    ),
    ContentType(
        key="action-plans",
        label="Action plans",
        model=ActionPlan,
        list_url_name="partners:action-plan-list",
        queryset=lambda: ActionPlan.objects.published().select_related("partner"),
        title="title",
        a=("title",),
        b=("summary", "policy_instrument"),
        c=("results", "actions_text"),
        annotations={"actions_text": actions_text},
    ),
)


@dataclass(frozen=True)
class Hit:
    record: models.Model
    title: SafeString
    snippet: SafeString
    rank: float

    @property
    def url(self):
        return self.record.get_absolute_url()


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    hits: list[Hit]
    count: int  # every match, where `hits` holds the best RESULTS_PER_TYPE
    list_url: str

    @property
    def has_more(self):
        return self.count > len(self.hits)


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
        for word in re.findall(r"\w+(?:['’-]\w+)*", token.lower()):
            if len(word) > 1 and word not in terms:
                terms.append(word)
    return terms[:MAX_TERMS]


def marked(text):
    """Escaped text in which the parts between START and STOP are wrapped in <mark>."""
    parts = []
    inside = False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START:
            inside = True
        elif piece == STOP:
            inside = False
        elif piece:
            parts.append(format_html("<mark>{}</mark>", piece) if inside else escape(piece))
    return mark_safe("".join(parts))  # every part was escaped above


def highlight(text, terms):
    """The text with every occurrence of the terms marked, whatever their case, for `marked()`."""
    text = _without_marks(text or "")
    if not terms or not text:
        return marked(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    return marked(pattern.sub(lambda match: f"{START}{match.group()}{STOP}", text))


def _without_marks(text):
    return text.replace(START, "").replace(STOP, "")


def _without_marks_in_database(expression):
    """The text without the two marking characters, so a record's own text can never open or close a mark."""
    return Replace(Replace(expression, Value(START), Value("")), Value(STOP), Value(""))


def excerpt(text, terms, length=SNIPPET_LENGTH):
    """A stretch of the text around the first term found, cut at spaces, with an ellipsis where it is cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    lower = text.lower()
    found = [position for position in (lower.find(term) for term in terms) if position >= 0]
    start = max(0, min(found) - length // 3) if found else 0
    end = min(len(text), start + length)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return f"{'… ' if start > 0 else ''}{text[start:end]}{' …' if end < len(text) else ''}"


class StoredColumn(models.Expression):
    """A column of the query's own table that the model does not declare (a generated one), under whatever alias
    the table has in this query (U0 in a subquery)."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.name)}", []


def _document(content_type):
    """The record's weighted text as a tsvector: the stored column where there is one, else computed."""
    if content_type.stored_vector:
        return StoredColumn(content_type.stored_vector, SearchVectorField())
    return reduce(
        lambda left, right: left + right,
        (
            SearchVector(*fields, weight=weight, config=TEXT_SEARCH_CONFIG)
            for weight, fields in (("A", content_type.a), ("B", content_type.b), ("C", content_type.c))
            if fields
        ),
    )


def _postgresql_hits(content_type, text):
    query = SearchQuery(text, search_type="websearch", config=TEXT_SEARCH_CONFIG)
    vector = _document(content_type)
    snippet_source = _without_marks_in_database(
        Concat(
            *(part for name in content_type.snippet_fields for part in (F(name), Value(" "))),
            output_field=models.TextField(),
        )
    )
    headline = {"config": TEXT_SEARCH_CONFIG, "start_sel": START, "stop_sel": STOP}

    def matching():
        return (
            content_type.queryset()
            .annotate(**{name: make() for name, make in content_type.annotations.items()})
            .annotate(search_document=vector)
            .filter(search_document=query)
        )

    # One statement, three parts: the best matches are ranked on (id, rank, title) alone, so that sorting 10,000
    # matches never carries their texts; the number of matches is one count; the headlines, the costly part, are
    # made for the best RESULTS_PER_TYPE only.
    best = (
        matching()
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", content_type.title, "pk")
        .values("pk")[:RESULTS_PER_TYPE]
    )
    total = matching().order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    records = list(
        content_type.queryset()
        .annotate(**{name: make() for name, make in content_type.annotations.items()})
        .filter(pk__in=Subquery(best))
        .annotate(
            rank=SearchRank(vector, query),
            matches=Subquery(total, output_field=models.IntegerField()),
            title_marked=SearchHeadline(
                _without_marks_in_database(F(content_type.title)), query, highlight_all=True, **headline
            ),
            snippet_marked=SearchHeadline(
                snippet_source,
                query,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **headline,
            ),
        )
        .order_by("-rank", content_type.title, "pk")
    )
    hits = [
        Hit(record=record, title=marked(record.title_marked), snippet=marked(record.snippet_marked), rank=record.rank)
        for record in records
    ]
    return hits, (records[0].matches if records else 0)


def _simple_hits(content_type, text):
    terms = search_terms(text)
    if not terms:
        return [], 0

    def occurs(term, fields):
        return reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields))

    # Each word must occur somewhere; it counts 3 in a title, 2 in a summary, 1 in a body.
    weighted = [(3, content_type.a), (2, content_type.b), (1, content_type.c)]
    rank = reduce(
        lambda left, right: left + right,
        (
            Case(*(When(occurs(term, fields), then=Value(weight)) for weight, fields in weighted if fields), default=0)
            for term in terms
        ),
    )
    records = list(
        content_type.queryset()
        .annotate(**{name: make() for name, make in content_type.annotations.items()})
        .filter(reduce(lambda left, right: left & right, (occurs(term, content_type.fields) for term in terms)))
        .annotate(rank=rank, matches=Window(Count("pk")))
        .order_by("-rank", content_type.title, "pk")[:RESULTS_PER_TYPE]
    )
    hits = []
    for record in records:
        body = " ".join(filter(None, (str(_value(record, name)) for name in content_type.snippet_fields)))
        hits.append(
            Hit(
                record=record,
                title=highlight(getattr(record, content_type.title), terms),
                snippet=highlight(excerpt(body, terms), terms),
                rank=record.rank,
            )
        )
    return hits, (records[0].matches if records else 0)


def _value(record, name):
    for attribute in name.split("__"):
        record = getattr(record, attribute, "") or ""
    return record


def search(text):
    """The groups of published records that match the text, in a fixed order of types, each ranked."""
    if not text:
        return []
    find = _postgresql_hits if connection.vendor == "postgresql" else _simple_hits
    groups = []
    for content_type in CONTENT_TYPES:
        hits, count = find(content_type, text)
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
    return groups
