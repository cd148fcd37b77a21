"""The open data: the DCAT-AP 3.0.0 catalogue against the profile's SHACL shapes (kept in the repository, so nothing
is fetched), the bulk download as a Frictionless Data Package (types, keys, foreign keys), rebuilt after a change
and not on every request, the licence as the operator states it or its absence said, and the open-data page."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from frictionless import Package, system
from pyshacl import validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from glance.charts import CHARTS
from opendata import bulk
from opendata.datasets import FIGURE_CHARTS
from opendata.models import DataGeneration
from practices.models import GoodPractice
from publishing.models import Source, Status
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    ReportFactory,
    StudyVisitFactory,
    ThemeFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).resolve().parent.parent / "opendata" / "standards" / "dcat-ap-3.0.0"
SH = Namespace("http://www.w3.org/ns/shacl#")
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture(autouse=True)
def open_data_folder(settings, tmp_path):
    """Each test keeps its archives in its own folder (the generation row starts again in each test's database)."""
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    return settings.OPEN_DATA_ROOT


@pytest.fixture
def content():
    """At least two rows of each kind, related to each other, and a draft of each that must not come out."""
    lead, partner = PartnerFactory(website="https://lead.example.org/"), PartnerFactory()
    draft_partner = PartnerFactory(status=Status.DRAFT, name="Draft partner agency")
    source = Source.objects.create(key="af", title="Application form", url="https://example.org/af.pdf")
    ppi, pcp = InstrumentFactory(code="ppi", name="PPI"), InstrumentFactory(code="pcp", name="PCP")
    plans = [ActionPlanFactory(partner=lead), ActionPlanFactory(partner=partner)]
    actions = [ActionFactory(action_plan=plan) for plan in plans for _ in range(2)]
    actions[0].instruments.set([ppi, pcp])
    practices = [
        GoodPracticeFactory(partners=[lead, draft_partner], instruments=[ppi], themes=[ThemeFactory(slug="health")]),
        GoodPracticeFactory(partners=[partner], instruments=[pcp]),
    ]
    GoodPracticeFactory(status=Status.DRAFT, title="Draft practice")
    practices[0].sources.set([source])
    GoodPractice.objects.filter(pk=practices[0].pk).update(
        buyer="Vilnius city",
        procedures="market-consultation,pcp",
        interreg_europe_url="https://www.interregeurope.eu/good-practices/health",
        keep_eu_url="https://keep.eu/projects/1/",
    )
    for practice in practices:
        practice.steps.create(position=2, title="Buy", timing="2019")
        practice.steps.create(position=1, title="Ask the market")
        practice.links.create(title="Its site", url=f"https://example.org/{practice.slug}")
        # Two uploaded documents (names only: no file is written), neither with an address.
        for kind in ("tender", "report"):
            practice.links.create(kind=kind, title=kind, document=f"practices/documents/{practice.slug}-{kind}.pdf")
    visits = [StudyVisitFactory(host_partner=lead, participating_partners=[partner], related_practices=practices)]
    visits.append(StudyVisitFactory(host_partner=draft_partner))
    TransferFactory(practice=practices[0], action=actions[2], study_visit=visits[0])
    TransferFactory(practice=practices[1], action=actions[0])
    reports = [ReportFactory(partner=lead, instruments=[ppi]), ReportFactory(partner=draft_partner)]
    return {"practices": practices, "reports": reports, "partner": lead}


# ---------- The catalogue ----------


def catalogue(client=None):
    response = (client or Client()).get(reverse("opendata:catalogue-ttl"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    return Graph().parse(data=response.text, format="turtle")


def shacl(data, *names):
    shapes = Graph()
    for name in names:
        shapes.parse(SHAPES / name, format="turtle")
    conforms, results, text = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return conforms, results, text


def violations(results):
    return list(results.subjects(SH.resultSeverity, SH.Violation))


@pytest.mark.parametrize("licence", ["", LICENCE])
def test_the_catalogue_validates_against_the_dcat_ap_3_shapes(content, settings, licence):
    settings.OPEN_DATA_LICENCE_URL = licence
    data = catalogue()

    for shapes in [("dcat-ap-SHACL.ttl",), ("shapes.ttl", "range.ttl"), ("shapes_recommended.ttl",)]:
        conforms, results, text = shacl(data, *shapes)
        assert conforms, text
        assert violations(results) == []


def test_the_shapes_catch_a_catalogue_that_lacks_what_the_profile_requires(content):
    """The check can fail: without its datasets' descriptions the catalogue does not conform."""
    data = catalogue()
    data.remove((None, DCTERMS.description, None))

    conforms, results, _text = shacl(data, "dcat-ap-SHACL.ttl")

    assert not conforms
    assert violations(results)


def test_the_catalogue_lists_six_datasets_with_their_distributions(content):
    data = catalogue()
    (root,) = data.subjects(RDF.type, DCAT.Catalog)
    datasets = set(data.objects(root, DCAT.dataset))
    practices = URIRef("http://testserver/open-data/#practices")

    assert {str(node).rsplit("#", 1)[1] for node in datasets} == {
        "practices",
        "partners-and-action-plans",
        "study-visits",
        "library",
        "transfers",
        "figures",
    }
    access = {str(url) for d in data.objects(practices, DCAT.distribution) for url in data.objects(d, DCAT.accessURL)}
    assert access == {
        "http://testserver/practices/?format=csv",
        "http://testserver/practices/?format=json",
        "http://testserver/api/v1/practices/",
        "http://testserver/open-data/ibuy-data.zip",
    }
    (api,) = data.subjects(RDF.type, DCAT.DataService)
    assert set(data.objects(api, DCAT.endpointDescription)) == {URIRef("http://testserver/api/v1/openapi.json")}
    assert set(data.objects(api, DCAT.servesDataset)) == datasets
    assert (practices, DCTERMS.modified, None) in data


def test_every_distribution_of_a_file_answers(content):
    """The CSV, JSON and bulk addresses the catalogue names exist (the API's are the api app's to test)."""
    data = catalogue()
    client = Client()
    for address in data.objects(None, DCAT.downloadURL):
        response = client.get(str(address).removeprefix("http://testserver"))
        assert response.status_code == 200, address


def test_the_figure_files_are_the_figures_pages_charts():
    assert list(CHARTS) == FIGURE_CHARTS


def test_without_a_licence_the_catalogue_says_none_has_been_stated(content, settings):
    settings.OPEN_DATA_LICENCE_URL = ""
    data = catalogue()

    assert (None, DCTERMS.license, None) not in data
    statements = {str(label) for node in data.objects(None, DCTERMS.rights) for label in data.objects(node, None)}
    assert any("No licence has been stated" in text for text in statements)


def test_the_operators_licence_is_on_every_distribution(content, settings):
    settings.OPEN_DATA_LICENCE_URL = LICENCE
    settings.OPEN_DATA_LICENCE_NAME = "Creative Commons Attribution 4.0"
    data = catalogue()

    distributions = set(data.subjects(RDF.type, DCAT.Distribution))
    assert distributions
    assert all((node, DCTERMS.license, URIRef(LICENCE)) in data for node in distributions)
    assert (None, DCTERMS.rights, None) not in data


def test_the_catalogue_in_json_ld_holds_the_same_graph(content):
    """rdflib reads the JSON-LD with its inline context, so nothing is fetched."""
    response = Client().get(reverse("opendata:catalogue-jsonld"))
    assert response["Content-Type"] == "application/ld+json"
    assert isinstance(json.loads(response.content)["@context"], dict)

    graph = Graph().parse(data=response.content, format="json-ld")

    assert len(graph) == len(catalogue())
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 6


# ---------- The bulk download ----------


def download(client=None):
    response = (client or Client()).get(reverse("opendata:bulk"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="ibuy-data.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def validated(archive, folder):
    archive.extractall(folder)
    with system.use_context(trusted=False):
        package = Package(str(folder / "datapackage.json"))
        return package, package.validate()


def test_the_bulk_download_is_a_valid_data_package_with_types_and_foreign_keys(content, tmp_path):
    archive = download()

    package, report = validated(archive, tmp_path / "package")

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = set(package.resource_names)
    assert {"partners", "action_plans", "actions", "practices", "study_visits", "reports", "transfers"} <= names
    assert {"sources", "regions", "instruments", "themes", "partnership", "reported_figures"} <= names
    assert {"practices_partners", "practices_sources", "study_visits_participating_partners"} <= names
    practices = package.get_resource("practices")
    assert practices.schema.primary_key == ["slug"]
    assert practices.schema.get_field("start_year").type == "integer"
    assert practices.schema.get_field("updated").type == "datetime"
    assert practices.schema.get_field("keep_eu_url").format == "uri"
    assert "pattern" in practices.schema.get_field("procedures").constraints
    steps = package.get_resource("practice_steps").schema
    assert steps.primary_key == ["practice", "position"]
    assert steps.get_field("position").type == "integer"
    assert steps.get_field("title").constraints == {"required": True}
    assert steps.foreign_keys == [{"fields": ["practice"], "reference": {"resource": "practices", "fields": ["slug"]}}]
    links = package.get_resource("practice_links").schema
    assert links.primary_key == ["practice", "url", "document"]
    assert links.get_field("kind").constraints["enum"] == ["reading", "tender", "template", "report", "ted-notice"]
    transfers = package.get_resource("transfers").schema.foreign_keys
    assert {
        "fields": ["action_plan", "action"],
        "reference": {"resource": "actions", "fields": ["action_plan", "slug"]},
    } in transfers


def test_the_bulk_download_holds_only_published_records_and_their_links(content):
    archive = download()
    practices = archive.read("practices.csv").decode()
    links = archive.read("practices_partners.csv").decode().splitlines()
    reports = archive.read("reports.csv").decode()

    assert "Draft practice" not in practices
    assert content["practices"][0].slug in practices
    assert "Draft partner agency" not in archive.read("partners.csv").decode()
    assert len(links) == 1 + 2  # the header, then the two published partners' links; the draft's is left out
    assert all("partner" not in line.split(",")[1] or "draft" not in line for line in links)
    # A report by a draft partner is published without naming it.
    assert f"{content['reports'][1].slug}," in reports
    assert archive.read("practices_sources.csv").decode().splitlines()[1] == f"{content['practices'][0].slug},af"


def test_the_bulk_download_holds_a_practices_full_record_its_steps_and_documents(content, settings):
    archive = download()
    first = content["practices"][0].slug
    practices = {row["slug"]: row for row in csv.DictReader(io.StringIO(archive.read("practices.csv").decode()))}
    assert list(practices[first])[-1] == "url"
    assert practices[first]["procedures"] == "market-consultation,pcp"
    assert practices[first]["buyer"] == "Vilnius city"
    assert practices[first]["keep_eu_url"] == "https://keep.eu/projects/1/"
    steps = list(csv.DictReader(io.StringIO(archive.read("practice_steps.csv").decode())))
    assert [
        (row["practice"], row["position"], row["title"], row["timing"]) for row in steps if row["practice"] == first
    ] == [
        (first, "2", "Buy", "2019"),
        (first, "1", "Ask the market", ""),
    ]  # in the order they were written: `position` orders them
    assert "Draft practice" not in {row["practice"] for row in steps}
    links = [
        row
        for row in csv.DictReader(io.StringIO(archive.read("practice_links.csv").decode()))
        if row["practice"] == first
    ]
    documents = {row["kind"]: row["document"] for row in links if row["document"]}
    assert documents == {
        kind: f"{settings.PORTAL_BASE_URL.rstrip('/')}/media/practices/documents/{first}-{kind}.pdf"
        for kind in ("tender", "report")
    }
    assert {row["url"] for row in links if row["kind"] == "reading"} == {f"https://example.org/{first}"}


def test_a_procedure_code_outside_the_choices_makes_the_package_invalid(content, tmp_path):
    folder = tmp_path / "package"
    download().extractall(folder)
    practices = folder / "practices.csv"
    practices.write_text(practices.read_text().replace("market-consultation,pcp", "market-consultation,bribery"))

    with system.use_context(trusted=False):
        report = Package(str(folder / "datapackage.json")).validate()

    assert not report.valid
    assert "constraint-error" in {error.type for task in report.tasks for error in task.errors}


def test_a_broken_foreign_key_makes_the_package_invalid(content, tmp_path):
    """The validation can fail: a transfer naming a practice that is not in the package is refused."""
    folder = tmp_path / "package"
    download().extractall(folder)
    transfers = folder / "transfers.csv"
    header, first, *rest = transfers.read_text().splitlines()
    transfers.write_text("\n".join([header, "no-such-practice" + first[first.index(",") :], *rest]) + "\n")

    with system.use_context(trusted=False):
        report = Package(str(folder / "datapackage.json")).validate()

    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


@pytest.mark.django_db(transaction=True)
def test_the_archive_is_built_once_per_generation_and_again_after_a_change(content):
    """Committed changes move the generation on (a transactional test: the changes really commit)."""
    generation = DataGeneration.current().number
    download()
    built = list(Path(bulk.folder()).glob("ibuy-data-*.zip"))
    assert len(built) == 1
    first_time = built[0].stat().st_mtime_ns

    download()
    assert [path.stat().st_mtime_ns for path in Path(bulk.folder()).glob("ibuy-data-*.zip")] == [first_time]

    with transaction.atomic():  # as the admin's change form saves
        practice = GoodPractice.objects.get(pk=content["practices"][0].pk)
        practice.title = "Innovation brokers, renamed"
        practice.save()

    assert DataGeneration.current().number == generation + 1
    assert "Innovation brokers, renamed" in download().read("practices.csv").decode()
    # The archive of the old generation is gone; no temporary file is left behind.
    assert [path.name for path in Path(bulk.folder()).iterdir()] == [bulk.archive_path(DataGeneration.current()).name]


@pytest.mark.django_db(transaction=True)
def test_one_change_of_many_rows_moves_the_generation_once(content):
    generation = DataGeneration.current().number

    with transaction.atomic():
        for practice in GoodPractice.objects.all():
            practice.partners.clear()
            practice.save()

    assert DataGeneration.current().number == generation + 1


def test_the_command_builds_the_archive(content, capsys):
    call_command("build_open_data")

    assert "Built " in capsys.readouterr().out
    assert bulk.archive_path(DataGeneration.current()).exists()


def test_the_descriptor_says_the_licence_or_that_none_has_been_stated(content, settings):
    settings.OPEN_DATA_LICENCE_URL = ""
    without = json.loads(download().read("datapackage.json"))
    assert "licenses" not in without
    assert "No licence has been stated" in without["description"]

    settings.OPEN_DATA_LICENCE_URL = LICENCE
    settings.OPEN_DATA_LICENCE_NAME = "CC-BY-4.0"
    bulk.build()
    with_licence = json.loads(download().read("datapackage.json"))
    assert with_licence["licenses"] == [{"name": "CC-BY-4.0", "path": LICENCE, "title": "CC-BY-4.0"}]


def test_the_descriptor_on_its_own_names_each_file_by_its_address(content):
    client = Client()
    descriptor = client.get(reverse("opendata:datapackage")).json()
    partners = next(resource for resource in descriptor["resources"] if resource["name"] == "partners")

    assert partners["path"] == "http://testserver/open-data/data/partners.csv"
    response = client.get(partners["path"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response.content.decode().startswith("slug,created,updated,number,name")
    assert client.get("/open-data/data/no-such-table.csv").status_code == 404


# ---------- The page ----------


def test_the_open_data_page_says_what_can_be_downloaded_how_fresh_and_how_to_cite(content):
    response = Client().get(reverse("opendata:index"))
    text = response.text

    assert response.status_code == 200
    assert "No licence has been stated for this data" in text
    assert 'href="/open-data/ibuy-data.zip"' in text
    assert 'href="/open-data/catalogue.ttl"' in text
    assert 'href="/practices/?format=csv"' in text
    assert "The content last changed on" in text
    assert "How to cite it" in text
    assert 'id="partners-and-action-plans"' in text


def test_the_open_data_page_names_the_licence_the_operator_states(settings):
    settings.OPEN_DATA_LICENCE_URL = LICENCE
    settings.OPEN_DATA_LICENCE_NAME = "Creative Commons Attribution 4.0"

    text = Client().get(reverse("opendata:index")).text

    assert f'<a href="{LICENCE}">Creative Commons Attribution 4.0</a>' in text
    assert "No licence has been stated" not in text


def test_every_page_links_the_open_data_page_from_its_footer():
    assert 'href="/open-data/"' in Client().get("/").text


# ---------- Fixed numbers of queries ----------


def add_more(count):
    for _ in range(count):
        partner = PartnerFactory()
        GoodPracticeFactory(partners=[partner])
        ReportFactory(partner=partner)
        StudyVisitFactory(host_partner=partner)


@pytest.mark.parametrize("extra", [0, 10])
def test_the_catalogue_and_the_page_take_a_fixed_number_of_queries(content, extra, django_assert_num_queries):
    add_more(extra)
    DataGeneration.current()
    client = Client()
    # The newest change of each of the four dated models.
    with django_assert_num_queries(5):
        client.get(reverse("opendata:catalogue-ttl"))
    with django_assert_num_queries(5):
        client.get(reverse("opendata:catalogue-jsonld"))
    # The four newest changes and the generation.
    with django_assert_num_queries(6):
        client.get(reverse("opendata:index"))


@pytest.mark.parametrize("extra", [0, 10])
def test_building_the_archive_takes_a_fixed_number_of_queries(content, extra, django_assert_num_queries):
    add_more(extra)
    DataGeneration.current()
    tables = 16  # practice_steps: a table of its own, one query
    links = 18
    with django_assert_num_queries(1 + tables + links):
        bulk.build()
    # Served again: the generation is read, the archive is not built again.
    with django_assert_num_queries(1):
        download()
