"""What is searched: each kind of published record, its fields by weight, how it reaches instruments."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from library.models import Report
from partners.models import Action, ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit


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
    # On PostgreSQL, the generated column that holds this very document, GIN-indexed (made by practices 0005 and
    # library 0004, remade with the accent-folding configuration by search 0001), so that a search neither parses
    # nor re-weighs every record's text.
    stored_vector: str = ""
    # How a record reaches the instruments it uses, and back, for the instrument facet.
    instrument_path: str = "instruments"
    instrument_reverse: str = "good_practices"

    @property
    def fields(self):
        return (*self.a, *self.b, *self.c)

    @property
    def snippet_fields(self):
        return (*self.b, *self.c)


CONTENT_TYPES = (
    ContentType(
        key="practices",
        label=_("Good practices"),
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
        label=_("Study visits and meetings"),
        model=StudyVisit,
        list_url_name="practices:visit-list",
        queryset=lambda: StudyVisit.objects.published(),
        title="title",
        a=("title",),
        b=("place",),
        c=("description",),
        stored_vector="search_vector",
        instrument_path="related_practices__instruments",
        instrument_reverse="good_practices__study_visits",
    ),
    ContentType(
        key="reports",
        label=_("Reports"),
        model=Report,
        list_url_name="library:report-list",
        queryset=lambda: Report.objects.published(),
        title="title",
        a=("title",),
        b=("summary",),
        stored_vector="search_vector",
        instrument_reverse="reports",
    ),
    ContentType(
        key="partners",
        label=_("Partners"),
        model=Partner,
        list_url_name="partners:partner-list",
        queryset=lambda: Partner.objects.published().with_region(),
        title="name",
        a=("name", "acronym"),
        b=("region__name",),
        c=("description",),
        instrument_path="action_plan__actions__instruments",
        instrument_reverse="actions__action_plan__partner",
    ),
    ContentType(
        key="action-plans",
        label=_("Action plans"),
        model=ActionPlan,
        list_url_name="partners:action-plan-list",
        queryset=lambda: ActionPlan.objects.published().select_related("partner"),
        title="title",
        a=("title",),
        b=("summary", "policy_instrument"),
        c=("results", "actions_text"),
        annotations={"actions_text": actions_text},
        instrument_path="actions__instruments",
        instrument_reverse="actions__action_plan",
    ),
)


class StoredColumn(models.Expression):
    """A column of the query's own table that the model does not declare (a generated one), under whatever alias
    the table has in this query (U0 in a subquery)."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.name)}", []
