from django.contrib import admin

from library.models import Report
from publishing.admin import PublishableAdmin


@admin.register(Report)
class ReportAdmin(PublishableAdmin):
    list_display = ["title", "kind", "partner", "language", "publication_date", "status_label"]
    list_filter = ["status", "kind", "language", "instruments"]
    list_select_related = ["partner"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["partner", "instruments", "sources"]
    prepopulated_fields = {"slug": ["title"]}
