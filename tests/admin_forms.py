"""Posting the admin's change forms as a browser would: what the page shows, with some fields changed."""

import datetime

from django.db.models.fields.files import FieldFile
from django.urls import reverse


def change_url(record):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


def admin_url(record, page, *args):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_{page}", args=[record.pk, *args])


def _form_values(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


def form_data(response, **changes):
    """The data a browser would post back from a rendered change form (fields, inlines, hidden workflow inputs),
    with `changes` applied."""
    assert response.status_code == 200, response.status_code
    data = _form_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        data.update(_form_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_form_values(form))
    workflow = response.context.get("workflow")
    if workflow:
        data["_version"] = workflow["version"]
        if workflow["pending_id"]:
            data["_pending"] = str(workflow["pending_id"])
    data.update(changes)
    return data


def open_and_post(client, record, **changes):
    """Opens the record's change form and saves it with `changes`; returns the response to the save."""
    response = client.get(change_url(record))
    return client.post(change_url(record), form_data(response, **changes))
