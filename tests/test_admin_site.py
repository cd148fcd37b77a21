"""The admin site as the secretariat uses it: every model is there, every page opens, and only staff get in."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from partners.models import Partner
from practices.models import GoodPractice
from tests.factories import ActionFactory, ActionPlanFactory, GoodPracticeFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_APPS = ["publishing", "partners", "practices", "library"]
# Historical models (django-simple-history) are reached through each record's history page, not listed; the
# content generation is a token the portal keeps for itself (publishing.generation), nothing anyone edits.
INTERNAL = {"publishing.ContentGeneration"}
ADMIN_MODELS = [
    model
    for label in ADMIN_APPS
    for model in apps.get_app_config(label).get_models()
    if not model.__name__.startswith("Historical") and model._meta.label not in INTERNAL
]
every_model = pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def test_every_model_of_the_portal_apps_is_listed():
    assert len(ADMIN_MODELS) >= 14
    assert [model._meta.label for model in ADMIN_MODELS if not admin.site.is_registered(model)] == []


@every_model
def test_changelist_opens(superuser_client, make_record, model):
    make_record(model)

    response = superuser_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@every_model
def test_add_form_opens(superuser_client, model):
    response = superuser_client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert "adminform" in response.context


@every_model
def test_change_form_opens(superuser_client, make_record, model):
    record = make_record(model)

    response = superuser_client.get(admin_url(model, "change", record.pk))

    assert response.status_code == 200
    assert response.context["original"] == record


@pytest.mark.parametrize(
    "model",
    [model for model in ADMIN_MODELS if admin.site.get_model_admin(model).search_fields],
    ids=lambda model: model._meta.label,
)
def test_changelist_search_finds_nothing_without_error(superuser_client, make_record, model):
    make_record(model)

    response = superuser_client.get(admin_url(model, "changelist"), {"q": "no record has this text"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


# Who gets in


@pytest.mark.parametrize("url", ["/admin/", "/admin/partners/partner/", "/admin/practices/goodpractice/add/"])
def test_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)

    assertRedirects(response, f"/admin/login/?next={url}")


@pytest.mark.parametrize("url", ["/admin/", "/admin/partners/partner/", "/admin/practices/goodpractice/add/"])
def test_logged_in_user_who_is_not_staff_is_sent_to_the_login_page(client, url):
    client.force_login(UserFactory(is_staff=False))

    response = client.get(url)

    assertRedirects(response, f"/admin/login/?next={url}")


def test_superuser_sees_the_index_with_every_app(superuser_client):
    response = superuser_client.get("/admin/")

    assert response.status_code == 200
    assert {app["app_label"] for app in response.context["app_list"]} >= set(ADMIN_APPS)


# Deleting from the admin


@pytest.mark.parametrize(
    "attach",
    [lambda partner: ActionPlanFactory(partner=partner), lambda partner: GoodPracticeFactory(partners=[partner])],
    ids=["action-plan", "good-practice"],
)
def test_admin_refuses_to_delete_a_partner_that_content_refers_to(superuser_client, attach):
    partner = PartnerFactory(name="Public Procurement Office")
    content = attach(partner)
    practices_naming_it = list(partner.good_practices.all())
    url = admin_url(Partner, "delete", partner.pk)

    confirmation = superuser_client.get(url)
    response = superuser_client.post(url, {"post": "yes"})

    assert confirmation.status_code == 200
    assert "would require deleting the following protected related objects" in confirmation.text
    assert response.status_code == 200
    assert Partner.objects.filter(pk=partner.pk).exists()
    assert type(content).objects.filter(pk=content.pk).exists()
    assert list(GoodPractice.objects.filter(partners__pk=partner.pk)) == practices_naming_it


# Query counts


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


def test_partner_changelist_queries_do_not_grow_with_partners(superuser_client):
    """Guards an N+1 through the region column: each partner's region must come with the list, not one by one."""
    PartnerFactory.create_batch(2)
    with_two = changelist_queries(superuser_client, Partner)

    PartnerFactory.create_batch(8)
    with_ten = changelist_queries(superuser_client, Partner)

    assert Partner.objects.values("region").distinct().count() == 10
    assert with_ten == with_two


@every_model
def test_changelist_queries_do_not_grow_with_rows(superuser_client, make_record, model):
    """Guards an N+1 through any related column of any list: every row below has its own related records."""
    for _ in range(2):
        make_record(model)
    with_two = changelist_queries(superuser_client, model)

    for _ in range(8):
        make_record(model)
    with_ten = changelist_queries(superuser_client, model)

    assert model.objects.count() == 10
    assert with_ten == with_two


def test_forms_put_the_content_before_the_bookkeeping(superuser_client):
    plan = ActionPlanFactory()
    ActionFactory(action_plan=plan)

    html = superuser_client.get(reverse("admin:partners_actionplan_change", args=[plan.pk])).text

    assert html.index('id="id_title"') < html.index('id="id_slug"') < html.index('id="id_sources"')
    # The same in the actions edited inline.
    assert html.index('id="id_actions-0-title"') < html.index('id="id_actions-0-sources"')


def test_the_admin_says_whose_it_is(superuser_client):
    assert '<div id="site-name"><a href="/admin/">iBuy portal: staff</a></div>' in superuser_client.get("/admin/").text
