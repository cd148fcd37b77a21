"""The tables of the bulk download: every kind of public record with all its public fields, its relations and its
sources, one CSV file each, described for a Frictionless Data Package (`opendata.package`).

Each table is made from its model's own fields, so a field added to a model comes into the download by itself:
every concrete field but the database id, the publication status (every row is published) and generated
thumbnails. A record is named by its natural key (a slug, a code, a NUTS code; an action by its plan and its
slug), relations are columns holding that key, many-to-many relations and sources are tables of pairs. Only
public rows are written, and a relation to a record the public may not see is empty, so every foreign key of the
package resolves.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from library.models import Report
from partners.models import Action, ActionPlan, Instrument, Partner, Partnership, Region, ReportedFigure
from practices.fields import ChoiceListField
from practices.models import (
    GoodPractice,
    GoodPracticeImage,
    GoodPracticeLink,
    GoodPracticeStep,
    StudyVisit,
    Theme,
    Transfer,
)
from publishing.models import Source, published_through

LEFT_OUT = {"id", "status", "thumbnail", "search_vector"}


@dataclass
class Table:
    name: str  # the resource name and the CSV file's name
    model: type
    key: tuple  # the fields naming a row: its primary key in the package
    public: Q = field(default_factory=Q)  # the rows the public may see
    page: bool = False  # the record has a public page: a `url` column
    one: str = ""  # the name of a column naming one row from another table, when not the name less its "s"

    def fields(self):
        return [
            model_field
            for model_field in self.model._meta.concrete_fields
            if model_field.name not in LEFT_OUT and not model_field.name.startswith("history")
        ]

    @property
    def singular(self):
        """The name of a column naming one row of this table from another: partner, study_visit, action."""
        return self.one or self.name[:-1]

    def key_columns(self):
        """The table's own columns that make its primary key: ["slug"], ["action_plan", "slug"]."""
        return [
            column
            for name in self.key
            for column in (
                key_columns(TABLE_OF[self.model._meta.get_field(name).related_model], name)
                if self.model._meta.get_field(name).is_relation
                else [name]
            )
        ]

    def queryset(self):
        related = [path for f in self.fields() if f.is_relation for path in key_paths(f)]
        return self.model._default_manager.filter(self.public).select_related(*related).order_by("pk")


@dataclass
class LinkTable:
    """The pairs of a many-to-many relation (or a record's sources): `<table>_<relation>.csv`."""

    owner: Table
    relation: str

    @property
    def name(self):
        return f"{self.owner.name}_{self.relation}"

    @property
    def target(self):
        return TABLE_OF[self.owner.model._meta.get_field(self.relation).related_model]


PUBLISHED = Q(status="published")

TABLES = [
    Table("sources", Source, ("key",)),
    Table("regions", Region, ("nuts_code",)),
    Table("instruments", Instrument, ("code",)),
    Table("themes", Theme, ("slug",)),
    Table("partnership", Partnership, ("acronym",), one="partnership"),
    Table("reported_figures", ReportedFigure, ("partnership", "stage", "kind")),
    Table("partners", Partner, ("slug",), PUBLISHED, page=True),
    Table("action_plans", ActionPlan, ("slug",), PUBLISHED, page=True),
    Table("actions", Action, ("action_plan", "slug"), published_through("action_plan")),
    Table("practices", GoodPractice, ("slug",), PUBLISHED, page=True),
    # A link is an address or an uploaded document: one of the two names it, the other is empty.
    Table("practice_links", GoodPracticeLink, ("practice", "url", "document"), published_through("practice")),
    Table("practice_steps", GoodPracticeStep, ("practice", "position"), published_through("practice")),
    Table("practice_images", GoodPracticeImage, ("practice", "image"), published_through("practice")),
    Table("study_visits", StudyVisit, ("slug",), PUBLISHED, page=True),
    Table("reports", Report, ("slug",), PUBLISHED, page=True),
    Table(
        "transfers",
        Transfer,
        ("practice", "action"),
        published_through("practice") & published_through("action__action_plan"),
    ),
]
TABLE_OF = {table.model: table for table in TABLES}


def link_tables():
    links = []
    for table in TABLES:
        for relation in table.model._meta.many_to_many:
            if relation.remote_field.through._meta.auto_created and relation.related_model in TABLE_OF:
                links.append(LinkTable(table, relation.name))
    return links


def key_paths(relation, prefix=""):
    """The select_related paths that reading a related row's key needs: "action", "action__action_plan"."""
    path = f"{prefix}{relation.name}"
    target = TABLE_OF[relation.related_model]
    nested = [target.model._meta.get_field(name) for name in target.key]
    return [path, *(deeper for f in nested if f.is_relation for deeper in key_paths(f, f"{path}__"))]


def key_columns(table, prefix):
    """The columns naming a row of `table` from another table: `partner`, or `action_plan` and `action`."""
    if len(table.key) == 1:
        return [prefix]
    found = []
    for name in table.key:
        model_field = table.model._meta.get_field(name)
        if model_field.is_relation:
            found.extend(key_columns(TABLE_OF[model_field.related_model], name))
        else:
            found.append(prefix if name == "slug" else name)
    return found


def key_values(table, record):
    """A row's key as a list of plain values (a related record's own key where the key holds a relation)."""
    values = []
    for name in table.key:
        model_field = table.model._meta.get_field(name)
        value = getattr(record, name)
        if model_field.is_relation:
            values.extend(key_values(TABLE_OF[model_field.related_model], value))
        else:
            values.append(file_path(value) if isinstance(model_field, models.FileField) else value)
    return values


def is_public(record):
    return getattr(record, "is_published", True)


def file_path(value):
    return value.name if value else None


def columns(table):
    """(column name, model field or None, target table or None) for each column of the table, in order."""
    found = []
    for model_field in table.fields():
        if model_field.is_relation:
            target = TABLE_OF[model_field.related_model]
            found.extend((name, model_field, target) for name in key_columns(target, model_field.name))
        else:
            found.append((model_field.name, model_field, None))
    if table.page:
        found.append(("url", None, None))
    return found


def rows(table, absolute):
    """Each public row of the table as a list of plain values; `absolute(path)` makes a full address."""
    for record in table.queryset():
        row = []
        for model_field in table.fields():
            value = getattr(record, model_field.name)
            if model_field.is_relation:
                target = TABLE_OF[model_field.related_model]
                width = len(key_columns(target, model_field.name))
                public = value is not None and is_public(value)
                row.extend(key_values(target, value) if public else [None] * width)
            elif isinstance(model_field, models.FileField):
                row.append(absolute(value.url) if value else None)
            elif isinstance(model_field, ChoiceListField):
                row.append(model_field.get_prep_value(value) or None)  # the codes, separated by commas
            else:
                row.append(plain(value))
        if table.page:
            row.append(absolute(record.get_absolute_url()))
        yield row


def link_rows(link):
    """The pairs of a many-to-many relation, between public rows only, in one query."""
    owner, target = link.owner, link.target
    through = owner.model._meta.get_field(link.relation).remote_field.through
    source_name, target_name = [f.name for f in through._meta.concrete_fields if f.is_relation]
    related = [*key_paths(through._meta.get_field(source_name)), *key_paths(through._meta.get_field(target_name))]
    pairs = through._default_manager.select_related(*related).filter(
        **{f"{source_name}__in": owner.model._default_manager.filter(owner.public)}
    )
    if target.public:
        pairs = pairs.filter(**{f"{target_name}__in": target.model._default_manager.filter(target.public)})
    for pair in pairs.order_by("pk"):
        yield key_values(owner, getattr(pair, source_name)) + key_values(target, getattr(pair, target_name))


def link_columns(link):
    """The owner's key columns and the target's: (["action_plan", "action"], ["instrument"])."""
    return key_columns(link.owner, link.owner.singular), key_columns(link.target, link.target.singular)


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if value != "" else None
