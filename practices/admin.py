from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partners.admin import TRACKER_WIDGETS, PartnerColumns
from practices.models import (
    GoodPractice,
    GoodPracticeImage,
    GoodPracticeLink,
    GoodPracticeStep,
    StudyVisit,
    Theme,
    Transfer,
)
from publishing.access import PartnerScopedAdmin
from publishing.admin import PortalAdmin, PortalTabularInline, PublishableAdmin
from publishing.workflow_admin.children import ChildAdmin


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
    fields = ["kind", "title", "url", "document"]
    extra = 0
    verbose_name = _("link or document")
    verbose_name_plural = _("links and documents")


class StepFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        positions = [
            form.cleaned_data["position"]
            for form in self.forms
            if form.cleaned_data.get("position") is not None and not self._should_delete_form(form)
        ]
        if len(positions) != len(set(positions)):
            raise ValidationError(_("Two steps have the same position: give each step its own number."))


class GoodPracticeStepInline(PortalTabularInline):
    model = GoodPracticeStep
    formset = StepFormSet
    fields = ["position", "title", "description", "timing"]
    extra = 0


@admin.register(GoodPractice)
class GoodPracticeAdmin(PartnerColumns, PublishableAdmin):
    # Every partner who identified a practice shares it; a practice with no partner is the secretariat's.
    owner_field = "partners"
    list_display = ["title", "partner_names", "region", "instrument_names", "status_label", "updated", "public_link"]
    list_filter = ["status", "partners", "region", "instruments", "themes"]
    list_select_related = ["region"]
    list_prefetch_related = ["partners", "instruments"]
    search_fields = ["title", "summary", "organisation"]
    autocomplete_fields = ["region", "partners", "instruments", "themes", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GoodPracticeStepInline, GoodPracticeLinkInline, GoodPracticeImageInline]
    fieldsets = [
        (None, {"fields": ["title", "summary", "description", "region", "partners", "instruments", "themes"]}),
        (
            _("The buyer and how it bought"),
            {"fields": ["organisation", "buyer", "procedures", "challenge", ("start_year", "end_year")]},
        ),
        (
            _("As the Interreg Europe database describes a practice"),
            {"fields": ["resources_needed", "evidence_of_success", "transferability"]},
        ),
        (_("Elsewhere"), {"fields": ["contact_url", "interreg_europe_url", "keep_eu_url"]}),
        (_("Publication"), {"fields": ["sources", "slug", "status", "created", "updated"]}),
    ]

    @admin.display(description="partners")
    def partner_names(self, obj):
        return ", ".join(partner.short_name for partner in obj.partners.all())


@admin.register(GoodPracticeImage)
class GoodPracticeImageAdmin(PartnerScopedAdmin, ChildAdmin, PortalAdmin):
    owner_field = "practice"
    public_parents = ["practice"]
    list_display = ["alt_text", "practice"]
    list_select_related = ["practice"]
    autocomplete_fields = ["practice"]


@admin.register(GoodPracticeLink)
class GoodPracticeLinkAdmin(PartnerScopedAdmin, ChildAdmin, PortalAdmin):
    owner_field = "practice"
    public_parents = ["practice"]
    list_display = ["title", "url", "practice"]
    list_select_related = ["practice"]
    autocomplete_fields = ["practice"]


@admin.register(GoodPracticeStep)
class GoodPracticeStepAdmin(PartnerScopedAdmin, ChildAdmin, PortalAdmin):
    owner_field = "practice"
    public_parents = ["practice"]
    list_display = ["title", "position", "practice"]
    list_select_related = ["practice"]
    autocomplete_fields = ["practice"]


@admin.register(StudyVisit)
class StudyVisitAdmin(PublishableAdmin):
    # A visit is its host's to edit; a partner that merely joined it does not own it.
    owner_field = "host_partner"
    list_display = ["title", "kind", "place", "start_date", "host_partner", "region", "status_label", "public_link"]
    list_filter = ["status", "kind", "host_partner", "region"]
    list_select_related = ["host_partner", "region"]
    search_fields = ["title", "place", "description"]
    autocomplete_fields = ["host_partner", "region", "participating_partners", "related_practices", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"


class ActionPermissions:
    """A transfer is part of the record of the action it inspired: whoever may view, add, change or delete actions
    may do the same with transfers (besides anyone given the transfer permissions themselves)."""

    def has_action_perm(self, request, action):
        user = request.user
        return user.has_perm(f"practices.{action}_transfer") or user.has_perm(f"partners.{action}_action")

    def has_view_permission(self, request, obj=None):
        return self.has_action_perm(request, "view") or self.has_action_perm(request, "change")

    def has_add_permission(self, request):
        return self.has_action_perm(request, "add")

    def has_change_permission(self, request, obj=None):
        return self.has_action_perm(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self.has_action_perm(request, "delete")


@admin.register(Transfer)
class TransferAdmin(PartnerScopedAdmin, ChildAdmin, ActionPermissions, PortalAdmin, SimpleHistoryAdmin):
    """Which practice inspired which action, and where it was seen. An editor records transfers into its own
    partner's actions only, from practices and visits that are published (or its own).

    A transfer shows on the action's plan page and on the practice's page when both are published; no form holds
    it inline, so an editor records one while the plan is a draft (the plan's review shows it), and the
    secretariat records those into published plans."""

    # A transfer is reported by the partner whose action the practice inspired: the form field `action` says whose
    # it is (publishing.access offers an editor only its own partner's actions there).
    owner_field = "action"
    public_parents = ["action__action_plan", "practice"]
    edited_on_parent = False

    list_display = ["practice", "action", "action_partner", "study_visit"]
    list_select_related = ["practice", "action__action_plan__partner", "study_visit"]
    list_filter = [("action__action_plan__partner", admin.RelatedOnlyFieldListFilter), "practice__region"]
    search_fields = ["practice__title", "action__title", "action__action_plan__partner__name", "note"]
    fields = ["practice", "action", "study_visit", "note", "sources"]
    autocomplete_fields = ["practice", "action", "study_visit", "sources"]
    formfield_overrides = {**PortalAdmin.formfield_overrides, **TRACKER_WIDGETS}

    @admin.display(description="partner", ordering="action__action_plan__partner__number")
    def action_partner(self, obj):
        return obj.action.action_plan.partner

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An editor names a practice or a visit that is public, or one of its own partner's.
        scoped, partner = self.scoped_partner(request)
        if scoped and db_field.name in {"practice", "study_visit"}:
            model = db_field.related_model
            own = model.objects.for_partner(partner) if partner else model.objects.none()
            kwargs["queryset"] = model.objects.published() | model.objects.filter(pk__in=own.values("pk"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
