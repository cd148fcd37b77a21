"""The admin lists of content records: status, partner, region and instruments shown and filterable, search by
title, related choices by autocomplete, and no query per row."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.models import Report
from partners.models import ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit
from publishing.models import Status
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [Partner, ActionPlan, GoodPractice, StudyVisit, Report]


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def columns(model):
    return admin.site.get_model_admin(model).list_display


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_every_content_list_shows_status_and_a_public_link(model):
    assert "status_label" in columns(model)
    assert "public_link" in columns(model)
    assert "status" in admin.site.get_model_admin(model).list_filter


@pytest.mark.parametrize(
    ("model", "wanted"),
    [
        (Partner, {"region"}),
        (ActionPlan, {"partner", "partner_region", "instrument_names"}),
        (GoodPractice, {"partner_names", "region", "instrument_names"}),
        (StudyVisit, {"host_partner", "region"}),
        (Report, {"partner", "partner_region", "instrument_names"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_lists_show_partner_region_and_instruments_where_the_record_has_them(model, wanted):
    assert wanted <= set(columns(model))


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_related_choices_use_autocomplete(model):
    model_admin = admin.site.get_model_admin(model)
    related = {
        field.name
        for field in model._meta.get_fields()
        if (field.many_to_one or field.many_to_many or field.one_to_one)
        and field.concrete
        and field.editable
        # A link through a model of its own (a practice's inspired actions, through Transfer) has its own admin.
        and not (field.many_to_many and not field.remote_field.through._meta.auto_created)
    }
    assert related <= set(model_admin.autocomplete_fields)


def test_practice_list_shows_and_filters_by_partner_region_instrument_and_status(superuser_client):
    north, south = RegionFactory(name="North Karelia"), RegionFactory(name="Andalusia")
    pcp, ppi = InstrumentFactory(abbreviation="PCP"), InstrumentFactory(abbreviation="PPI")
    lead, other = PartnerFactory(acronym="LEAD"), PartnerFactory(acronym="OTHER")
    wanted = GoodPracticeFactory(
        title="Smart lighting", region=north, partners=[lead], instruments=[pcp], status=Status.SUBMITTED
    )
    GoodPracticeFactory(title="Robot nurses", region=south, partners=[other], instruments=[ppi])
    url = changelist(GoodPractice)

    listing = superuser_client.get(url)
    filtered = {
        query: list(superuser_client.get(url, {query: value}).context["cl"].result_list)
        for query, value in {
            "partners__id__exact": lead.pk,
            "region__id__exact": north.pk,
            "instruments__id__exact": pcp.pk,
            "status__exact": Status.SUBMITTED,
            "q": "smart",
        }.items()
    }

    row = listing.text[listing.text.index("Smart lighting") :].split("</tr>")[0]
    assert "LEAD" in row
    assert "North Karelia" in row
    assert "PCP" in row
    assert "Submitted for review" in row
    assert filtered == dict.fromkeys(filtered, [wanted])


def test_report_list_filters_by_partner_region(superuser_client):
    region = RegionFactory(name="Lithuania")
    report = ReportFactory(partner=PartnerFactory(region=region))
    ReportFactory()

    response = superuser_client.get(changelist(Report), {"partner__region__id__exact": region.pk})

    assert list(response.context["cl"].result_list) == [report]


# Query counts


def build_practices(count):
    for _ in range(count):
        GoodPracticeFactory(partners=PartnerFactory.create_batch(2), instruments=InstrumentFactory.create_batch(2))


def build_plans(count):
    for _ in range(count):
        plan = ActionPlanFactory()
        for action in ActionFactory.create_batch(2, action_plan=plan):
            action.instruments.set(InstrumentFactory.create_batch(2))


def build_reports(count):
    for _ in range(count):
        ReportFactory(instruments=InstrumentFactory.create_batch(2))


def build_visits(count):
    for _ in range(count):
        StudyVisitFactory(region=RegionFactory(), participating_partners=PartnerFactory.create_batch(2))


def build_partners(count):
    PartnerFactory.create_batch(count)


@pytest.mark.parametrize(
    ("model", "build"),
    [
        (GoodPractice, build_practices),
        (ActionPlan, build_plans),
        (Report, build_reports),
        (StudyVisit, build_visits),
        (Partner, build_partners),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_list_queries_do_not_grow_with_rows(superuser_client, django_assert_num_queries, model, build):
    """Guards N+1s through the partner, region and instruments columns: each row has two partners and two
    instruments of its own (a plan: two actions with two instruments each), loaded with the list."""
    build(2)
    with CaptureQueriesContext(connection) as with_two:
        assert superuser_client.get(changelist(model)).context["cl"].result_count == 2

    build(18)
    with django_assert_num_queries(len(with_two)):
        response = superuser_client.get(changelist(model))

    assert response.context["cl"].result_count == 20
