from django.contrib import admin

from practices.models import GoodPractice, GoodPracticeImage, GoodPracticeLink, StudyVisit, Theme
from publishing.access import PartnerScopedAdmin
from publishing.admin import PortalAdmin, PortalTabularInline, PublishableAdmin


@admin.register(Theme)
class ThemeAdmin(PortalAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class GoodPracticeImageInline(PortalTabularInline):
    model = GoodPracticeImage
    extra = 0


class GoodPracticeLinkInline(PortalTabularInline):
    model = GoodPracticeLink
    extra = 0


@admin.register(GoodPractice)
class GoodPracticeAdmin(PublishableAdmin):
    list_display = ["title", "partner_names", "region", "instrument_names", "status_label", "updated", "public_link"]
    list_filter = ["status", "partners", "region", "instruments", "themes"]
    list_select_related = ["region"]
    list_prefetch_related = ["partners", "instruments"]
    search_fields = ["title", "summary", "organisation"]
    autocomplete_fields = ["region", "partners", "instruments", "themes", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GoodPracticeImageInline, GoodPracticeLinkInline]

    @admin.display(description="partners")
    def partner_names(self, obj):
        return ", ".join(partner.short_name for partner in obj.partners.all())


@admin.register(GoodPracticeImage)
class GoodPracticeImageAdmin(PartnerScopedAdmin, PortalAdmin):
    list_display = ["alt_text", "practice"]
    list_select_related = ["practice"]
    autocomplete_fields = ["practice"]


@admin.register(GoodPracticeLink)
class GoodPracticeLinkAdmin(PartnerScopedAdmin, PortalAdmin):
    list_display = ["title", "url", "practice"]
    list_select_related = ["practice"]
    autocomplete_fields = ["practice"]


@admin.register(StudyVisit)
class StudyVisitAdmin(PublishableAdmin):
    list_display = ["title", "kind", "place", "start_date", "host_partner", "region", "status_label", "public_link"]
    list_filter = ["status", "kind", "host_partner", "region"]
    list_select_related = ["host_partner", "region"]
    search_fields = ["title", "place", "description"]
    autocomplete_fields = ["host_partner", "region", "participating_partners", "related_practices", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
