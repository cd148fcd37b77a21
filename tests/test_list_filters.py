"""The facets of the public lists: each filter alone, several values of one (either matches), facets combined (all
hold), and the count shown beside each option (computed with the other facets applied, not its own)."""

import datetime

import pytest
from django.urls import reverse

from library.models import Language, ReportKind
from practices.models import VisitKind
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
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def titles(response):
    return sorted(str(record) for record in response.context["object_list"])


def counts(response, facet):
    """{value: count} of one facet's options as the form shows them."""
    group = next(group for group in response.context["facets"] if group.name == facet)
    return {option.value: option.count for option in group.options}


def checked(response, facet):
    group = next(group for group in response.context["facets"] if group.name == facet)
    return [option.value for option in group.options if option.checked]


@pytest.fixture
def world():
    """Two countries, three regions, three instruments, two themes, three partners (one a draft)."""
    lt = RegionFactory(nuts_code="LT", name="Lithuania", country="LT")
    es = RegionFactory(nuts_code="ES53", name="Balearic Islands", country="ES")
    es2 = RegionFactory(nuts_code="ES30", name="Madrid", country="ES")
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation", position=1)
    pcp = InstrumentFactory(code="pcp", name="Pre-commercial procurement", position=2)
    ip = InstrumentFactory(code="innovation-partnership", name="Innovation partnership", position=3)
    health = ThemeFactory(slug="health", name="Health")
    forestry = ThemeFactory(slug="forestry", name="Forestry")
    cpva = PartnerFactory(slug="cpva", name="CPVA", region=lt)
    ibiza = PartnerFactory(slug="fundacio-bit", name="Fundació BIT", region=es)
    draft = PartnerFactory(slug="draft-partner", name="Draft partner", region=es2, status=Status.DRAFT)
    return locals()


@pytest.fixture
def practices(world):
    w = world
    GoodPracticeFactory(
        title="Lithuanian PCP",
        region=w["lt"],
        instruments=[w["pcp"]],
        partners=[w["cpva"]],
        themes=[w["health"]],
        start_year=2016,
        end_year=2018,
    )
    GoodPracticeFactory(
        title="Balearic health platform",
        region=w["es"],
        instruments=[w["ppi"], w["pcp"]],
        partners=[w["ibiza"], w["draft"]],
        themes=[w["health"]],
        start_year=2019,
    )
    GoodPracticeFactory(
        title="Madrid forest partnership",
        region=w["es2"],
        instruments=[w["ip"]],
        themes=[w["forestry"]],
        start_year=2020,
        end_year=2020,
        summary="Drones count the trees.",
    )
    GoodPracticeFactory(title="Unpublished practice", region=w["lt"], instruments=[w["ppi"]], status=Status.DRAFT)


def get_practices(client, **params):
    return client.get(reverse("practices:practice-list"), params)


def test_practices_unfiltered_show_every_published_practice_and_full_counts(client, practices):
    response = get_practices(client)
    assert titles(response) == ["Balearic health platform", "Lithuanian PCP", "Madrid forest partnership"]
    assert counts(response, "region") == {"LT": 1, "ES53": 1, "ES30": 1}
    assert counts(response, "country") == {"ES": 2, "LT": 1}
    # Draft practices are in no count; draft partners are no option.
    assert counts(response, "instrument") == {"ppi": 1, "pcp": 2, "innovation-partnership": 1}
    assert counts(response, "partner") == {"cpva": 1, "fundacio-bit": 1}
    assert counts(response, "theme") == {"forestry": 1, "health": 2}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "ES53"}, ["Balearic health platform"]),
        ({"country": "ES"}, ["Balearic health platform", "Madrid forest partnership"]),
        ({"instrument": "pcp"}, ["Balearic health platform", "Lithuanian PCP"]),
        ({"partner": "cpva"}, ["Lithuanian PCP"]),
        ({"theme": "forestry"}, ["Madrid forest partnership"]),
        ({"year": "2017"}, ["Lithuanian PCP"]),
        ({"year": "2020"}, ["Balearic health platform", "Madrid forest partnership"]),
        ({"q": "drones"}, ["Madrid forest partnership"]),
        ({"q": "BALEARIC platform"}, ["Balearic health platform"]),
    ],
)
def test_each_practice_filter_alone(client, practices, params, expected):
    assert titles(get_practices(client, **params)) == expected


def test_two_values_of_one_facet_mean_either(client, practices):
    response = get_practices(client, instrument=["ppi", "innovation-partnership"])
    assert titles(response) == ["Balearic health platform", "Madrid forest partnership"]
    assert checked(response, "instrument") == ["ppi", "innovation-partnership"]
    assert titles(get_practices(client, region=["LT", "ES30"])) == ["Lithuanian PCP", "Madrid forest partnership"]


def test_a_practice_matching_two_chosen_values_is_listed_once(client, practices):
    response = get_practices(client, instrument=["ppi", "pcp"], theme=["health", "forestry"])
    assert titles(response) == ["Balearic health platform", "Lithuanian PCP"]
    assert response.context["paginator"].count == 2


def test_different_facets_must_all_hold(client, practices):
    assert titles(get_practices(client, country="ES", instrument="pcp")) == ["Balearic health platform"]
    assert titles(get_practices(client, country="ES", theme="health", q="platform", year="2021")) == [
        "Balearic health platform"
    ]
    assert titles(get_practices(client, country="LT", theme="forestry")) == []


def test_facet_counts_apply_the_other_facets_but_not_their_own(client, practices):
    response = get_practices(client, country="ES", instrument="pcp")
    # The instrument options are counted among Spanish practices, whichever instrument is chosen.
    assert counts(response, "instrument") == {"ppi": 1, "pcp": 1, "innovation-partnership": 1}
    # The country options are counted among PCP practices, whichever country is chosen.
    assert counts(response, "country") == {"ES": 1, "LT": 1}
    # Other facets: both choices apply.
    assert counts(response, "region") == {"ES53": 1}
    assert counts(response, "theme") == {"health": 1}


def test_a_chosen_option_without_results_stays_shown_and_ticked(client, practices):
    response = get_practices(client, country="LT", theme="forestry")
    assert counts(response, "theme") == {"health": 1, "forestry": 0}
    assert checked(response, "theme") == ["forestry"]
    assert 'value="forestry" checked' in response.content.decode()


def test_active_years_span_start_to_end_and_ongoing_to_this_year(client, practices):
    response = get_practices(client)
    years = counts(response, "year")
    assert years["2016"] == years["2017"] == years["2018"] == 1
    assert years["2020"] == 2  # Madrid that year only, Balearic since 2019
    assert years[str(datetime.date.today().year)] == 1
    assert "2015" not in years


def test_search_counts_in_facets(client, practices):
    response = get_practices(client, q="health")
    assert counts(response, "country") == {"ES": 1}


def test_chosen_filters_are_shown_each_with_a_link_that_removes_it(client, practices):
    response = get_practices(client, instrument=["ppi", "pcp"], country="ES", sort="newest")
    html = response.content.decode()
    links = {active.label: url for active, url in response.context["active_filters"]}
    assert links["Public procurement of innovation"] == "?instrument=pcp&country=ES&sort=newest"
    assert links["Pre-commercial procurement"] == "?instrument=ppi&country=ES&sort=newest"
    assert links["Spain"] == "?instrument=ppi&instrument=pcp&sort=newest"
    assert 'href="?instrument=pcp&amp;country=ES&amp;sort=newest"' in html
    assert 'href="?sort=newest">Clear all filters</a>' in html


def test_the_form_is_a_plain_get_form_with_labelled_checkboxes(client, practices):
    html = get_practices(client, region="LT").content.decode()
    assert (
        '<form class="filters" method="get" action="/practices/" role="search" aria-label="Filter good practices">'
        in html
    )
    assert '<legend class="facet__legend">Region</legend>' in html
    assert '<input type="checkbox" id="filter-region-LT" name="region" value="LT" checked>' in html
    assert '<label for="filter-region-LT">Lithuania <span class="facet__count">1' in html
    assert '<button class="button" type="submit">Apply filters</button>' in html
    assert "Active in year" in html


# ---------- Study visits ----------


@pytest.fixture
def visits(world):
    w = world
    StudyVisitFactory(
        title="Meeting in Vilnius",
        kind=VisitKind.PARTNERS_MEETING,
        host_partner=w["cpva"],
        region=w["lt"],
        place="Vilnius",
        start_date=datetime.date(2018, 11, 22),
        end_date=datetime.date(2018, 11, 23),
        participating_partners=[w["cpva"], w["ibiza"]],
    )
    StudyVisitFactory(
        title="Seminar in Palma",
        kind=VisitKind.SEMINAR,
        host_partner=w["ibiza"],
        region=w["es"],
        place="Palma",
        start_date=datetime.date(2019, 4, 24),
        end_date=datetime.date(2019, 4, 25),
        participating_partners=[w["cpva"], w["ibiza"]],
    )
    StudyVisitFactory(
        title="Visit to Madrid",
        host_partner=None,
        region=w["es2"],
        place="Madrid",
        description="Hospitals that buy together.",
        start_date=datetime.date(2019, 12, 31),
        end_date=datetime.date(2020, 1, 1),
        participating_partners=[w["ibiza"]],
    )


def get_visits(client, **params):
    return client.get(reverse("practices:visit-list"), params)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "ES53"}, ["Seminar in Palma"]),
        ({"country": "ES"}, ["Seminar in Palma", "Visit to Madrid"]),
        ({"partner": "cpva"}, ["Meeting in Vilnius", "Seminar in Palma"]),  # host of one, participant in both
        ({"partner": "fundacio-bit"}, ["Meeting in Vilnius", "Seminar in Palma", "Visit to Madrid"]),
        ({"year": "2019"}, ["Seminar in Palma", "Visit to Madrid"]),
        ({"kind": "seminar"}, ["Seminar in Palma"]),
        ({"kind": ["seminar", "partners-meeting"]}, ["Meeting in Vilnius", "Seminar in Palma"]),
        ({"q": "hospitals"}, ["Visit to Madrid"]),
        ({"q": "palma"}, ["Seminar in Palma"]),
        ({"country": "ES", "partner": "cpva"}, ["Seminar in Palma"]),
        ({"year": "2019", "kind": "study-visit"}, ["Visit to Madrid"]),
    ],
)
def test_visit_filters(client, visits, params, expected):
    assert titles(get_visits(client, **params)) == expected


def test_visit_facet_counts(client, visits):
    response = get_visits(client)
    # A partner counts a visit it hosted and joined once.
    assert counts(response, "partner") == {"cpva": 2, "fundacio-bit": 3}
    assert counts(response, "year") == {"2019": 2, "2018": 1}
    assert counts(response, "kind") == {"study-visit": 1, "partners-meeting": 1, "seminar": 1}
    response = get_visits(client, partner="cpva", kind="seminar")
    assert counts(response, "partner") == {"cpva": 1, "fundacio-bit": 1}
    assert counts(response, "kind") == {"partners-meeting": 1, "seminar": 1}
    assert counts(response, "country") == {"ES": 1}


def test_visits_are_sorted_latest_first_by_default(client, visits):
    names = [visit.title for visit in get_visits(client).context["object_list"]]
    assert names == ["Visit to Madrid", "Seminar in Palma", "Meeting in Vilnius"]


# ---------- Library ----------


@pytest.fixture
def reports(world):
    w = world
    ReportFactory(
        title="Guideline on competence centres",
        kind=ReportKind.GUIDELINE,
        partner=w["cpva"],
        instruments=[w["ppi"]],
        language=Language.ENGLISH,
        publication_date=datetime.date(2021, 5, 1),
        summary="How to set one up.",
    )
    ReportFactory(
        title="Estudio balear",
        kind=ReportKind.STUDY,
        partner=w["ibiza"],
        instruments=[w["ppi"], w["pcp"]],
        language=Language.SPANISH,
        publication_date=datetime.date(2020, 2, 1),
    )
    ReportFactory(title="Leaflet", kind=ReportKind.LEAFLET, partner=None, language=Language.ENGLISH)


def get_reports(client, **params):
    return client.get(reverse("library:report-list"), params)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"partner": "cpva"}, ["Guideline on competence centres"]),
        ({"country": "ES"}, ["Estudio balear"]),
        ({"instrument": "ppi"}, ["Estudio balear", "Guideline on competence centres"]),
        ({"instrument": ["pcp", "ppi"]}, ["Estudio balear", "Guideline on competence centres"]),
        ({"year": "2020"}, ["Estudio balear"]),
        ({"kind": "leaflet"}, ["Leaflet"]),
        ({"language": "en"}, ["Guideline on competence centres", "Leaflet"]),
        ({"q": "set one up"}, ["Guideline on competence centres"]),
        ({"language": "en", "instrument": "ppi"}, ["Guideline on competence centres"]),
    ],
)
def test_library_filters(client, reports, params, expected):
    assert titles(get_reports(client, **params)) == expected


def test_library_counts_and_newest_first_with_undated_last(client, reports):
    response = get_reports(client)
    assert [report.title for report in response.context["object_list"]] == [
        "Guideline on competence centres",
        "Estudio balear",
        "Leaflet",
    ]
    assert counts(response, "language") == {"en": 2, "es": 1}
    assert counts(response, "instrument") == {"ppi": 2, "pcp": 1}
    assert counts(response, "year") == {"2021": 1, "2020": 1}
    response = get_reports(client, language="en")
    assert counts(response, "instrument") == {"ppi": 1}
    assert counts(response, "language") == {"en": 2, "es": 1}


# ---------- Partners and action plans ----------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["CPVA", "Fundació BIT"]),
        ({"country": "LT"}, ["CPVA"]),
        ({"region": "ES53"}, ["Fundació BIT"]),
        ({"region": ["ES53", "LT"]}, ["CPVA", "Fundació BIT"]),
        ({"q": "bit"}, ["Fundació BIT"]),
        ({"country": "LT", "q": "bit"}, []),
    ],
)
def test_partner_filters(client, world, params, expected):
    assert titles(client.get(reverse("partners:partner-list"), params)) == expected


@pytest.fixture
def plans(world):
    w = world
    vilnius = ActionPlanFactory(partner=w["cpva"], title="Plan of CPVA", policy_instrument="Innovation programme")
    ActionFactory(action_plan=vilnius).instruments.set([w["pcp"]])
    ActionFactory(action_plan=vilnius).instruments.set([w["pcp"], w["ppi"]])
    palma = ActionPlanFactory(partner=w["ibiza"], title="Plan of BIT")
    ActionFactory(action_plan=palma).instruments.set([w["ip"]])
    ActionPlanFactory(partner=w["draft"], title="Plan of a draft partner")
    return locals()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Plan of BIT", "Plan of CPVA", "Plan of a draft partner"]),
        ({"country": "ES"}, ["Plan of BIT", "Plan of a draft partner"]),
        ({"region": "LT"}, ["Plan of CPVA"]),
        ({"partner": "cpva"}, ["Plan of CPVA"]),
        ({"instrument": "pcp"}, ["Plan of CPVA"]),
        ({"instrument": ["pcp", "innovation-partnership"]}, ["Plan of BIT", "Plan of CPVA"]),
        ({"q": "innovation programme"}, ["Plan of CPVA"]),
        ({"country": "ES", "instrument": "innovation-partnership"}, ["Plan of BIT"]),
    ],
)
def test_action_plan_filters(client, plans, params, expected):
    assert titles(client.get(reverse("partners:action-plan-list"), params)) == expected


def test_action_plan_counts_count_each_plan_once_per_instrument(client, plans):
    response = client.get(reverse("partners:action-plan-list"))
    # Two actions of CPVA's plan use PCP: the plan counts once.
    assert counts(response, "instrument") == {"ppi": 1, "pcp": 1, "innovation-partnership": 1}
    assert counts(response, "partner") == {"cpva": 1, "fundacio-bit": 1}
    assert counts(response, "country") == {"ES": 2, "LT": 1}
    cards = response.content.decode()
    assert "Pre-commercial procurement" in cards
