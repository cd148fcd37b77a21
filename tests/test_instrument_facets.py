"""The instrument facet of the lists whose records carry instruments only through other records: study visits
(the published practices seen there) and partners (the actions of their published action plans). A draft
practice or plan gives no instrument; a record with an instrument twice over counts once."""

import pytest
from django.urls import reverse

from publishing.models import Status
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    StudyVisitFactory,
)
from tests.test_list_filters import counts, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def instruments():
    return {
        "ppi": InstrumentFactory(code="ppi", name="Public procurement of innovation", position=1),
        "pcp": InstrumentFactory(code="pcp", name="Pre-commercial procurement", position=2),
        "ip": InstrumentFactory(code="innovation-partnership", name="Innovation partnership", position=3),
    }


@pytest.fixture
def visits(instruments):
    ppi, pcp, ip = instruments["ppi"], instruments["pcp"], instruments["ip"]
    both = GoodPracticeFactory(title="PPI and PCP practice", instruments=[ppi, pcp])
    only_pcp = GoodPracticeFactory(title="PCP practice", instruments=[pcp])
    draft = GoodPracticeFactory(title="Draft partnership practice", instruments=[ip], status=Status.DRAFT)
    StudyVisitFactory(title="Vilnius visit", related_practices=[both, only_pcp])
    StudyVisitFactory(title="Tampere meeting", related_practices=[only_pcp])
    StudyVisitFactory(title="Riga event", related_practices=[draft])
    StudyVisitFactory(title="Lisbon seminar")
    StudyVisitFactory(title="Draft visit", related_practices=[both], status=Status.DRAFT)


def get_visits(client, **params):
    return client.get(reverse("practices:visit-list"), params)


def test_visit_instrument_counts_come_from_the_published_practices_seen(client, visits):
    response = get_visits(client)

    # The Vilnius visit saw two PCP practices: it counts once. The draft practice gives no option.
    assert counts(response, "instrument") == {"ppi": 1, "pcp": 2}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"instrument": "pcp"}, ["Tampere meeting", "Vilnius visit"]),
        ({"instrument": "ppi"}, ["Vilnius visit"]),
        ({"instrument": ["ppi", "pcp"]}, ["Tampere meeting", "Vilnius visit"]),
        ({"instrument": "innovation-partnership"}, []),
    ],
)
def test_visits_filtered_by_instrument(client, visits, params, expected):
    response = get_visits(client, **params)

    assert titles(response) == expected
    assert response.context["result_count"] == len(expected)


def test_visit_instrument_counts_apply_the_other_facets(client, visits):
    assert counts(get_visits(client, q="Tampere"), "instrument") == {"pcp": 1}


@pytest.fixture
def partners(instruments):
    ppi, pcp, ip = instruments["ppi"], instruments["pcp"], instruments["ip"]
    cpva_plan = ActionPlanFactory(partner=PartnerFactory(name="CPVA"))
    # Two actions with PCP: the partner counts once under it.
    ActionFactory(action_plan=cpva_plan).instruments.set([ppi, pcp])
    ActionFactory(action_plan=cpva_plan).instruments.set([pcp])
    tampere = PartnerFactory(name="Tampere Region")
    ActionFactory(action_plan=ActionPlanFactory(partner=tampere)).instruments.set([pcp])
    draft_plan = PartnerFactory(name="Partner with a draft plan")
    ActionFactory(action_plan=ActionPlanFactory(partner=draft_plan, status=Status.DRAFT)).instruments.set([ip])
    PartnerFactory(name="Partner without a plan")


def get_partners(client, **params):
    return client.get(reverse("partners:partner-list"), params)


def test_partner_instrument_counts_come_from_their_published_action_plans(client, partners):
    response = get_partners(client)

    assert counts(response, "instrument") == {"ppi": 1, "pcp": 2}
    assert response.context["result_count"] == 4


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"instrument": "pcp"}, ["CPVA", "Tampere Region"]),
        ({"instrument": "ppi"}, ["CPVA"]),
        ({"instrument": "innovation-partnership"}, []),
    ],
)
def test_partners_filtered_by_instrument(client, partners, params, expected):
    assert titles(get_partners(client, **params)) == expected


def test_the_instrument_facet_is_offered_on_the_visit_and_partner_pages(client, visits, partners):
    for response in (get_visits(client), get_partners(client)):
        html = response.text
        assert 'name="instrument" value="pcp"' in html
        assert 'id="filter-instrument-pcp"' in html
