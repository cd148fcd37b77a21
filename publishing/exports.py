"""The current, filtered result set of a public list as CSV or JSON: the same URL with format=csv or format=json.

Every public list view inherits `ExportMixin` first. With `?format=csv` or `?format=json` it answers with the
whole filtered and sorted result set of the page (`page` is ignored), built from the view's
`get_export_queryset()`; without `format` it renders the HTML page; an unknown format gets a plain 400.

Which columns a model exports is declared once per model, in its app's `exports.py`, by a `ModelExport`
subclass registered with `@register`; the mixin looks it up by the exported queryset's model.

Field names are stable and snake_case (see each app's `exports.py` for its columns, in order):
- `url` (and `document_url`, `logo_url`) are absolute URLs;
- a relation to a partner or practice is its slug, and only published ones are named;
- many-valued fields (`partners`, `instruments`, `themes`, ...) are lists of slugs or codes;
- dates are ISO 8601 (`2019-03-06`), timestamps ISO 8601 with their time zone; a missing value is null.

JSON: `{"count": N, "results": [{"slug": ..., "title": ..., ...}, ...]}`, the objects' keys in column order.
Descriptions are whole texts; `sources` lists each source as "Publisher: Title <address>"; an action plan's
`actions` lists each action as "number. title (status)".

CSV: UTF-8 (no byte-order mark), streamed as the rows are read, a header row with the column names, one row per
record; lists joined by "; ",
null as an empty cell, and a cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) gets a leading apostrophe.
"""

import csv
import datetime
import json
from collections import defaultdict

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from publishing.models import Status

LIST_SEPARATOR = "; "
SLUG_MARK = "slug-of-the-record"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_registry = {}
_discovered = False


def register(export_class):
    """Class decorator: `@register` on a ModelExport subclass makes it the export of its model."""
    _registry[export_class.model] = export_class
    return export_class


def export_class_for(model):
    """The registered ModelExport of a model, after importing every installed app's `exports` module once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("exports")
        _discovered = True
    try:
        return _registry[model]
    except KeyError:
        message = f"No export is registered for {model.__name__}: add one to its app's exports.py."
        raise ImproperlyConfigured(message) from None


class ModelExport:
    """The columns of one model's export: subclasses set `model`, `name`, `columns` and `lookups`, and write
    `values()`.

    Rows come straight from the database as dicts (`values()`), never as model instances: `lookups` names what
    each row reads (fields, and fields across foreign keys: "region__nuts_code"), and `related()` reads each
    many-valued column of all the exported records in one query. So an export runs a fixed number of queries
    and costs the same per row whatever the number of rows, and its rows are produced one at a time.
    """

    model = None
    name = ""  # the file name part, when the view gives no export_name
    columns = ()
    lookups = ()

    def __init__(self, request):
        self.request = request
        self._url_templates = {}

    def related(self, records):
        """{name: {pk: [values]}} for the many-valued columns, `records` being the exported rows' primary keys."""
        return {}

    def values(self, row, related):
        """A dict of column name -> value (str, int, date, list or None) for one row of `lookups`."""
        raise NotImplementedError

    def absolute_url(self, path):
        return self.request.build_absolute_uri(path) if path else None

    def record_url(self, viewname, slug):
        """The absolute address of a record's page by its slug: reversed once per export, not once per row."""
        if viewname not in self._url_templates:
            template = self.absolute_url(reverse(viewname, args=[SLUG_MARK]))
            self._url_templates[viewname] = template.split(SLUG_MARK)
        head, tail = self._url_templates[viewname]
        return f"{head}{slug}{tail}"

    def media_url(self, name):
        """The absolute address of an uploaded file, from the name its FileField keeps in the database."""
        return self.absolute_url(default_storage.url(name)) if name else None

    def rows(self, queryset):
        queryset = queryset.prefetch_related(None)
        related = self.related(queryset.order_by().values("pk"))
        for row in queryset.values("pk", *self.lookups).iterator(chunk_size=2000):
            values = self.values(row, related)
            yield {column: plain(values[column]) for column in self.columns}


def grouped(pairs):
    """{key: [values]} from (key, value) pairs, in their order."""
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def linked(relation, records, value, order_by, published=False):
    """{pk: [values]} through a many-to-many relation (`GoodPractice.partners`): for each of `records`, `value`
    (a lookup on the related model: "slug") of its related rows in `order_by` order, only published ones if asked."""
    field = relation.field
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = relation.through.objects.filter(**{f"{source}__in": records})
    if published:
        rows = rows.filter(**{f"{target}__status": Status.PUBLISHED})
    order = [f"{'-' if key.startswith('-') else ''}{target}__{key.lstrip('-')}" for key in order_by]
    return grouped(rows.order_by(*order).values_list(f"{source}_id", f"{target}__{value}"))


def cited(title, publisher, url):
    """A source as one line: "Publisher: Title <https://...>"."""
    text = f"{publisher}: {title}" if publisher else title
    return f"{text} <{url}>" if url else text


def sources_of(relation, records):
    """{pk: ["Publisher: Title <url>", ...]}: the sources of each record, by title."""
    field = relation.field
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = (
        relation.through.objects.filter(**{f"{source}__in": records})
        .order_by(f"{target}__title", f"{target}__pk")
        .values_list(f"{source}_id", f"{target}__title", f"{target}__publisher", f"{target}__url")
    )
    return grouped((pk, cited(title, publisher, url)) for pk, title, publisher, url in rows)


def iso(value):
    return value.isoformat() if value is not None else None


def plain(value):
    """A value as JSON can hold it: dates as ISO text, lists as lists."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def slug_of_published(row, relation):
    """The slug of a record on a foreign key (`relation`: "partner"), or None when it is missing or not public;
    the row's lookups read both `<relation>__slug` and `<relation>__status`."""
    return row[f"{relation}__slug"] if row[f"{relation}__status"] == Status.PUBLISHED else None


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def render_csv(columns, rows):
    return "".join(stream_csv(columns, rows))


class Line:
    """A file-like object whose write() hands the line back, so that csv.writer gives one line at a time."""

    def write(self, text):
        return text


def stream_csv(columns, rows):
    writer = csv.writer(Line())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([csv_cell(row[column]) for column in columns])


def render_json(columns, rows):
    results = list(rows)
    return json.dumps({"count": len(results), "results": results}, ensure_ascii=False, indent=1)


# CSV goes out line by line as the rows come from the database; JSON, which starts with the count, at once.
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", stream_csv),
    "json": ("application/json", render_json),
}


class ExportMixin:
    """Answers `?format=csv` / `?format=json` on a list view with the export of its whole filtered result set.

    The view provides `get_export_queryset()` (the filtered, sorted, unpaginated queryset; without it,
    `get_queryset()` is used) and `export_name`, the file name part ("practices" -> ibuy-practices.csv).
    """

    export_name = None

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("format", "")
        if not export_format:
            return super().get(request, *args, **kwargs)
        if export_format not in EXPORT_FORMATS:
            shown = "".join(char for char in export_format[:40] if char.isprintable())
            return HttpResponseBadRequest(
                f"Unknown format '{shown}': this list can be downloaded with format=csv or format=json.",
                content_type="text/plain; charset=utf-8",
            )
        return self.export(export_format)

    def get_export_class(self, model):
        return export_class_for(model)

    def export(self, export_format):
        get_queryset = getattr(self, "get_export_queryset", self.get_queryset)
        queryset = get_queryset()
        export = self.get_export_class(queryset.model)(self.request)
        content_type, render = EXPORT_FORMATS[export_format]
        response_class = StreamingHttpResponse if export_format == "csv" else HttpResponse
        response = response_class(render(export.columns, export.rows(queryset)), content_type=content_type)
        name = self.export_name or export.name
        response["Content-Disposition"] = f'attachment; filename="ibuy-{name}.{export_format}"'
        return response
