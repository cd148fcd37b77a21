"""Small builders of valid records for tests; each test states only what it cares about."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from library.models import Report, ReportKind
from partners.models import (
    Action,
    ActionPlan,
    FigureKind,
    Instrument,
    Partner,
    Partnership,
    Region,
    ReportedFigure,
    Role,
    StaffMembership,
)
from practices.models import GoodPractice, StudyVisit, Theme, Transfer, VisitKind
from publishing import access
from publishing.models import Source, Status


def links(field):
    """Sets a many-to-many field from the list given when building: `GoodPracticeFactory(partners=[a, b])`."""

    def set_links(record, create, extracted, **kwargs):
        if create and extracted:
            getattr(record, field).set(extracted)

    return factory.PostGeneration(set_links)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Final report {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["nuts_code"]

    name = factory.Sequence(lambda n: f"Region {n}")
    nuts_code = factory.Sequence(lambda n: f"XX{n % 1000:03d}")
    country = "LT"


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"instrument-{n}")
    name = factory.Sequence(lambda n: f"Instrument {n}")
    description = "A way to buy innovation."


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["acronym"]

    acronym = "iBuy"
    title = "fostering the role of public authorities as demanders of innovation through public procurement"
    programme = "Interreg Europe 2014-2020"
    start_date = datetime.date(2018, 6, 1)
    end_date = datetime.date(2022, 11, 30)


class ReportedFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedFigure

    partnership = factory.SubFactory(PartnershipFactory)
    kind = FigureKind.GOOD_PRACTICES
    value = 7


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Partner agency {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    region = factory.SubFactory(RegionFactory)
    role = Role.PARTNER
    status = Status.PUBLISHED


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    partner = factory.SubFactory(PartnerFactory)
    title = factory.LazyAttribute(lambda plan: f"Action plan of {plan.partner.name}")
    slug = factory.Sequence(lambda n: f"action-plan-{n}")
    status = Status.PUBLISHED


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    action_plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Action {n}")
    slug = factory.Sequence(lambda n: f"action-{n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Good practice {n}")
    slug = factory.Sequence(lambda n: f"good-practice-{n}")
    summary = "How a public buyer bought something new."
    region = factory.SubFactory(RegionFactory)
    status = Status.PUBLISHED

    partners = links("partners")
    instruments = links("instruments")
    themes = links("themes")


class StudyVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyVisit
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Study visit {n}")
    slug = factory.Sequence(lambda n: f"study-visit-{n}")
    kind = VisitKind.STUDY_VISIT
    host_partner = factory.SubFactory(PartnerFactory)
    place = "Vilnius"
    start_date = datetime.date(2019, 3, 6)
    end_date = datetime.date(2019, 3, 7)
    status = Status.PUBLISHED

    participating_partners = links("participating_partners")
    related_practices = links("related_practices")


class TransferFactory(factory.django.DjangoModelFactory):
    """A practice that inspired an action of another partner's plan: `TransferFactory(practice=p, action=a)`."""

    class Meta:
        model = Transfer

    practice = factory.SubFactory(GoodPracticeFactory)
    action = factory.SubFactory(ActionFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Report {n}")
    slug = factory.Sequence(lambda n: f"report-{n}")
    kind = ReportKind.REPORT
    partner = factory.SubFactory(PartnerFactory)
    status = Status.PUBLISHED

    instruments = links("instruments")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    """A staff account working for a partner: `StaffMembershipFactory(partner=p).user`."""

    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory, is_staff=True)
    partner = factory.SubFactory(PartnerFactory)


class EditorFactory(StaffMembershipFactory):
    """A partner's staff account in its role's group, as create_partner_editor makes it (the lead partner's staff
    are the secretariat): `EditorFactory(partner=p).user`."""

    class Meta:
        model = StaffMembership
        skip_postgeneration_save = True

    @factory.post_generation
    def role_group(membership, create, extracted, **kwargs):
        if create:
            name = access.SECRETARIAT_GROUP if membership.partner.is_lead else access.EDITORS_GROUP
            membership.user.groups.add(Group.objects.get(name=name))
