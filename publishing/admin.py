from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from publishing.access import PartnerScopedAdmin
from publishing.models import Source
from publishing.workflow_admin import WorkflowAdmin

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

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return obj.get_status_display()
