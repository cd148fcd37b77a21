"""A model field holding several choices of one TextChoices, portable to SQLite and PostgreSQL.

The codes are stored in one column, separated by commas ("market-consultation,pcp"), and read back as a list.
A list of a few codes needs no table of its own; the field is for showing what was chosen, not for filtering by it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SEPARATOR = ","


def as_codes(value):
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [code for code in value.split(SEPARATOR) if code]
    return [str(code) for code in value]


class ChoiceListField(models.CharField):
    description = _("A list of choices")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return as_codes(value)

    def to_python(self, value):
        return as_codes(value)

    def get_prep_value(self, value):
        return SEPARATOR.join(dict.fromkeys(as_codes(value)))

    def value_to_string(self, obj):
        # Fixtures hold the list itself, as a JSON list of codes.
        return as_codes(self.value_from_object(obj))

    def validate(self, value, model_instance):
        codes = as_codes(value)
        if not codes and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        known = {str(code) for code, _label in self.flatchoices}
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                _("Unknown choice: %(codes)s."), code="invalid_choice", params={"codes": ", ".join(unknown)}
            )

    def run_validators(self, value):
        super().run_validators(self.get_prep_value(value))

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for name in ("choices_form_class", "coerce", "empty_value", "max_length"):
            defaults.pop(name, None)
        return form_class(**defaults)

    def labels(self, instance):
        names = dict(self.flatchoices)
        return [names.get(code, code) for code in as_codes(getattr(instance, self.attname))]
