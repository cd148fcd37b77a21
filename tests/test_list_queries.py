"""Each public list runs a fixed number of queries, with 1 record or 200, facet counts included.

Guards the N+1s a list invites: a card's region, partner, host, instruments, themes or a plan's actions loaded
row by row, and a facet counted option by option instead of in one GROUP BY. Every record has two related rows
of each kind, so that a query per related row would show too.
"""

import datetime

import pytest
from django.urls import reverse

from partners.models import Action, ActionPlan
from tests.factories import (
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [1, 200]


@pytest.fixture
def related():
    regions = [RegionFactory(nuts_code=code, country=country) for code, country in [("LT", "LT"), ("ES53", "ES")]]
    return {
        "regions": regions,
        "instruments": [InstrumentFactory(code="ppi"), InstrumentFactory(code="pcp")],
        "themes": [ThemeFactory(slug="health"), ThemeFactory(slug="forestry")],
        "partners": [PartnerFactory(slug="cpva", region=regions[0]), PartnerFactory(slug="bit", region=regions[1])],
    }


def make_practices(related, size):
    for number in range(size):
        GoodPracticeFactory(
            region=related["regions"][number % 2],
            partners=related["partners"],
            instruments=related["instruments"],
            themes=related["themes"],
            start_year=2015 + number % 5,
            end_year=None if number % 3 else 2021,
        )


def make_visits(related, size):
    # The visits carry instruments through the practices seen there (the instrument facet).
    seen = [GoodPracticeFactory(instruments=related["instruments"]) for _ in range(2)]
    for number in range(size):
        StudyVisitFactory(
            related_practices=seen,
            region=related["regions"][number % 2],
            host_partner=related["partners"][number % 2],
            participating_partners=related["partners"],
            start_date=datetime.date(2018 + number % 4, 3, 6),
            end_date=datetime.date(2018 + number % 4, 3, 7),
        )


def make_reports(related, size):
    for number in range(size):
        ReportFactory(
            partner=related["partners"][number % 2],
            instruments=related["instruments"],
            publication_date=datetime.date(2019 + number % 3, 1, 1),
            language="en",
        )


def make_partners(related, size):
    # The two shared partners are listed too: with size 1 the list has those two, which is still a constant.
    # Their action plans' actions carry the instruments of the instrument facet.
    for number, partner in enumerate(related["partners"]):
        plan = ActionPlan.objects.create(
            partner=partner, title=f"Plan {number}", slug=f"plan-{number}", status="published"
        )
        action = Action.objects.create(action_plan=plan, number=1, title="Action 1", slug="action-1")
        action.instruments.set(related["instruments"])
    for number in range(size - len(related["partners"])):
        PartnerFactory(region=related["regions"][number % 2])


def make_plans(related, size):
    # A partner has one plan: plans beyond the two shared partners get partners of their own.
    partners = related["partners"] + [PartnerFactory(region=related["regions"][n % 2]) for n in range(size - 2)]
    for number, partner in enumerate(partners[:size]):
        plan = ActionPlan.objects.create(
            partner=partner, title=f"Plan {number}", slug=f"plan-{number}", status="published"
        )
        for action_number in (1, 2):
            action = Action.objects.create(
                action_plan=plan, number=action_number, title=f"Action {action_number}", slug=f"action-{action_number}"
            )
            action.instruments.set(related["instruments"])


# (list, builder, filters that touch every facet, queries, index queries). The queries of a page: the content
# generation, the rows, one per prefetched relation, and per facet its options (a table: one query; fixed choices:
# none); the count and the facets' counts come from the facet index (publishing.facet_index). The first request of a
# generation builds the index: the records' ids, then one query per facet (two for the visits' host or participant).
# A filtered page adds one query, for the matches of the text search.
CASES = {
    "practices": (
        "practices:practice-list",
        make_practices,
        {
            "region": ["LT", "ES53"],
            "country": "LT",
            "instrument": "ppi",
            "partner": "cpva",
            "year": "2016",
            "theme": "health",
            "q": "practice",
        },
        # generation, rows, partners, instruments, themes, the summaries other practices share; options of region,
        # instrument, partner, theme
        10,
        7,
    ),
    "visits": (
        "practices:visit-list",
        make_visits,
        {
            "region": "LT",
            "country": "LT",
            "partner": ["cpva", "bit"],
            "instrument": "ppi",
            "year": "2018",
            "kind": "study-visit",
            "q": "visit",
        },
        # generation, rows; options of region, partner, instrument (of the practices seen)
        5,
        8,
    ),
    "reports": (
        "library:report-list",
        make_reports,
        {
            "partner": "cpva",
            "country": "LT",
            "instrument": ["ppi", "pcp"],
            "year": "2019",
            "kind": "report",
            "language": "en",
            "q": "report",
        },
        # generation, rows, instruments; options of partner, instrument
        5,
        7,
    ),
    "partners": (
        "partners:partner-list",
        make_partners,
        {"country": "LT", "region": "LT", "instrument": "pcp", "q": "agency"},
        # generation, rows; options of region, instrument (in the action plan)
        4,
        4,
    ),
    "plans": (
        "partners:action-plan-list",
        make_plans,
        {"country": "LT", "region": "LT", "partner": "cpva", "instrument": "ppi", "q": "plan"},
        # generation, rows, actions, their instruments; options of region, partner, instrument
        7,
        5,
    ),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", CASES)
def test_a_list_runs_a_fixed_number_of_queries(client, related, django_assert_num_queries, case, size):
    name, make, _filters, queries, index_queries = CASES[case]
    make(related, size)
    with django_assert_num_queries(queries + index_queries):
        response = client.get(reverse(name))
    with django_assert_num_queries(queries):
        again = client.get(reverse(name))
    listed = max(size, 2) if case == "partners" else size
    for answer in (response, again):
        assert answer.context["paginator"].count == listed
        assert len(answer.context["object_list"]) == min(listed, 20)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", CASES)
def test_a_filtered_list_runs_the_same_number_of_queries(client, related, django_assert_num_queries, case, size):
    name, make, filters, queries, index_queries = CASES[case]
    make(related, size)
    with django_assert_num_queries(queries + index_queries + 1):
        response = client.get(reverse(name), filters)
    with django_assert_num_queries(queries + 1):
        client.get(reverse(name), filters)
    assert response.context["ignored"] == []
    assert len(response.context["active_filters"]) >= len(filters)
