"""The schema.org JSON-LD in the head of each item page, read as linked data with rdflib: the expected type and
properties on each kind of page, only public records named, safe escaping, and no query added per related row."""

import datetime
import json
import re

import pytest
from django.test import Client
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import Namespace

from library.models import Language, ReportKind
from publishing.models import Source, Status
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

SDO = Namespace("https://schema.org/")
BASE = "http://testserver"
# schema.org's own context, reduced to what these pages use, so that the tests fetch nothing: every term in the
# schema.org vocabulary, and the properties whose values are addresses read as addresses.
LOCAL_CONTEXT = {
    "@vocab": "https://schema.org/",
    **{term: {"@type": "@id"} for term in ["url", "sameAs", "logo", "image", "contentUrl"]},
}
DATA_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def described(path):
    """The page's JSON-LD as (the parsed JSON, an rdflib graph of it, the record's node)."""
    response = Client().get(path)
    assert response.status_code == 200
    blocks = DATA_BLOCK.findall(response.text)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    graph = Graph().parse(data=json.dumps({**data, "@context": LOCAL_CONTEXT}), format="json-ld")
    return data, graph, URIRef(BASE + path)


def values(graph, node, prop):
    return set(graph.objects(node, SDO[prop]))


@pytest.fixture
def region():
    return RegionFactory(name="Lithuania", nuts_code="LT", country="LT")


def test_a_partner_is_an_organisation_with_its_address_and_own_site(region):
    partner = PartnerFactory(
        name="Central Project Management Agency",
        acronym="CPVA",
        region=region,
        website="https://www.cpva.lt/",
    )
    partner.sources.set([Source.objects.create(key="af", title="Application form", url="https://example.org/af")])

    data, graph, node = described(partner.get_absolute_url())

    assert (node, RDF.type, SDO.Organization) in graph
    assert values(graph, node, "name") == {Literal("Central Project Management Agency")}
    assert values(graph, node, "alternateName") == {Literal("CPVA")}
    assert values(graph, node, "sameAs") == {URIRef("https://www.cpva.lt/")}
    assert values(graph, node, "url") == {node}
    (address,) = values(graph, node, "address")
    assert (address, RDF.type, SDO.PostalAddress) in graph
    assert values(graph, address, "addressCountry") == {Literal("LT")}
    assert values(graph, address, "addressRegion") == {Literal("Lithuania")}
    (citation,) = values(graph, node, "citation")
    assert values(graph, citation, "name") == {Literal("Application form")}


def test_a_partner_without_a_website_has_no_same_as(region):
    partner = PartnerFactory(region=region, website="")

    data, graph, node = described(partner.get_absolute_url())

    assert "sameAs" not in data
    assert values(graph, node, "sameAs") == set()


def test_an_action_plan_is_a_creative_work_by_its_partner_with_its_actions(region):
    plan = ActionPlanFactory(partner=PartnerFactory(region=region), title="Better procurement", summary="In short.")
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation")
    action = ActionFactory(action_plan=plan, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 6, 30))
    action.instruments.set([ppi])
    ActionFactory(action_plan=plan)

    data, graph, node = described(plan.get_absolute_url())

    assert (node, RDF.type, SDO.CreativeWork) in graph
    assert values(graph, node, "genre") == {Literal("Action plan")}
    assert values(graph, node, "author") == {URIRef(BASE + plan.partner.get_absolute_url())}
    parts = values(graph, node, "hasPart")
    assert URIRef(BASE + action.get_absolute_url()) in parts
    assert len(parts) == 2
    assert values(graph, URIRef(BASE + action.get_absolute_url()), "temporalCoverage") == {
        Literal("2020-01-01/2021-06-30")
    }


def test_a_practice_is_a_creative_work_about_its_themes_with_its_partners_and_place(region):
    partner = PartnerFactory(region=region)
    hidden = PartnerFactory(region=region, status=Status.DRAFT, name="A partner still in draft")
    practice = GoodPracticeFactory(
        title="Innovation brokers",
        region=region,
        organisation="Vilnius city",
        start_year=2017,
        end_year=2019,
        partners=[partner, hidden],
        themes=[ThemeFactory(name="Health", slug="health")],
        instruments=[InstrumentFactory(code="pcp", name="Pre-commercial procurement")],
    )
    visit = StudyVisitFactory(related_practices=[practice])

    data, graph, node = described(practice.get_absolute_url())

    assert (node, RDF.type, SDO.CreativeWork) in graph
    assert values(graph, node, "genre") == {Literal("Good practice")}
    topics = {graph.value(term, SDO.name) for term in values(graph, node, "about")}
    assert topics == {Literal("Health"), Literal("Pre-commercial procurement")}
    assert values(graph, node, "contributor") == {URIRef(BASE + partner.get_absolute_url())}
    assert "A partner still in draft" not in json.dumps(data)
    (creator,) = values(graph, node, "creator")
    assert values(graph, creator, "name") == {Literal("Vilnius city")}
    assert values(graph, node, "temporalCoverage") == {Literal("2017/2019")}
    (place,) = values(graph, node, "spatialCoverage")
    assert (place, RDF.type, SDO.Place) in graph
    assert URIRef(BASE + visit.get_absolute_url()) in values(graph, node, "subjectOf")


def test_a_practice_names_its_interreg_europe_and_keep_eu_pages_as_same_as(region):
    practice = GoodPracticeFactory(region=region)
    data, graph, node = described(practice.get_absolute_url())
    assert "sameAs" not in data  # neither page recorded: no empty sameAs
    assert values(graph, node, "sameAs") == set()

    page = "https://www.interregeurope.eu/good-practices/innovation-brokers"
    project = "https://keep.eu/projects/12345/"
    type(practice).objects.filter(pk=practice.pk).update(interreg_europe_url=page, keep_eu_url=project)
    data, graph, node = described(practice.get_absolute_url())
    assert values(graph, node, "sameAs") == {URIRef(page), URIRef(project)}

    type(practice).objects.filter(pk=practice.pk).update(interreg_europe_url="")
    data, graph, node = described(practice.get_absolute_url())
    assert values(graph, node, "sameAs") == {URIRef(project)}


def test_a_study_visit_is_an_event_with_dates_place_host_and_attendees(region):
    host, guest = PartnerFactory(region=region), PartnerFactory(region=region)
    visit = StudyVisitFactory(
        title="Study visit to Vilnius",
        host_partner=host,
        participating_partners=[guest],
        related_practices=[GoodPracticeFactory(region=region)],
        place="Vilnius",
        region=region,
        latitude="54.6872",
        longitude="25.2797",
        start_date=datetime.date(2019, 3, 6),
        end_date=datetime.date(2019, 3, 7),
    )

    data, graph, node = described(visit.get_absolute_url())

    assert (node, RDF.type, SDO.Event) in graph
    assert {value.toPython() for value in values(graph, node, "startDate")} == {"2019-03-06"}
    assert {value.toPython() for value in values(graph, node, "endDate")} == {"2019-03-07"}
    assert values(graph, node, "organizer") == {URIRef(BASE + host.get_absolute_url())}
    assert values(graph, node, "attendee") == {URIRef(BASE + guest.get_absolute_url())}
    (place,) = values(graph, node, "location")
    assert values(graph, place, "name") == {Literal("Vilnius")}
    (geo,) = values(graph, place, "geo")
    assert float(graph.value(geo, SDO.latitude)) == pytest.approx(54.6872)
    assert len(values(graph, node, "about")) == 1


@pytest.mark.parametrize(("kind", "schema_type"), [(ReportKind.STUDY, "Report"), (ReportKind.LEAFLET, "CreativeWork")])
def test_a_report_is_a_report_or_a_creative_work_with_its_date_language_and_author(region, kind, schema_type):
    report = ReportFactory(
        title="Guide to buying innovation",
        kind=kind,
        partner=PartnerFactory(region=region),
        language=Language.ENGLISH,
        publication_date=datetime.date(2021, 5, 1),
    )

    data, graph, node = described(report.get_absolute_url())

    assert (node, RDF.type, SDO[schema_type]) in graph
    assert {value.toPython() for value in values(graph, node, "datePublished")} == {"2021-05-01"}
    assert values(graph, node, "inLanguage") == {Literal("en")}
    assert values(graph, node, "author") == {URIRef(BASE + report.partner.get_absolute_url())}


def test_text_of_a_record_cannot_close_the_data_block(region):
    practice = GoodPracticeFactory(region=region, title="</script><script>alert(1)</script> & more")

    response = Client().get(practice.get_absolute_url())
    (block,) = DATA_BLOCK.findall(response.text)

    assert "<script>alert" not in response.text
    assert "\\u003C/script\\u003E" in block
    assert "\\u0026" in block
    assert json.loads(block)["name"] == "</script><script>alert(1)</script> & more"


def test_the_data_block_is_not_blocked_by_the_content_security_policy(region):
    """Only scripts are subject to script-src; a data block of another type is not run, so needs no nonce."""
    response = Client().get(PartnerFactory(region=region).get_absolute_url())

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert '<script type="application/ld+json">' in response.text


@pytest.mark.parametrize("related", [2, 20])
def test_the_json_ld_adds_no_query_per_related_row(region, related, django_assert_num_queries):
    """The same number of queries with 2 or 20 partners, themes and sources: the data block reads what the page
    loaded (the item page tests, tests/test_item_pages.py, fix each page's number with the block in it)."""
    partners = [PartnerFactory(region=region) for _ in range(related)]
    themes = [ThemeFactory() for _ in range(related)]
    practice = GoodPracticeFactory(region=region, partners=partners, themes=themes)
    practice.sources.set([Source.objects.create(key=f"s{n}", title=f"Source {n}") for n in range(related)])

    # The practice page's own queries, its steps and similar practices (the practice merge) included: 12.
    with django_assert_num_queries(12):
        data, _graph, _node = described(practice.get_absolute_url())

    assert len(data["contributor"]) == len(data["citation"]) == related
