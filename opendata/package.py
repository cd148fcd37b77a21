"""The bulk download: every table of `opendata.tables` as a CSV file, and a Frictionless Data Package descriptor
(`datapackage.json`) with each column's type and constraints, each table's primary key and its foreign keys."""

import csv
import io
import json
import re
import zipfile

from django.conf import settings
from django.db import models
from django.utils import timezone

from opendata import licence, tables
from practices.fields import SEPARATOR, ChoiceListField

DESCRIPTOR = "datapackage.json"


def column_type(model_field):
    if isinstance(model_field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(model_field, models.IntegerField):
        return {"type": "integer"}
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return {"type": "number"}
    if isinstance(model_field, models.DateTimeField):
        return {"type": "datetime"}
    if isinstance(model_field, models.DateField):
        return {"type": "date"}
    if isinstance(model_field, models.URLField | models.FileField):
        return {"type": "string", "format": "uri"}
    return {"type": "string"}


def field_descriptor(table, name, model_field, target):
    if model_field is None:  # the record's page
        return {"name": name, "type": "string", "format": "uri", "description": "The record's page on the portal."}
    if target is not None:
        target_field = target.model._meta.get_field(target.key[0]) if len(target.key) == 1 else None
        described = {"name": name, **(column_type(target_field) if target_field else {"type": "string"})}
        # A relation to a record the public may not see is left empty; reference data is always public.
        required = not model_field.null and (not target.public or model_field.name in table.key)
    else:
        described = {"name": name, **column_type(model_field)}
        required = not model_field.null and not model_field.blank
    described["title"] = str(model_field.verbose_name)
    if model_field.help_text:
        described["description"] = str(model_field.help_text)
    constraints = {}
    if required:
        constraints["required"] = True
    if isinstance(model_field, ChoiceListField):
        # Several codes in one cell, separated by commas: each one of the choices.
        codes = "|".join(re.escape(str(value)) for value, _label in model_field.flatchoices if value != "")
        constraints["pattern"] = f"(?:{codes})(?:{re.escape(SEPARATOR)}(?:{codes}))*"
        described["description"] = " ".join(
            filter(None, [described.get("description"), f"Codes separated by '{SEPARATOR}'."])
        )
    elif model_field.choices and target is None:
        constraints["enum"] = [str(value) for value, _label in model_field.flatchoices if value != ""]
    if constraints:
        described["constraints"] = constraints
    return described


def foreign_keys(table):
    found = []
    for model_field in table.fields():
        if model_field.is_relation:
            target = tables.TABLE_OF[model_field.related_model]
            found.append(reference(tables.key_columns(target, model_field.name), target))
    return found


def reference(columns, target):
    return {"fields": columns, "reference": {"resource": target.name, "fields": target.key_columns()}}


def resource(name, title, fields, primary_key, keys):
    return {
        "name": name,
        "title": title,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": primary_key, "foreignKeys": keys},
    }


def table_resource(table):
    fields = [field_descriptor(table, *column) for column in tables.columns(table)]
    title = str(table.model._meta.verbose_name_plural).capitalize()
    return resource(table.name, title, fields, table.key_columns(), foreign_keys(table))


def link_resource(link):
    owner_columns, target_columns = tables.link_columns(link)
    fields = [{"name": name, "type": "string", "constraints": {"required": True}} for name in owner_columns]
    fields += [{"name": name, "type": "string", "constraints": {"required": True}} for name in target_columns]
    relation = link.owner.model._meta.get_field(link.relation)
    title = f"{str(link.owner.model._meta.verbose_name_plural).capitalize()}: {relation.verbose_name}"
    keys = [reference(owner_columns, link.owner), reference(target_columns, link.target)]
    return resource(link.name, title, fields, owner_columns + target_columns, keys)


def descriptor(generation, homepage):
    stated = licence.stated()
    described = {
        "profile": "tabular-data-package",
        "name": "ibuy-portal",
        "title": "iBuy portal: all published data",
        "description": (
            "Every published record of the iBuy portal (partners, action plans and their actions, good practices, "
            "study visits and meetings, reports, transfers, the partnership's reported figures) with its public "
            "fields, its relations and its sources. " + licence.sentence()
        ),
        "homepage": homepage,
        "version": str(generation.number),
        "created": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sources": [{"title": "iBuy portal", "path": settings.PORTAL_BASE_URL}],
        "resources": [table_resource(t) for t in tables.TABLES]
        + [link_resource(link) for link in tables.link_tables()],
    }
    if stated:
        described["licenses"] = [{"name": stated.name, "path": stated.url, "title": stated.name}]
    return described


def member(name, moment):
    """An archive member dated when the archive was made (zipfile's default is 1980)."""
    info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_csv(archive, name, header, rows, moment):
    with (
        archive.open(member(f"{name}.csv", moment), "w") as member_file,
        io.TextIOWrapper(member_file, encoding="utf-8", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])


def write_package(target, generation, homepage):
    """Writes the whole package as a zip archive to the binary file object `target`."""
    base = settings.PORTAL_BASE_URL.rstrip("/")

    def absolute(path):
        return path if "://" in path else base + path

    moment = timezone.localtime()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(descriptor(generation, homepage), ensure_ascii=False, indent=1)
        archive.writestr(member(DESCRIPTOR, moment), text)
        for table in tables.TABLES:
            header = [name for name, _field, _target in tables.columns(table)]
            write_csv(archive, table.name, header, tables.rows(table, absolute), moment)
        for link in tables.link_tables():
            owner_columns, target_columns = tables.link_columns(link)
            write_csv(archive, link.name, owner_columns + target_columns, tables.link_rows(link), moment)
