from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from publishing.access import PartnerScopedAdmin
from publishing.models import PendingChange, Source, Transition
from publishing.workflow_admin import RecordLogAdmin, WorkflowAdmin, checks  # noqa: F401 (registers the check)

# Addresses typed without a scheme are web addresses (Django 6's default; without it 5.2 warns).
WEB_ADDRESSES = {models.URLField: {"assume_scheme": "https"}}


class ContentFirst:
    """Editors fill in the content first: bookkeeping fields (sources, slug, status, times) go to the end of forms."""

    trailing_fields = ["slug", "status", "sources", "created", "updated"]
    formfield_overrides = WEB_ADDRESSES

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        trailing = [field for field in self.trailing_fields if field in fields]
        return [field for field in fields if field not in trailing] + trailing


class PortalAdmin(ContentFirst, admin.ModelAdmin):
    """The base of every admin of the portal."""


class PortalStackedInline(ContentFirst, admin.StackedInline):
    pass


class PortalTabularInline(ContentFirst, admin.TabularInline):
    pass


@admin.register(Source)
class SourceAdmin(PortalAdmin):
    list_display = ["title", "publisher", "url"]
    search_fields = ["title", "publisher", "url", "key"]
    prepopulated_fields = {"key": ["title"]}


class PublishableAdmin(PartnerScopedAdmin, WorkflowAdmin, ContentFirst, SimpleHistoryAdmin):
    """What every content record's admin shares: each partner's staff only on their own records, the publication
    workflow, the history of every change, status in lists and filters, slugs from titles, timestamps."""

    list_filter = ["status"]
    readonly_fields = ["created", "updated"]
    list_per_page = 50
    save_on_top = True

    # Many-to-many columns of the list, loaded with it rather than one query per row.
    list_prefetch_related = []

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.prefetch_related(*self.list_prefetch_related) if self.list_prefetch_related else queryset

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description="instruments")
    def instrument_names(self, obj):
        return ", ".join(instrument.short_name for instrument in obj.instruments.all())

    @admin.display(description="region", ordering="partner__region__name")
    def partner_region(self, obj):
        return obj.partner.region if obj.partner else "-"


@admin.register(Transition)
class TransitionAdmin(RecordLogAdmin, PortalAdmin):
    list_display = ["at", "step", "record_link", "from_status", "to_status", "by", "comment"]
    list_filter = ["step", "content_type"]
    list_select_related = ["content_type", "by"]
    search_fields = ["comment"]
    date_hierarchy = "at"


@admin.register(PendingChange)
class PendingChangeAdmin(RecordLogAdmin, PortalAdmin):
    list_display = ["updated", "record_link", "author", "sent_back"]
    list_filter = ["sent_back", "content_type"]
    list_select_related = ["content_type", "author"]
