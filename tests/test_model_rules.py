"""The data rules of the portal, as the database enforces them and as full_clean() reports them to an editor.

Database-level checks run inside `transaction.atomic()`, a savepoint, so the test can go on after the refusal on
PostgreSQL too.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from library.models import Report
from partners.models import (
    Action,
    ActionPlan,
    ActionStatus,
    FigureKind,
    FigureStage,
    Instrument,
    Partner,
    Partnership,
    Region,
    ReportedFigure,
    Role,
)
from practices.models import GoodPractice, GoodPracticeImage, GoodPracticeLink, StudyVisit, Theme
from publishing.models import Source, Status
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    PartnershipFactory,
    RegionFactory,
    ReportedFigureFactory,
    ReportFactory,
    StudyVisitFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_FACTORIES = {
    "partner": PartnerFactory,
    "action-plan": ActionPlanFactory,
    "good-practice": GoodPracticeFactory,
    "study-visit": StudyVisitFactory,
    "report": ReportFactory,
}
public_factories = pytest.mark.parametrize("factory", PUBLIC_FACTORIES.values(), ids=list(PUBLIC_FACTORIES))


# The factories these tests build on


@pytest.mark.parametrize(
    "factory",
    [
        RegionFactory,
        InstrumentFactory,
        PartnershipFactory,
        ReportedFigureFactory,
        PartnerFactory,
        ActionPlanFactory,
        ActionFactory,
        ThemeFactory,
        GoodPracticeFactory,
        StudyVisitFactory,
        ReportFactory,
    ],
    ids=lambda factory: factory._meta.model.__name__,
)
def test_every_factory_makes_a_valid_record_from_its_defaults(factory):
    record = factory()

    record.full_clean()


# The lead partner


def test_a_second_lead_partner_is_refused_by_the_database():
    PartnerFactory(role=Role.LEAD)

    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerFactory(role=Role.LEAD)

    assert Partner.objects.leads().count() == 1


def test_a_second_lead_partner_fails_validation():
    PartnerFactory(role=Role.LEAD)
    second = PartnerFactory.build(role=Role.LEAD, region=RegionFactory())

    with pytest.raises(ValidationError, match="There is already a lead partner"):
        second.full_clean()


def test_one_lead_and_many_ordinary_partners_are_fine():
    PartnerFactory(role=Role.LEAD)
    PartnerFactory.create_batch(6, role=Role.PARTNER)
    ordinary = PartnerFactory.build(role=Role.PARTNER, region=RegionFactory())

    ordinary.full_clean()
    assert Partner.objects.count() == 7
    assert Partner.objects.leads().count() == 1


def test_the_lead_may_be_validated_and_saved_again():
    lead = PartnerFactory(role=Role.LEAD)
    lead.name = "Lead agency, renamed"

    lead.full_clean()
    lead.save()

    assert Partner.objects.get(role=Role.LEAD).name == "Lead agency, renamed"


# Partner numbers and slugs


def test_partner_number_is_unique():
    PartnerFactory(number=3)
    duplicate = PartnerFactory.build(number=3, region=RegionFactory())

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "number" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_partner_number_zero_is_refused():
    zero = PartnerFactory.build(number=0, region=RegionFactory())

    with pytest.raises(ValidationError, match="The consortium number starts at 1"):
        zero.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        zero.save()
    assert not Partner.objects.exists()


def test_partner_number_one_is_fine():
    PartnerFactory.build(number=1, region=RegionFactory()).full_clean()


@public_factories
def test_slug_is_unique_within_a_model(factory):
    factory(slug="shared-slug")
    duplicate = factory.build(slug="shared-slug")

    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="shared-slug")
    assert factory._meta.model.objects.filter(slug="shared-slug").count() == 1
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean(exclude=["partner", "region", "host_partner"])
    assert "slug" in error.value.message_dict


def test_the_same_slug_may_be_used_by_different_models():
    for factory in PUBLIC_FACTORIES.values():
        factory(slug="shared-slug")
    ThemeFactory(slug="shared-slug")

    for factory in PUBLIC_FACTORIES.values():
        assert factory._meta.model.objects.filter(slug="shared-slug").count() == 1


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Theme, {"name": "Health", "slug": "health"}),
        (Instrument, {"code": "ppi", "name": "Public procurement of innovation", "description": "Buying new."}),
        (Region, {"name": "Catalonia", "nuts_code": "ES51", "country": "ES"}),
    ],
    ids=["theme", "instrument", "region"],
)
def test_reference_data_keys_are_unique(model, values):
    model.objects.create(**values)

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**values)
    assert model.objects.count() == 1


# Dates and years in order


@pytest.mark.parametrize(
    ("start", "end", "valid"),
    [
        (datetime.date(2019, 3, 6), datetime.date(2019, 3, 5), False),
        (datetime.date(2019, 3, 6), datetime.date(2019, 3, 6), True),
        (datetime.date(2019, 3, 6), datetime.date(2019, 3, 8), True),
    ],
    ids=["ends-before-it-starts", "one-day", "three-days"],
)
def test_study_visit_dates_in_order(start, end, valid):
    visit = StudyVisitFactory.build(start_date=start, end_date=end, host_partner=PartnerFactory())

    if valid:
        visit.full_clean()
        visit.save()
        assert StudyVisit.objects.filter(pk=visit.pk).exists()
    else:
        with pytest.raises(ValidationError, match="A visit cannot end before it starts"):
            visit.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            visit.save()
        assert not StudyVisit.objects.exists()


def test_partnership_ending_before_it_starts_is_refused():
    partnership = PartnershipFactory.build(start_date=datetime.date(2022, 11, 30), end_date=datetime.date(2018, 6, 1))

    with pytest.raises(ValidationError, match="The partnership cannot end before it starts"):
        partnership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        partnership.save()
    assert not Partnership.objects.exists()


def test_partnership_budget_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(budget_eur=-1)


@pytest.mark.parametrize(
    ("start_year", "end_year", "valid"),
    [
        (2020, 2018, False),
        (2018, 2018, True),
        (2018, 2020, True),
        (2018, None, True),
        (None, 2020, True),
        (None, None, True),
    ],
    ids=["end-before-start", "one-year", "in-order", "start-only", "end-only", "neither"],
)
def test_good_practice_years_in_order(start_year, end_year, valid):
    practice = GoodPracticeFactory.build(start_year=start_year, end_year=end_year, region=RegionFactory())

    if valid:
        practice.full_clean()
        practice.save()
        assert GoodPractice.objects.filter(pk=practice.pk).exists()
    else:
        with pytest.raises(ValidationError, match="The practice cannot end before the year it started"):
            practice.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            practice.save()
        assert not GoodPractice.objects.exists()


@pytest.mark.parametrize("field", ["start_year", "end_year"])
@pytest.mark.parametrize(("year", "valid"), [(1949, False), (1950, True), (2100, True), (2101, False)])
def test_good_practice_years_between_1950_and_2100(field, year, valid):
    practice = GoodPracticeFactory.build(region=RegionFactory(), **{field: year})

    if valid:
        practice.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            practice.full_clean()
        assert list(error.value.message_dict) == [field]


# Unknown choice values


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (PartnerFactory, "status"),
        (PartnerFactory, "role"),
        (ActionPlanFactory, "status"),
        (GoodPracticeFactory, "status"),
        (StudyVisitFactory, "status"),
        (StudyVisitFactory, "kind"),
        (ReportFactory, "status"),
        (ReportFactory, "kind"),
        (ReportFactory, "language"),
        (ActionFactory, "status"),
    ],
    ids=lambda value: value if isinstance(value, str) else value._meta.model.__name__,
)
def test_unknown_choice_values_are_refused(factory, field):
    record = factory()
    model = type(record)

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=record.pk).update(**{field: "pending"})

    setattr(record, field, "pending")
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert field in error.value.message_dict
    record.refresh_from_db()
    assert getattr(record, field) != "pending"


@pytest.mark.parametrize("field", ["kind", "stage"])
def test_unknown_reported_figure_kind_or_stage_is_refused(field):
    figure = ReportedFigureFactory(kind=FigureKind.STUDY_VISITS, stage=FigureStage.ACHIEVED)

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportedFigure.objects.filter(pk=figure.pk).update(**{field: "pending"})

    setattr(figure, field, "pending")
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert list(error.value.message_dict) == [field]


def test_one_reported_figure_per_stage_and_kind():
    ReportedFigureFactory(kind=FigureKind.STUDY_VISITS, stage=FigureStage.ACHIEVED, value=7)
    ReportedFigureFactory(kind=FigureKind.STUDY_VISITS, stage=FigureStage.PLANNED, value=6)

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportedFigureFactory(kind=FigureKind.STUDY_VISITS, stage=FigureStage.ACHIEVED, value=8)
    assert list(ReportedFigure.objects.order_by("value").values_list("stage", "value")) == [
        (FigureStage.PLANNED, 6),
        (FigureStage.ACHIEVED, 7),
    ]


# Actions


def test_action_numbers_are_unique_within_a_plan():
    plan = ActionPlanFactory()
    ActionFactory(action_plan=plan, number=1)
    duplicate = ActionFactory.build(action_plan=plan, number=1)

    with pytest.raises(ValidationError, match="Action plan and Number"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert plan.actions.count() == 1


def test_action_numbers_may_repeat_across_plans():
    ActionFactory(number=1)
    other = ActionFactory.build(number=1, action_plan=ActionPlanFactory())

    other.full_clean()
    other.save()

    assert Action.objects.filter(number=1).count() == 2


def test_two_unnumbered_actions_in_one_plan_are_allowed():
    plan = ActionPlanFactory()
    ActionFactory(action_plan=plan, number=None)
    second = ActionFactory.build(action_plan=plan, number=None)

    second.full_clean()
    second.save()

    assert plan.actions.filter(number__isnull=True).count() == 2


def test_action_slugs_are_unique_within_a_plan():
    plan = ActionPlanFactory()
    ActionFactory(action_plan=plan, slug="training")

    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(action_plan=plan, slug="training")
    ActionFactory(slug="training")
    assert Action.objects.filter(slug="training").count() == 2


@pytest.mark.parametrize("status", ["", *ActionStatus.values])
def test_action_status_may_be_empty_or_one_of_four(status):
    action = ActionFactory.build(status=status, action_plan=ActionPlanFactory())

    action.full_clean()
    action.save()

    assert Action.objects.get(pk=action.pk).status == status


def test_an_action_has_four_statuses():
    assert ActionStatus.values == ["planned", "in-progress", "done", "dropped"]


def test_unknown_action_status_is_refused():
    action = ActionFactory.build(status="finished", action_plan=ActionPlanFactory())

    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert list(error.value.message_dict) == ["status"]
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


# Regions


@pytest.mark.parametrize(
    ("nuts_code", "valid"),
    [
        ("ES53", True),
        ("FI197", True),
        ("LT", True),
        ("es53", False),
        ("E", False),
        ("ES-53", False),
        ("LT\n", False),  # SQLite's REGEXP is Python's re.search, whose $ also matches before a final newline
    ],
    ids=["ES53", "FI197", "LT", "es53", "E", "ES-53", "LT-newline"],
)
def test_region_nuts_code_format(nuts_code, valid):
    region = Region(name="Somewhere", nuts_code=nuts_code, country="ES")

    if valid:
        region.full_clean()
        region.save()
        assert Region.objects.get(nuts_code=nuts_code) == region
    else:
        with pytest.raises(ValidationError, match="A NUTS code is two capital letters"):
            region.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            region.save()
        assert not Region.objects.exists()


# What the public sees


@public_factories
def test_published_returns_only_published_records(factory):
    published = factory(status=Status.PUBLISHED)
    factory(status=Status.DRAFT)

    assert list(factory._meta.model.objects.published()) == [published]


def test_readable_str():
    partnership = PartnershipFactory(acronym="iBuy")
    partner = PartnerFactory(name="Public Procurement Office", region=RegionFactory(name="Lithuania", nuts_code="LT"))
    plan = ActionPlanFactory(partner=partner, title="Action plan of Lithuania")
    practice = GoodPracticeFactory(title="Smart lighting")

    assert str(partnership) == "iBuy"
    assert str(ReportedFigureFactory(partnership=partnership, kind=FigureKind.STUDY_VISITS)) == "Study visits: 7"
    assert str(partner) == "Public Procurement Office"
    assert str(partner.region) == "Lithuania"
    assert str(InstrumentFactory(name="Pre-commercial procurement")) == "Pre-commercial procurement"
    assert str(plan) == "Action plan of Lithuania"
    assert str(ActionFactory(action_plan=plan, number=2, title="Train buyers")) == "Action 2: Train buyers"
    assert str(ActionFactory(action_plan=plan, number=None, title="Open a help desk")) == "Open a help desk"
    assert str(ThemeFactory(name="Health")) == "Health"
    assert str(practice) == "Smart lighting"
    link = GoodPracticeLink.objects.create(practice=practice, title="Case study", url="https://example.org/case")
    assert str(link) == "Case study"
    assert str(GoodPracticeImage(practice=practice, alt_text="A street lamp")) == "A street lamp"
    assert str(StudyVisitFactory(title="Study visit to Helsinki")) == "Study visit to Helsinki"
    assert str(ReportFactory(title="Guide to PPI")) == "Guide to PPI"
    assert str(Source(title="Final report", publisher="Interreg Europe")) == "Interreg Europe: Final report"
    assert str(Source(title="Final report")) == "Final report"


@pytest.mark.parametrize(
    ("factory", "path"),
    [
        (PartnerFactory, "/partners/the-slug/"),
        (ActionPlanFactory, "/action-plans/the-slug/"),
        (GoodPracticeFactory, "/practices/the-slug/"),
        (StudyVisitFactory, "/study-visits/the-slug/"),
        (ReportFactory, "/library/the-slug/"),
    ],
    ids=list(PUBLIC_FACTORIES),
)
def test_absolute_urls(factory, path):
    assert factory(slug="the-slug").get_absolute_url() == path


def test_an_actions_url_is_its_plans_page_and_anchor():
    action = ActionFactory(slug="train-buyers", action_plan=ActionPlanFactory(slug="lithuania"))

    assert action.get_absolute_url() == "/action-plans/lithuania/#action-train-buyers"


# Timestamps


@public_factories
@pytest.mark.parametrize("update_fields", [None, ["slug"]], ids=["save", "save-update-fields"])
def test_saving_updates_updated_but_not_created(factory, update_fields):
    record = factory()
    long_ago = timezone.now() - datetime.timedelta(days=400)
    type(record).objects.filter(pk=record.pk).update(created=long_ago, updated=long_ago)
    record.refresh_from_db()
    before_saving = timezone.now()

    record.slug = "renamed"
    record.save(update_fields=update_fields)

    record.refresh_from_db()
    assert record.slug == "renamed"
    assert record.created == long_ago
    assert record.updated >= before_saving


# Natural keys


NATURAL_KEY_MODELS = [
    Source,
    Region,
    Instrument,
    Partnership,
    ReportedFigure,
    Partner,
    ActionPlan,
    Action,
    Theme,
    GoodPractice,
    GoodPracticeLink,
    StudyVisit,
    Report,
]


@pytest.mark.parametrize("model", NATURAL_KEY_MODELS, ids=lambda model: model.__name__)
def test_natural_keys_round_trip(model, make_record):
    make_record(model)
    record = make_record(model)

    assert model.objects.get_by_natural_key(*record.natural_key()) == record


# Deleting a partner


@pytest.mark.parametrize(
    "attach",
    [
        lambda partner: ActionPlanFactory(partner=partner),
        lambda partner: StudyVisitFactory(host_partner=partner),
        lambda partner: ReportFactory(partner=partner),
        lambda partner: GoodPracticeFactory(partners=[partner]),
        lambda partner: StudyVisitFactory(participating_partners=[partner]),
    ],
    ids=["action-plan", "hosted-visit", "report", "good-practice", "joined-visit"],
)
def test_deleting_a_partner_with_content_is_refused(attach):
    partner = PartnerFactory()
    content = attach(partner)
    before = content_naming(partner)

    with pytest.raises(ProtectedError), transaction.atomic():
        partner.delete()

    assert Partner.objects.filter(pk=partner.pk).exists()
    assert type(content).objects.filter(pk=content.pk).exists()
    assert content_naming(partner) == before


def content_naming(partner):
    return {
        "plans": list(ActionPlan.objects.filter(partner=partner)),
        "hosted": list(StudyVisit.objects.filter(host_partner=partner)),
        "reports": list(Report.objects.filter(partner=partner)),
        "practices": list(GoodPractice.objects.filter(partners=partner)),
        "joined": list(StudyVisit.objects.filter(participating_partners=partner)),
    }


def test_a_partner_without_content_can_be_deleted():
    partner = PartnerFactory()

    partner.delete()

    assert not Partner.objects.exists()


def test_deleting_a_region_with_partners_is_refused():
    partner = PartnerFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        partner.region.delete()

    assert Region.objects.filter(pk=partner.region_id).exists()


# Reported figures


@pytest.mark.parametrize(
    ("value", "is_lower_bound", "per", "expected"),
    [
        (1000, True, "semester", "more than 1,000 per semester"),
        (7, False, "", "7"),
        (25, True, "", "more than 25"),
        (12000, False, "", "12,000"),
    ],
)
def test_reported_figure_display_value(value, is_lower_bound, per, expected):
    figure = ReportedFigure(value=value, is_lower_bound=is_lower_bound, per=per)

    assert figure.display_value == expected
