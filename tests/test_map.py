"""The map of the partnership (/map/), its list and its CSV (/map/points.csv), and the geometry behind them."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from glance import geo
from glance.maps import LISTED_PER_REGION, MAX_RING
from practices.models import VisitKind
from publishing.models import Status
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, SourceFactory, StudyVisitFactory

pytestmark = pytest.mark.django_db

MAP_URL = reverse("glance:map")
CSV_URL = reverse("glance:map-csv")

# GeoNames' coordinates of the partners' towns, as the documented content holds them.
TOWNS = {
    "Vilnius": ("54.6892", "25.2798"),
    "Palma": ("39.5694", "2.6502"),
    "Tampere": ("61.4991", "23.7871"),
    "Bucharest": ("44.4323", "26.1063"),
    "Lamia": ("38.9000", "22.4333"),
    "Riga": ("56.9460", "24.1059"),
    "Lisbon": ("38.7167", "-9.1333"),
}


def svg_of(html):
    start = html.index('<svg class="map"')
    return html[start : html.index("</svg>", start) + len("</svg>")]


def list_of(html):
    start = html.index('id="map-list"')
    return html[start : html.index("</section>\n</div>", start)]


def point_links(html):
    """The pages the map's markers lead to, in the order drawn."""
    return re.findall(r'<a class="map-point map-point--(?:partner|visit|good-practice)" href="([^"]+)"', svg_of(html))


def list_links(html):
    return re.findall(r'<li><a href="([^"]+)">', list_of(html))


def town(name, nuts_code, country="LT", **kwargs):
    latitude, longitude = TOWNS[name]
    return RegionFactory(
        nuts_code=nuts_code,
        country=country,
        name=f"Region of {name}",
        place=name,
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        **kwargs,
    )


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


# ---------- The documented content ----------


@pytest.fixture
def documented():
    call_command("load_documented_content", "ibuy", verbosity=0)


def test_the_documented_partners_places_are_on_the_map_and_in_the_list(client, documented):
    response = client.get(MAP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html)
    for name in TOWNS:
        assert f">{name}</text>" in svg, name
        assert re.search(rf'class="map-group__heading"[^>]*>\s*{name}<', html), name
    assert "NUTS ES53" in html
    assert "NUTS FI197" in html
    assert "NUTS LT" in html
    # 7 partners, 7 meetings and seminars, 4 practices with a region drawn; the practice without a region listed.
    assert len(point_links(html)) == 18
    assert len(list_links(html)) == 19
    assert 'Consultations regarding innovative public procurement</a> <span class="map-list__no-point">' in html
    assert "/practices/consultations-regarding-innovative-public-procurement/" not in svg


def test_the_documented_coordinates_cite_geonames(documented):
    from partners.models import Region

    for region in Region.objects.prefetch_related("sources"):
        assert region.has_point
        assert region.place in TOWNS
        assert (str(region.latitude), str(region.longitude)) == TOWNS[region.place]
        geonames = [source for source in region.sources.all() if source.publisher == "GeoNames"]
        assert len(geonames) == 1
        assert re.fullmatch(r"https://www\.geonames\.org/\d+", geonames[0].url)


def test_the_documented_csv_has_a_row_per_record(client, documented):
    rows = csv_rows(client.get(CSV_URL))
    assert len(rows) == 19
    lisbon = next(row for row in rows if row["title"] == "National Innovation Agency of Portugal")
    assert lisbon == {
        "kind": "partner",
        "title": "National Innovation Agency of Portugal",
        "url": "http://testserver/partners/national-innovation-agency-of-portugal/",
        "place": "Lisbon",
        "region": "PT",
        "latitude": "38.7167",
        "longitude": "-9.1333",
    }


# ---------- What is drawn and listed ----------


def test_each_point_links_to_its_page_and_the_list_names_the_same_records(client):
    vilnius = town("Vilnius", "LT")
    partner = PartnerFactory(region=vilnius, name="Innovation agency")
    visit = StudyVisitFactory(region=vilnius, host_partner=partner, title="Visit to Vilnius")
    practice = GoodPracticeFactory(region=vilnius, title="Buying together")
    html = client.get(MAP_URL).content.decode()
    expected = {partner.get_absolute_url(), visit.get_absolute_url(), practice.get_absolute_url()}
    assert set(point_links(html)) == expected
    assert set(list_links(html)) == expected
    svg = svg_of(html)
    assert 'aria-label="Partner: Innovation agency, Vilnius"' in svg
    assert 'aria-label="Study visit or meeting: Visit to Vilnius, Vilnius"' in svg
    assert 'aria-label="Good practice: Buying together, Vilnius"' in svg
    # Three records at one place: a dot marks the place and the markers stand round it.
    assert svg.count('class="map-place__dot"') == 1


def test_each_kind_has_its_own_shape_and_the_legend_names_it_in_words(client):
    region = town("Riga", "LV", country="LV")
    GoodPracticeFactory(region=region)
    StudyVisitFactory(region=region, host_partner=PartnerFactory(region=region))
    html = client.get(MAP_URL).content.decode()
    svg = svg_of(html)
    assert svg.count('<circle class="map-shape map-shape--partner"') == 1
    assert svg.count("map-shape--visit") == 1
    assert svg.count("map-shape--practice") == 1
    for words in ["Circle: a partner", "Triangle: a study visit or meeting", "Diamond: a good practice"]:
        assert words in html


def test_drafts_and_archived_records_are_neither_drawn_nor_listed(client):
    region = town("Tampere", "FI197", country="FI")
    published = PartnerFactory(region=region, name="Public partner")
    for status in [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED]:
        PartnerFactory(region=region, name=f"Hidden partner {status}", status=status)
        StudyVisitFactory(region=region, host_partner=published, title=f"Hidden visit {status}", status=status)
        GoodPracticeFactory(region=region, title=f"Hidden practice {status}", status=status)
    response = client.get(MAP_URL)
    assert "Hidden" not in response.content.decode()
    assert point_links(response.content.decode()) == [published.get_absolute_url()]
    assert [row["title"] for row in csv_rows(client.get(CSV_URL))] == ["Public partner"]


def test_records_without_a_point_are_listed_but_not_drawn(client):
    no_point = RegionFactory(nuts_code="ES53", country="ES", name="Balearic Islands")
    partner = PartnerFactory(region=no_point, name="Partner without a point")
    practice = GoodPracticeFactory(region=None, title="Practice without a region")
    html = client.get(MAP_URL).content.decode()
    assert point_links(html) == []
    assert set(list_links(html)) == {partner.get_absolute_url(), practice.get_absolute_url()}
    assert html.count("(no map point)") == 2
    assert "No region given" in html
    assert "2 records cannot be drawn" in html


def test_a_visit_stands_at_its_own_point_else_its_regions(client):
    region = town("Palma", "ES53", country="ES")
    own = StudyVisitFactory(
        region=region,
        host_partner=None,
        title="North of town",
        place="North",
        latitude=Decimal("39.9"),
        longitude=Decimal("2.6"),
    )
    inherited = StudyVisitFactory(region=region, host_partner=None, title="In Palma", place="Palma")
    rows = {row["title"]: row for row in csv_rows(client.get(CSV_URL))}
    assert (rows["North of town"]["latitude"], rows["North of town"]["longitude"]) == ("39.9000", "2.6000")
    assert (rows["In Palma"]["latitude"], rows["In Palma"]["longitude"]) == ("39.5694", "2.6502")
    svg = svg_of(client.get(MAP_URL).content.decode())
    own_at = re.search(rf'href="{own.get_absolute_url()}".*?translate\(([\d.]+) ([\d.]+)\)', svg, re.S).groups()
    inherited_at = re.search(rf'href="{inherited.get_absolute_url()}".*?translate\(([\d.]+) ([\d.]+)\)', svg, re.S)
    assert float(own_at[1]) < float(inherited_at.group(2))  # drawn north of the region's point


def test_a_point_outside_the_frame_is_listed_as_such(client):
    far = RegionFactory(
        nuts_code="FRY10",
        country="FR",
        name="Guadeloupe",
        place="Basse-Terre",
        latitude=Decimal("15.9985"),
        longitude=Decimal("-61.7255"),
    )
    antipode = RegionFactory(
        nuts_code="NZ",
        country="NZ",
        name="Far side",
        place="Far",
        latitude=Decimal("-52.0000"),
        longitude=Decimal("-170.0000"),
    )
    PartnerFactory(region=far)
    PartnerFactory(region=antipode)
    html = client.get(MAP_URL).content.decode()
    assert point_links(html) == []
    assert html.count("(outside the map's frame)") == 2


def test_many_records_at_one_place_become_one_marker_leading_to_the_list(client):
    region = town("Lamia", "EL64", country="GR")
    practices = [GoodPracticeFactory(region=region) for _ in range(MAX_RING + 1)]
    html = client.get(MAP_URL).content.decode()
    svg = svg_of(html)
    assert point_links(html) == []
    assert f'href="#region-el64" aria-label="{MAX_RING + 1} records at Lamia: see them in the list"' in svg
    assert 'id="region-el64"' in list_of(html)
    assert set(list_links(html)) == {practice.get_absolute_url() for practice in practices}


def test_the_list_names_a_regions_first_visits_and_practices_and_links_to_all_of_them(client):
    vilnius = town("Vilnius", "LT")
    host = PartnerFactory(region=vilnius)
    practices = [GoodPracticeFactory(region=vilnius, title=f"Practice {n:02d}") for n in range(LISTED_PER_REGION + 1)]
    visits = [StudyVisitFactory(region=vilnius, host_partner=host) for _ in range(LISTED_PER_REGION + 1)]

    html = client.get(MAP_URL).content.decode()
    listed = set(list_links(html))

    assert host.get_absolute_url() in listed
    assert len(listed & {practice.get_absolute_url() for practice in practices}) == LISTED_PER_REGION
    assert practices[-1].get_absolute_url() not in listed  # by title: the last one is a link away
    assert len(listed & {visit.get_absolute_url() for visit in visits}) == LISTED_PER_REGION
    assert f'<a href="/practices/?region=LT">All {LISTED_PER_REGION + 1} good practices in Vilnius</a>' in html
    assert (
        f'<a href="/study-visits/?region=LT">All {LISTED_PER_REGION + 1} study visits and meetings in Vilnius</a>'
        in html
    )


def test_records_without_a_region_are_all_listed(client):
    practices = GoodPracticeFactory.create_batch(LISTED_PER_REGION + 1, region=None)
    listed = set(list_links(client.get(MAP_URL).content.decode()))
    assert listed == {practice.get_absolute_url() for practice in practices}


def test_partners_countries_are_shaded(client):
    PartnerFactory(region=town("Lisbon", "PT", country="PT"))
    PartnerFactory(region=town("Riga", "LV", country="LV"))
    svg = svg_of(client.get(MAP_URL).content.decode())
    assert svg.count('class="map-country--partner"') == 2


def test_the_svg_loads_nothing_from_another_site_and_needs_no_inline_style(client):
    partner = PartnerFactory(region=town("Vilnius", "LT"), website="https://example.org/")
    html = client.get(MAP_URL).content.decode()
    svg = svg_of(html)
    assert "http:" not in svg
    assert "https:" not in svg
    assert "//" not in svg
    for link in re.findall(r'href="([^"]*)"', svg):
        assert link.startswith("/") or link.startswith("#"), link
    assert partner.get_absolute_url() in svg
    assert "style" not in svg.lower()
    assert "<script" not in html
    assert " on" not in re.sub(r'"[^"]*"', '""', svg)
    assert '<title id="map-title">' in svg
    assert '<desc id="map-desc">' in svg


def test_the_page_names_the_sources_of_outlines_and_coordinates(client):
    region = town("Bucharest", "RO32", country="RO")
    region.sources.add(
        SourceFactory(
            key="geonames-bucharest",
            title="Bucharest (GeoNames 683506)",
            publisher="GeoNames",
            url="https://www.geonames.org/683506",
        )
    )
    PartnerFactory(region=region)
    html = client.get(MAP_URL).content.decode()
    assert "Natural Earth" in html
    assert "world-atlas 2.0.2" in html
    assert 'href="https://www.geonames.org/683506"' in html


@pytest.mark.parametrize(
    "query", ["?page=x", "?format=json", "?q=%00", "?kind=%ff%fe&region=<script>", "?" + "a" * 5000]
)
def test_any_query_string_gets_the_page(client, query):
    PartnerFactory(region=town("Vilnius", "LT"))
    assert client.get(MAP_URL + query).status_code == 200
    assert client.get(CSV_URL + query).status_code == 200


# ---------- The CSV ----------


def test_csv_has_its_header_and_absolute_urls(client):
    partner = PartnerFactory(region=town("Vilnius", "LT"), name="Agency")
    GoodPracticeFactory(region=None, title="Nowhere")
    response = client.get(CSV_URL)
    assert response["Content-Disposition"] == 'attachment; filename="ibuy-map-points.csv"'
    assert response.content.decode().splitlines()[0] == "kind,title,url,place,region,latitude,longitude"
    rows = csv_rows(response)
    assert rows == [
        {
            "kind": "partner",
            "title": "Agency",
            "url": f"http://testserver{partner.get_absolute_url()}",
            "place": "Vilnius",
            "region": "LT",
            "latitude": "54.6892",
            "longitude": "25.2798",
        },
        {
            "kind": "good-practice",
            "title": "Nowhere",
            "url": "http://testserver/practices/" + GoodPracticeFactory._meta.model.objects.get().slug + "/",
            "place": "",
            "region": "",
            "latitude": "",
            "longitude": "",
        },
    ]


def test_csv_cells_that_a_spreadsheet_would_run_are_defused_but_numbers_are_not(client):
    region = town("Lisbon", "PT", country="PT")
    region.place = "@Lisbon"
    region.save()
    PartnerFactory(region=region, name='=HYPERLINK("http://evil.example")')
    StudyVisitFactory(region=region, host_partner=None, title="+1 visit", place="-Lisbon", kind=VisitKind.SEMINAR)
    rows = {row["kind"]: row for row in csv_rows(client.get(CSV_URL))}
    assert rows["partner"]["title"] == '\'=HYPERLINK("http://evil.example")'
    assert rows["partner"]["place"] == "'@Lisbon"
    assert rows["visit"]["title"] == "'+1 visit"
    assert rows["visit"]["place"] == "'-Lisbon"
    assert rows["partner"]["longitude"] == "-9.1333"  # a number keeps its sign


# ---------- Queries ----------


def make_records(size):
    """`size` records of each kind, each kind spread over two regions, every visit with its own host partner."""
    regions = [town("Vilnius", "LT"), town("Riga", "LV", country="LV")]
    for number in range(size):
        region = regions[number % 2]
        partner = PartnerFactory(region=region)
        StudyVisitFactory(region=region, host_partner=partner, participating_partners=[partner])
        GoodPracticeFactory(region=region, partners=[partner])
    for region in regions:
        region.sources.add(SourceFactory(), SourceFactory())


@pytest.mark.parametrize("size", [1, 2 * LISTED_PER_REGION])  # up to the most the list names per region
def test_the_page_runs_four_queries_whatever_the_number_of_records(client, django_assert_num_queries, size):
    """Guards a region (or its sources) loaded per marker: one query per kind of record, one for the sources."""
    make_records(size)
    with django_assert_num_queries(4):
        response = client.get(MAP_URL)
    assert len(list_links(response.content.decode())) == 3 * size


@pytest.mark.parametrize("size", [1, 50])
def test_the_csv_runs_three_queries_whatever_the_number_of_records(client, django_assert_num_queries, size):
    """Guards a region loaded per row: one query per kind of record."""
    make_records(size)
    with django_assert_num_queries(3):
        response = client.get(CSV_URL)
    assert len(csv_rows(response)) == 3 * size


# ---------- The geometry ----------


def test_the_projection_is_epsg_3035():
    """The worked example of IOGP's EPSG Guidance Note 7-2 for ETRS89-LAEA: 50° N 5° E."""
    easting, northing = geo.laea(50, 5)
    assert (round(easting, 2), round(northing, 2)) == (3962799.45, 2999718.85)
    assert geo.laea(52, 10) == pytest.approx((4321000.0, 3210000.0))


def test_the_map_puts_places_where_they_are():
    lisbon, tampere, lamia, palma = (geo.to_svg(*TOWNS[name]) for name in ["Lisbon", "Tampere", "Lamia", "Palma"])
    assert lisbon[0] < palma[0] < lamia[0]  # west to east
    assert tampere[1] < lamia[1]  # north above south
    assert all(0 <= x <= geo.WIDTH and 0 <= y <= geo.HEIGHT for x, y in [lisbon, tampere, lamia, palma])
    assert geo.to_svg(70.09, 27.9) is not None  # the north of Finland
    assert geo.to_svg(34.9, 25.0) is not None  # Crete
    assert geo.to_svg(-52, -170) is None  # the far side of the globe
    assert geo.to_svg(15.99, -61.73) is None  # outside the frame


def test_the_outlines_are_computed_once_and_stay_small():
    shapes = geo.country_shapes()
    assert geo.country_shapes() is shapes
    names = {shape.name for shape in shapes}
    assert {"Portugal", "Spain", "Finland", "Lithuania", "Latvia", "Romania", "Greece"} <= names
    assert "Australia" not in names
    assert sum(len(shape.path) for shape in shapes) < 40_000
    for shape in shapes:
        # Rings of whole units: an absolute start inside the frame, then relative steps.
        assert re.fullmatch(r"(M\d+ \d+(l-?\d+(?: \d+|-\d+))+z)+", shape.path), shape.name
        for x, y in re.findall(r"M(\d+) (\d+)", shape.path):
            assert 0 <= int(x) <= geo.WIDTH
            assert 0 <= int(y) <= geo.HEIGHT


def test_the_map_data_stays_on_the_server_and_only_its_licence_is_published():
    """collectstatic publishes what the static finders find: the 740 kB outlines are read by glance.geo only."""
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/world-atlas/countries-50m.json") is None
    assert finders.find("vendor/world-atlas/LICENSE") is not None
    assert geo.TOPOJSON.is_file()
