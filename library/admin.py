from django.contrib import admin

from library.models import Report
from partners.admin import PartnerColumns
from publishing.admin import PublishableAdmin


@admin.register(Report)
class ReportAdmin(PartnerColumns, PublishableAdmin):
    owner_field = "partner"
    list_display = [
        "title",
        "kind",
        "partner",
        "partner_region",
        "instrument_names",
        "language",
        "publication_date",
        "status_label",
        "public_link",
    ]
    list_filter = ["status", "kind", "partner", "partner__region", "instruments", "language"]
    list_select_related = ["partner__region"]
    list_prefetch_related = ["instruments"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["partner", "instruments", "sources"]
    prepopulated_fields = {"slug": ["title"]}
