from django import forms
from django.contrib import admin
from django.db import models

from partners.models import (
    Action,
    ActionPlan,
    Instrument,
    Partner,
    Partnership,
    Region,
    ReportedFigure,
    StaffMembership,
)
from publishing.access import PartnerScopedAdmin
from publishing.admin import PortalAdmin, PortalStackedInline, PortalTabularInline, PublishableAdmin
from publishing.workflow_admin.children import ChildAdmin


@admin.register(Region)
class RegionAdmin(PortalAdmin):
    list_display = ["name", "nuts_code", "country"]
    list_filter = ["country"]
    search_fields = ["name", "nuts_code"]
    autocomplete_fields = ["sources"]


@admin.register(Instrument)
class InstrumentAdmin(PortalAdmin):
    list_display = ["name", "abbreviation", "code", "position"]
    search_fields = ["name", "abbreviation", "code"]
    prepopulated_fields = {"code": ["name"]}
    autocomplete_fields = ["sources"]


class ReportedFigureInline(PortalTabularInline):
    model = ReportedFigure
    extra = 0
    autocomplete_fields = ["sources"]


@admin.register(Partnership)
class PartnershipAdmin(PortalAdmin):
    list_display = ["acronym", "programme", "start_date", "end_date", "budget_eur"]
    autocomplete_fields = ["sources"]
    inlines = [ReportedFigureInline]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(PortalAdmin):
    list_display = ["kind", "stage", "display_value", "partnership"]
    list_filter = ["stage"]
    list_select_related = ["partnership"]
    autocomplete_fields = ["sources"]


class PartnerColumns:
    """List columns that content admins of several apps share: a record's instruments and its partner's region."""

    @admin.display(description="instruments")
    def instrument_names(self, obj):
        return ", ".join(instrument.short_name for instrument in obj.instruments.all())

    @admin.display(description="region", ordering="partner__region__name")
    def partner_region(self, obj):
        return obj.partner.region if obj.partner else "-"


@admin.register(Partner)
class PartnerAdmin(PublishableAdmin):
    # Which partner a record belongs to, for the admin's per-partner rules (publishing.access): a partner is its own.
    owner_field = None
    list_display = ["number", "name", "acronym", "role", "region", "status_label", "public_link"]
    list_display_links = ["number", "name"]
    list_filter = ["status", "role", "region", "region__country"]
    list_select_related = ["region"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["region", "sources"]
    prepopulated_fields = {"slug": ["name"]}
    secretariat_fields = ["number", "role"]

    def get_deleted_objects(self, objs, request):
        # Records that name a partner keep it (see partners.models): show them as protected, not as a server error.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [
            *protected,
            *(
                f"{record._meta.verbose_name.capitalize()}: {record}"
                for partner in objs
                for record in partner.records_naming_it()
            ),
        ]
        return deleted, model_count, perms_needed, protected


# The tracker's fields, compact: status and dates on one line, a short box for what happened.
TRACKER_WIDGETS = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


class ActionInline(PortalStackedInline):
    model = Action
    extra = 0
    fields = [
        ("number", "title"),
        "description",
        ("status", "start_date", "end_date"),
        "outcome",
        "instruments",
        "slug",
        "sources",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["instruments", "sources"]
    formfield_overrides = {**PortalStackedInline.formfield_overrides, **TRACKER_WIDGETS}


@admin.register(ActionPlan)
class ActionPlanAdmin(PartnerColumns, PublishableAdmin):
    owner_field = "partner"
    list_display = ["title", "partner", "partner_region", "instrument_names", "status_label", "public_link"]
    list_filter = ["status", "partner", "partner__region", "actions__instruments"]
    list_select_related = ["partner__region"]
    list_prefetch_related = ["actions__instruments"]
    search_fields = ["title", "partner__name"]
    autocomplete_fields = ["partner", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ActionInline]

    @admin.display(description="instruments")
    def instrument_names(self, obj):
        """The instruments of the plan's actions."""
        names = {instrument.short_name for action in obj.actions.all() for instrument in action.instruments.all()}
        return ", ".join(sorted(names))


@admin.register(Action)
class ActionAdmin(PartnerScopedAdmin, ChildAdmin, PortalAdmin):
    """An action shows on its plan's page (and its partner's): editors change a published plan's actions on the
    plan's form, where the change waits for review."""

    owner_field = "action_plan"
    public_parents = ["action_plan"]
    list_display = ["__str__", "action_plan", "status", "start_date", "end_date"]
    list_filter = ["status", "instruments"]
    list_select_related = ["action_plan"]
    search_fields = ["title", "action_plan__title", "action_plan__partner__name"]
    fields = ["action_plan", *ActionInline.fields]
    autocomplete_fields = ["action_plan", "instruments", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {**PortalAdmin.formfield_overrides, **TRACKER_WIDGETS}


@admin.register(StaffMembership)
class StaffMembershipAdmin(PortalAdmin):
    list_display = ["user", "partner"]
    list_select_related = ["user", "partner"]
    list_filter = ["partner"]
    search_fields = ["user__username", "user__email", "partner__name"]
    autocomplete_fields = ["user", "partner"]
