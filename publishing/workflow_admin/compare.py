"""A waiting change beside the published version, field by field, for the reviewer.

The change form bound to the waiting change (with the record as its instance) already knows both sides: a field's
initial value is the published one, its data the waiting one, and `changed_data` names the fields that differ.
"""

from dataclasses import dataclass

from django import forms

EMPTY = "(empty)"


@dataclass(frozen=True)
class Difference:
    field: str
    published: str
    waiting: str


def _as_list(value):
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def shown(field, value):
    """A form value in words: the names of chosen records and choices, not their keys."""
    if isinstance(field, forms.ModelChoiceField):
        values = _as_list(value)
        objects = [item for item in values if hasattr(item, "pk")]
        keys = [item for item in values if not hasattr(item, "pk")]
        if keys:
            try:
                objects += list(field.queryset.model._default_manager.filter(pk__in=keys))
            except (ValueError, TypeError):
                return ", ".join(map(str, keys))
        return ", ".join(str(item) for item in objects) or EMPTY
    if isinstance(field, forms.BooleanField):
        return "yes" if field.to_python(value) else "no"
    if isinstance(field, forms.ChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(item, item)) for item in _as_list(value)) or EMPTY
    return ", ".join(str(item) for item in _as_list(value)) or EMPTY


def _field_differences(form, prefix=""):
    for name in form.changed_data:
        bound = form[name]
        if name in {"DELETE", "id"} or isinstance(bound.field, forms.FileField):
            continue
        label = f"{prefix}{bound.label}"
        yield Difference(label, shown(bound.field, bound.initial), shown(bound.field, bound.data))


def differences(form, formsets):
    """What the waiting change changes, in the order of the form: its fields, then each inline's rows."""
    rows = list(_field_differences(form))
    for formset in formsets:
        name = formset.model._meta.verbose_name
        formset.is_valid()  # sets each row's cleaned_data, which says whether it is to be deleted
        # The published rows' names from the database: validation wrote the waiting values into the instances.
        stored = formset.model._default_manager.in_bulk([row.instance.pk for row in formset.forms if row.instance.pk])
        published = {row.prefix: str(stored[row.instance.pk]) for row in formset.forms if row.instance.pk in stored}
        for row in formset.forms:
            label = published.get(row.prefix)
            if label is not None and formset._should_delete_form(row):
                rows.append(Difference(f"{name.capitalize()} “{label}”", label, "deleted"))
            elif label is None and row.has_changed():
                rows.extend(_field_differences(row, prefix=f"New {name}: "))
            elif row.has_changed():
                rows.extend(_field_differences(row, prefix=f"{name.capitalize()} “{label}”: "))
    return rows
