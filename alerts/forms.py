from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    """An address and the search it follows (the list's path and filter, from hidden fields of the list page)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address the alerts should go to."),
            "invalid": _("Enter a whole e-mail address, such as name@example.eu."),
        },
    )
    path = forms.CharField(max_length=200, widget=forms.HiddenInput)
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def clean_email(self):
        # The domain part is case-insensitive; the local part is kept as given.
        local, _at, domain = self.cleaned_data["email"].rpartition("@")
        return f"{local}@{domain.lower()}"
