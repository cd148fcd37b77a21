from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from publishing.access import PartnerScopedAdmin
from publishing.models import NotificationPreference, PendingChange, SlugHistory, Source, Transition
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

    def get_list_filter(self, request):
        """For an editor, related filters offer only what their own records point to (drawn from get_queryset,
        which holds their partner's records), never every partner, plan or practice."""
        filters = super().get_list_filter(request)
        if not self.scoped_partner(request)[0]:
            return filters
        return [
            (entry, admin.RelatedOnlyFieldListFilter)
            if isinstance(entry, str) and get_fields_from_path(self.model, entry)[-1].is_relation
            else entry
            for entry in filters
        ]

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return obj.get_status_display()


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


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(RecordLogAdmin, PortalAdmin):
    """Who turned the workflow's e-mails off; each staff member sets their own at /admin/e-mail-settings/."""

    list_display = ["user", "workflow_email"]
    list_filter = ["workflow_email"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]


@admin.register(SlugHistory)
class SlugHistoryAdmin(RecordLogAdmin, PortalAdmin):
    """The former addresses that redirect to a record's current page; the saves of records keep them."""

    list_display = ["changed", "old_slug", "record_link"]
    list_filter = ["content_type"]
    list_select_related = ["content_type"]
    search_fields = ["old_slug"]
