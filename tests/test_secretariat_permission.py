"""Who is the secretariat: publishing asks for its "publish" permission, and partners.backends gives it to the lead
partner's staff. Superusers hold it as they hold every permission; no one else does, whatever group they are in."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import override_settings

from library.models import Report
from partners import roles
from partners.backends import LeadPartnerBackend
from partners.models import Action, ActionPlan, Partner, Role
from practices.models import (
    GoodPractice,
    GoodPracticeImage,
    GoodPracticeLink,
    GoodPracticeStep,
    StudyVisit,
    Theme,
    Transfer,
)
from publishing.access import SECRETARIAT_GROUP, is_secretariat, owner_field_of, partner_of, with_partners
from tests import factories

pytestmark = pytest.mark.django_db

User = get_user_model()


def fresh(user):
    """The account as the next request loads it: no cached permissions, no cached membership."""
    return User.objects.get(pk=user.pk)


def lead_staff(**user_fields):
    return factories.EditorFactory(
        partner=factories.PartnerFactory(role=Role.LEAD),
        **{f"user__{name}": value for name, value in {"is_staff": True, **user_fields}.items()},
    ).user


def test_the_lead_partners_staff_hold_the_publish_permission_through_the_partners_backend():
    user = fresh(lead_staff())

    assert user.has_perm("publishing.publish")
    assert LeadPartnerBackend().has_perm(user, "publishing.publish")
    assert is_secretariat(user)


def test_the_permission_is_not_stored_with_the_secretariat_group():
    """Being in the group alone makes no one the secretariat, as before: only the lead partner's staff are."""
    publish = Permission.objects.get(content_type__app_label="publishing", codename="publish")
    assert not Group.objects.get(name=SECRETARIAT_GROUP).permissions.filter(pk=publish.pk).exists()

    in_the_group_only = factories.UserFactory(is_staff=True)
    in_the_group_only.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))

    assert not is_secretariat(fresh(in_the_group_only))


def test_an_inactive_account_of_the_lead_partner_is_not_the_secretariat():
    user = fresh(lead_staff(is_active=False))

    assert not user.has_perm("publishing.publish")
    assert not LeadPartnerBackend().has_perm(user, "publishing.publish")
    assert not is_secretariat(user)


def test_a_lead_partners_account_that_is_not_staff_is_not_the_secretariat():
    user = fresh(lead_staff(is_staff=False))

    assert user.has_perm("publishing.publish")  # the permission follows the partner; the admin wants staff too
    assert not is_secretariat(user)


def test_a_partners_editor_is_not_the_secretariat():
    user = fresh(factories.EditorFactory(partner=factories.PartnerFactory(role=Role.PARTNER)).user)

    assert not user.has_perm("publishing.publish")
    assert not is_secretariat(user)
    assert partner_of(user) == user.membership.partner


def test_a_superuser_is_the_secretariat_without_a_partner():
    user = fresh(factories.UserFactory(is_staff=True, is_superuser=True))

    assert partner_of(user) is None
    assert is_secretariat(user)


def test_staff_with_no_partner_are_not_the_secretariat():
    assert not is_secretariat(fresh(factories.UserFactory(is_staff=True)))


def test_a_partner_that_stops_being_the_lead_stops_being_the_secretariat_at_once():
    """Django caches a user's model permissions on the user object; the backend's answer is never cached."""
    user = fresh(lead_staff())
    assert is_secretariat(user)
    assert user.has_perm("partners.change_partner")  # fills ModelBackend's per-user cache

    user.membership.partner.role = Role.PARTNER
    user.membership.partner.save()

    assert not is_secretariat(user)
    assert not is_secretariat(fresh(user))


def test_without_the_setting_no_account_works_for_a_partner():
    editor = fresh(factories.EditorFactory(partner=factories.PartnerFactory()).user)

    with override_settings():
        del settings.PUBLISHING_PARTNER_OF
        assert partner_of(editor) is None
        assert with_partners(User.objects.all()).query.select_related is False


def test_lists_of_users_load_what_partner_of_reads_in_the_same_query(django_assert_num_queries):
    editor = factories.EditorFactory(partner=factories.PartnerFactory(name="Agency A")).user

    with django_assert_num_queries(1):
        assert [str(partner_of(user)) for user in with_partners(User.objects.filter(pk=editor.pk))] == ["Agency A"]


@pytest.mark.parametrize(
    ("model", "owner_field"),
    [
        (Partner, None),
        (ActionPlan, "partner"),
        (Action, "action_plan"),
        (GoodPractice, "partners"),
        (GoodPracticeImage, "practice"),
        (GoodPracticeLink, "practice"),
        (GoodPracticeStep, "practice"),
        (StudyVisit, "host_partner"),
        (Transfer, "action"),
        (Report, "partner"),
        (Theme, None),
        (Permission, None),  # no admin at all
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_the_owner_field_is_what_the_models_admin_declares(model, owner_field):
    assert owner_field_of(model) == owner_field


def test_the_roles_cover_the_content_and_reference_data_each_app_declares():
    assert roles.CONTENT == [
        "partners.actionplan",
        "partners.action",
        "practices.goodpractice",
        "practices.goodpracticeimage",
        "practices.goodpracticelink",
        "practices.goodpracticestep",
        "practices.studyvisit",
        "practices.transfer",
        "library.report",
    ]
    assert sorted(roles.REFERENCE) == [
        "partners.instrument",
        "partners.region",
        "practices.theme",
        "publishing.source",
    ]
