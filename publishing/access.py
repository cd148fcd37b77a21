"""Who may see and change which records in the admin: a partner's staff only their partner's, the secretariat all.

A model takes part by giving its QuerySet a `for_partner(partner)` verb (the records that partner owns) and its
admin an `owner_field` attribute (the form field that says whose record it is, None for the partner itself). Staff
with no partner who are not superusers see no content at all, only the reference data their permissions allow.

Publishing names no other app: which partner a staff account works for comes from the callable that the setting
PUBLISHING_PARTNER_OF names (a dotted path; unset, no account works for a partner), and who is the secretariat from
the permission "publishing.publish", which the app that knows the partners gives to the right accounts.
"""

from datetime import timedelta
from functools import cache

from axes.helpers import get_cool_off
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string

# The names of the roles' groups; the app that knows the partners creates them with their permissions.
SECRETARIAT_GROUP = "Secretariat"
EDITORS_GROUP = "Partner editors"

# The permission of the secretariat, who review and publish everyone's content (publishing.Transition's Meta).
PUBLISH_PERMISSION = "publishing.publish"


def no_partner(user):
    """PUBLISHING_PARTNER_OF's default: no account works for a partner, so only the secretariat sees content."""
    return None


@cache
def partner_lookup(path):
    return import_string(path)


def partner_lookup_in_use():
    """The callable user -> partner or None that PUBLISHING_PARTNER_OF names. Its optional `related` attribute
    lists the relations it reads from a user, for lists of users loaded with them in one query."""
    return partner_lookup(getattr(settings, "PUBLISHING_PARTNER_OF", "publishing.access.no_partner"))


def partner_of(user):
    """The partner a staff account works for, or None (superusers and accounts that work for no partner)."""
    return partner_lookup_in_use()(user)


def with_partners(users):
    """The users queryset with what `partner_of` reads loaded along (see partner_lookup_in_use)."""
    related = getattr(partner_lookup_in_use(), "related", ())
    # select_related() with no names would follow every foreign key.
    return users.select_related(*related) if related else users


def is_secretariat(user):
    """Active staff who hold the publish permission (superusers hold every one) review and publish everyone's
    content."""
    return user.is_active and user.is_staff and user.has_perm(PUBLISH_PERMISSION)


def retry_time(cool_off):
    """When a locked-out account may sign in again, rounded up to the minute that the page shows."""
    return (timezone.now() + cool_off).replace(second=0, microsecond=0) + timedelta(minutes=1)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): when to try again, whom to ask."""
    credentials = credentials or {}
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": credentials.get("username") or request.POST.get("username", ""),
        # Each attempt during the lockout starts the wait again (axes' default), so the wait counts from now.
        "retry_at": retry_time(cool_off) if cool_off else None,
    }
    return render(request, "axes/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class OwnersField(forms.ModelMultipleChoiceField):
    """The partners a shared record belongs to, as an editor sees them: none of them may be taken away."""

    kept = ()

    def clean(self, value):
        chosen = super().clean(value)
        missing = [record for record in self.kept if record not in chosen]
        if missing:
            names = ", ".join(str(record) for record in missing)
            raise ValidationError(
                f"{names} must stay: an editor cannot take a partner away from a record; ask the secretariat.",
                code="owner_removed",
            )
        return chosen


def owned_by(queryset, partner):
    """The records of the queryset that the partner owns; none without a partner."""
    return queryset.for_partner(partner) if partner is not None else queryset.none()


def is_partner_owned(model):
    return hasattr(model._default_manager.get_queryset(), "for_partner")


def owner_field_of(model, admin_site=admin.site):
    """The name of the field that says whose record it is, as the model's admin declares it; None for a partner
    itself, for reference data and for a model with no admin."""
    try:
        return getattr(admin_site.get_model_admin(model), "owner_field", None)
    except NotRegistered:
        return None


class PartnerScopedAdmin:
    """Mixin for the admin of a record that belongs to a partner.

    For a partner's editor: lists and autocomplete hold only the partner's records; another partner's record
    answers 403 on every page (change, delete, history), never a form; the field that says whose record it is
    offers only the editor's own choices, and a shared record keeps its other partners. Inlines follow their parent.
    """

    # The field that says whose record it is (a foreign key or a many-to-many to the records that say whose the
    # record is, ending at a partner); None for the partner itself.
    owner_field = None
    # Fields only the secretariat changes, such as a partner's role: an editor who could make its partner the lead
    # would become the secretariat.
    secretariat_fields = []

    def scoped_partner(self, request):
        """(True, partner) when the user sees only one partner's records (partner None: none), else (False, None)."""
        if is_secretariat(request.user):
            return False, None
        return True, partner_of(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scoped, partner = self.scoped_partner(request)
        if not scoped or not is_partner_owned(self.model):
            return queryset
        if self.is_reference_search(request):
            # Naming another partner's public record (a visit's participants, its practices) is not editing it.
            return queryset.filter(pk__in=owned_by(queryset, partner).values("pk")) | queryset.published()
        return owned_by(queryset, partner)

    def is_reference_search(self, request):
        """Whether this is an autocomplete search for a field that refers to records rather than owns them."""
        match = request.resolver_match
        if match is None or match.url_name != "autocomplete":
            return False
        try:
            source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        except (KeyError, LookupError):
            return False
        field_name = request.GET.get("field_name")
        if not is_partner_owned(source) or owner_field_of(source, self.admin_site) == field_name:
            return False
        return hasattr(self.model._default_manager.get_queryset(), "published")

    def get_object(self, request, object_id, from_field=None):
        # Looked up among all records, so that another partner's record meets the permission checks below (403)
        # rather than Django's "does not exist" redirect.
        queryset = super().get_queryset(request)
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def is_own(self, request, obj):
        scoped, partner = self.scoped_partner(request)
        if not scoped or not is_partner_owned(self.model):
            return True
        return owned_by(self.model._default_manager.all(), partner).filter(pk=obj.pk).exists()

    def has_add_permission(self, request, *args):
        scoped, partner = self.scoped_partner(request)
        return not (scoped and partner is None) and super().has_add_permission(request, *args)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or self.is_own(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.is_own(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self.is_own(request, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.scoped_partner(request)[0]:
            fields += [field for field in self.secretariat_fields if field not in fields]
        return fields

    # The field that says whose record it is

    def owner_field_kwargs(self, db_field, request):
        """Form-field options that limit the owner field to the editor's own records, with a clear message."""
        scoped, partner = self.scoped_partner(request)
        if not scoped or not is_partner_owned(self.model) or db_field.name != self.owner_field:
            return {}
        own = owned_by(db_field.related_model._default_manager.all(), partner)
        name = str(partner).replace("%", "%%") if partner else "your partner"
        message = f"Only records of {name} can be chosen here: editors add and keep their own partner's records."
        kwargs = {
            "queryset": own,
            "required": True,
            "error_messages": {"required": message, "invalid_choice": message, "invalid_pk_value": message},
        }
        if db_field.many_to_many:
            kwargs["form_class"] = OwnersField
            kwargs["help_text"] = f"{db_field.help_text} Only the secretariat removes a partner from the record."
        return kwargs

    def get_form(self, request, obj=None, *args, **kwargs):
        form = super().get_form(request, obj, *args, **kwargs)
        field = form.base_fields.get(self.owner_field or "")
        scoped, partner = self.scoped_partner(request)
        if scoped and isinstance(field, OwnersField):
            # A shared record: the editor's partner and the record's other partners stay, visibly, in the field.
            own = owned_by(field.queryset.model._default_manager.all(), partner)
            current = getattr(obj, self.owner_field).all() if obj is not None and obj.pk else own.none()
            field.kept = list({record.pk: record for record in [*own, *current]}.values())
            field.queryset = field.queryset.model._default_manager.filter(pk__in=[record.pk for record in field.kept])
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **{**kwargs, **self.owner_field_kwargs(db_field, request)}
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **{**kwargs, **self.owner_field_kwargs(db_field, request)}
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        scoped, partner = self.scoped_partner(request)
        field_name = self.owner_field
        if scoped and partner is not None and field_name and field_name not in initial:
            field = self.model._meta.get_field(field_name)
            own = list(owned_by(field.related_model._default_manager.all(), partner)[:2])
            if len(own) == 1:
                # The one possible owner is filled in; an editor with several practices picks one.
                initial[field_name] = [own[0].pk] if field.many_to_many else own[0].pk
        return initial

    def save_model(self, request, obj, form, change):
        scoped, partner = self.scoped_partner(request)
        field_name = self.owner_field
        if scoped and field_name and not self.model._meta.get_field(field_name).many_to_many:
            # The form already refuses another partner's choice; this guards any other way to the same save.
            owner = getattr(obj, field_name)
            if owner is None or not owned_by(type(owner)._default_manager.all(), partner).filter(pk=owner.pk).exists():
                raise PermissionDenied
        super().save_model(request, obj, form, change)


def axes_username(request, credentials):
    """The user name a sign-in gave, cut to what django-axes can store."""
    username = credentials.get("username") if credentials else request.POST.get("username")
    return username[:255] if isinstance(username, str) else username
