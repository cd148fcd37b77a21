from django.contrib import admin

from publishing.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "url"]
    search_fields = ["title", "publisher", "url", "key"]
    prepopulated_fields = {"key": ["title"]}


class PublishableAdmin(admin.ModelAdmin):
    """What every content record's admin shares: status in lists and filters, slugs from titles, timestamps."""

    list_filter = ["status"]
    readonly_fields = ["created", "updated"]
    list_per_page = 50
    save_on_top = True

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return obj.get_status_display()
