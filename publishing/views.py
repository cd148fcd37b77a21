from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.views.generic import DetailView

from publishing.models import NotificationPreference, SlugHistory


class PublishedDetailView(DetailView):
    """A public item page: only published records are found, with the related rows the page shows loaded up
    front by the model's QuerySet verb `for_page()`. Subclasses name the `model`.

    A record's address is its permanent identifier: an address it had before its slug changed answers with a
    permanent redirect (301) to the current one, while the record is published (SlugHistory)."""

    def get_queryset(self):
        return self.model.objects.published().for_page()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            record = SlugHistory.current(self.model, kwargs.get(self.slug_url_kwarg, ""))
            if record is None or not record.is_published:
                raise
            address = record.get_absolute_url()
            if request.META.get("QUERY_STRING"):
                address += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(address)


class EmailSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["workflow_email"]


def email_settings(request):
    """A staff member's own e-mail settings (wrapped in the admin's sign-in check in ibuy_portal/urls.py)."""
    preference = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(
        user=request.user
    )
    # An unticked box posts nothing at all, so an empty POST is still a form to save.
    form = EmailSettingsForm(request.POST if request.method == "POST" else None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        state = "will get" if form.instance.workflow_email else "will no longer get"
        messages.success(request, f"Saved: you {state} an e-mail when someone takes a workflow step.")
        return redirect("admin:index")
    context = {**admin.site.each_context(request), "title": "Your e-mail settings", "form": form}
    return render(request, "admin/publishing/email_settings.html", context)
