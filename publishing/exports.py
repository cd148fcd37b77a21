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
CSV: UTF-8 (no byte-order mark), a header row with the column names, one row per record; lists joined by "; ",
null as an empty cell, and a cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) gets a leading apostrophe.
"""

import csv
import datetime
import io
import json

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.module_loading import autodiscover_modules

LIST_SEPARATOR = "; "
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
    """The columns of one model's export: subclasses set `model`, `name`, `columns` and write `values()`.

    `prepare()` loads the related rows every column needs, so an export runs a fixed number of queries
    whatever the number of rows.
    """

    model = None
    name = ""  # the file name part, when the view gives no export_name
    columns = ()

    def __init__(self, request):
        self.request = request

    def prepare(self, queryset):
        return queryset

    def values(self, record):
        """A dict of column name -> value (str, int, date, list or None) for one record."""
        raise NotImplementedError

    def absolute_url(self, path):
        return self.request.build_absolute_uri(path) if path else None

    def rows(self, queryset):
        for record in self.prepare(queryset):
            values = self.values(record)
            yield {column: plain(values[column]) for column in self.columns}


def plain(value):
    """A value as JSON can hold it: dates as ISO text, lists as lists."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def slug_of_published(record):
    """The slug of a related record (a partner on a foreign key), or None when it is missing or not public."""
    return record.slug if record is not None and record.is_published else None


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def render_csv(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[column]) for column in columns])
    return buffer.getvalue()


def render_json(columns, rows):
    results = list(rows)
    return json.dumps({"count": len(results), "results": results}, ensure_ascii=False, indent=1)


EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", render_csv),
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
        response = HttpResponse(render(export.columns, export.rows(queryset)), content_type=content_type)
        name = self.export_name or export.name
        response["Content-Disposition"] = f'attachment; filename="ibuy-{name}.{export_format}"'
        return response
