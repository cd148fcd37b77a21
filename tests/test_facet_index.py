"""The facet index gives the same results and counts as the SQL queries it replaces, on every combination of
filters of every list, and a change to the content (a save, a many-to-many change, a delete) is seen at once."""

import datetime
import itertools

import pytest
from django.http import QueryDict
from django.urls import reverse

from library.filters import ReportFilterSet
from library.models import Report
from partners.filters import ActionPlanFilterSet, PartnerFilterSet
from partners.models import ActionPlan, Partner
from practices.filters import GoodPracticeFilterSet, StudyVisitFilterSet
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
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    regions = [
        RegionFactory(nuts_code="LT", country="LT"),
        RegionFactory(nuts_code="ES53", country="ES"),
        RegionFactory(nuts_code="ES30", country="ES"),
    ]
    instruments = [InstrumentFactory(code="ppi"), InstrumentFactory(code="pcp"), InstrumentFactory(code="ip")]
    themes = [ThemeFactory(slug="health"), ThemeFactory(slug="forestry")]
    partners = [
        PartnerFactory(slug="cpva", region=regions[0]),
        PartnerFactory(slug="bit", region=regions[1]),
        PartnerFactory(slug="draft", region=regions[2], status=Status.DRAFT),
    ]
    for number in range(12):
        GoodPracticeFactory(
            title=f"Practice {number} {'forest' if number % 4 == 0 else 'city'}",
            region=regions[number % 3] if number % 5 else None,
            partners=partners[: number % 3 + 1] if number % 4 else [],
            instruments=instruments[number % 3 : number % 3 + 1 + number % 2],
            themes=themes[: number % 3],
            start_year=None if number == 7 else 2012 + number % 6,
            end_year=None if number % 3 else 2016 + number % 4,
            status=Status.DRAFT if number == 11 else Status.PUBLISHED,
        )
        StudyVisitFactory(
            title=f"Visit {number} {'forest' if number % 3 == 0 else 'city'}",
            region=regions[number % 3],
            host_partner=partners[number % 3] if number % 4 else None,
            participating_partners=partners[number % 2 :],
            start_date=datetime.date(2018 + number % 3, 3, 6),
            end_date=datetime.date(2018 + number % 3, 3, 8),
            kind=["study-visit", "seminar"][number % 2],
        )
        ReportFactory(
            title=f"Report {number} {'forest' if number % 2 else 'city'}",
            partner=partners[number % 3] if number % 5 else None,
            instruments=instruments[: number % 3],
            publication_date=datetime.date(2019 + number % 3, 1, 1) if number % 4 else None,
            kind=["report", "study"][number % 2],
            language=["en", "lt", ""][number % 3],
        )
    for number, partner in enumerate(partners):
        plan = ActionPlanFactory(partner=partner, title=f"Plan {number} forest" if number else f"Plan {number}")
        action = ActionFactory(action_plan=plan)
        action.instruments.set(instruments[number:])


# Each list's filter set, model, and the values tried for each filter (an empty string: the filter not given).
LISTS = {
    "practices": (
        GoodPracticeFilterSet,
        GoodPractice,
        {
            "region": ["", "LT", "ES53,ES30"],
            "country": ["", "ES"],
            "instrument": ["", "pcp,ip"],
            "partner": ["", "bit,draft"],
            "year": ["", "2014", "2013,2030"],
            "theme": ["", "health"],
            "q": ["", "forest"],
        },
    ),
    "visits": (
        StudyVisitFilterSet,
        StudyVisit,
        {
            "region": ["", "LT", "ES53,ES30"],
            "partner": ["", "cpva", "bit,draft"],
            "year": ["", "2019"],
            "kind": ["", "seminar"],
            "q": ["", "forest"],
        },
    ),
    "reports": (
        ReportFilterSet,
        Report,
        {
            "partner": ["", "cpva", "bit"],
            "country": ["", "LT"],
            "instrument": ["", "ppi", "pcp,ip"],
            "year": ["", "2020"],
            "kind": ["", "study"],
            "language": ["", "en,lt"],
            "q": ["", "forest"],
        },
    ),
    "partners": (PartnerFilterSet, Partner, {"country": ["", "ES"], "region": ["", "LT", "ES53"], "q": ["", "b"]}),
    "plans": (
        ActionPlanFilterSet,
        ActionPlan,
        {
            "country": ["", "ES"],
            "region": ["", "LT"],
            "partner": ["", "cpva"],
            "instrument": ["", "ip"],
            "q": ["", "forest"],
        },
    ),
}


def combinations(choices):
    names = list(choices)
    for values in itertools.product(*(choices[name] for name in names)):
        query = QueryDict(mutable=True)
        for name, value in zip(names, values, strict=True):
            if value:
                query.setlist(name, value.split(","))
        yield query


def outcome(filterset):
    groups = [
        (group.name, [(o.value, o.count, o.checked) for o in group.options]) for group in filterset.facet_groups()
    ]
    return filterset.result_count, sorted(filterset.results().values_list("pk", flat=True)), groups


@pytest.mark.parametrize("name", LISTS)
def test_the_index_counts_as_the_queries_do_on_every_combination(world, name):
    filterset_class, model, choices = LISTS[name]
    tried = 0
    for query in combinations(choices):
        sql = filterset_class(query, queryset=model.objects.published())
        indexed = filterset_class(query, queryset=model.objects.published(), indexed=True)
        assert indexed.index is not None
        expected = outcome(sql)
        assert expected[0] == len(expected[1])
        assert outcome(indexed) == expected, query.urlencode()
        tried += 1
    assert tried >= 12


def test_a_change_to_the_content_shows_at_once(client, world):
    url = reverse("practices:practice-list")
    before = client.get(url, {"theme": "health"}).context["paginator"].count
    practice = GoodPractice.objects.published().exclude(themes__slug="health").first()
    practice.themes.add(practice.themes.model.objects.get(slug="health"))
    assert client.get(url, {"theme": "health"}).context["paginator"].count == before + 1
    practice.status = Status.DRAFT
    practice.save()
    assert client.get(url, {"theme": "health"}).context["paginator"].count == before
    GoodPractice.objects.filter(themes__slug="health", status=Status.PUBLISHED).first().delete()
    assert client.get(url, {"theme": "health"}).context["paginator"].count == before - 1


@pytest.mark.parametrize("sort", ["title", "newest"])
def test_pages_chosen_in_the_index_are_those_the_database_gives(client, world, monkeypatch, sort):
    from practices.views import GoodPracticeListView
    from publishing.facets import FacetedFilterSet

    monkeypatch.setattr(GoodPracticeListView, "paginate_by", 2)
    url = reverse("practices:practice-list")
    query = {"region": ["ES53", "ES30", "LT"], "instrument": ["pcp", "ip", "ppi"], "sort": sort}

    def pages(by_id_up_to):
        monkeypatch.setattr(FacetedFilterSet, "by_id_up_to", by_id_up_to)
        found, number = [], 1
        while True:
            response = client.get(url, {**query, "page": number})
            assert response.context["filterset"].paged_by_index == (by_id_up_to == 0)
            found.append([record.pk for record in response.context["object_list"]])
            if not response.context["page_obj"].has_next():
                return response.context["paginator"].count, found
            number += 1

    count, in_index = pages(0)
    assert count >= 5
    assert pages(1000) == (count, in_index)
