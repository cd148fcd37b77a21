"""The portal in the partners' languages: every page kind in every language, with its `lang`, its language
switcher and its hreflang alternates, the same queries in every language, the first visit's choice of language,
the page cache per language, the sitemap's alternates, and numbers and dates as each language writes them."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    PartnershipFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
    ThemeFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NAMES = dict(settings.LANGUAGES)
# Each language's own name, as the switcher writes it (the list).
OWN_NAMES = {
    "en": "English",
    "lt": "Lietuvių",
    "es": "Español",
    "ca": "Català",
    "fi": "Suomi",
    "ro": "Română",
    "el": "Ελληνικά",
    "lv": "Latviešu",
    "pt": "Português",
}
# Every kind of public page, by its English address; the records come from the `records` fixture.
PAGES = {
    "home": "/",
    "about": "/about/",
    "accessibility": "/accessibility/",
    "search": "/search/?q=practice",
    "map": "/map/",
    "figures": "/figures/",
    "partner list": "/partners/",
    "action plan list": "/action-plans/",
    "practice list": "/practices/",
    "visit list": "/study-visits/",
    "library": "/library/",
    "transfer trail": "/transfers/",
    "partner": "/partners/cpva/",
    "action plan": "/action-plans/plan-cpva/",
    "practice": "/practices/pcp-health/",
    "visit": "/study-visits/palma-2019/",
    "report": "/library/guideline/",
    "missing page": "/practices/no-such-practice/",
}


@pytest.fixture
def records():
    """Two related rows of each kind, so that a query per row would show in the query counts."""
    PartnershipFactory(budget_eur=Decimal("1470100"))
    regions = [RegionFactory(nuts_code="LT01", country="LT"), RegionFactory(nuts_code="EL64", country="GR")]
    instruments = [InstrumentFactory(code="pcp"), InstrumentFactory(code="ppi")]
    themes = [ThemeFactory(slug="health"), ThemeFactory(slug="energy")]
    partners = [PartnerFactory(slug="cpva", region=regions[0]), PartnerFactory(slug="stereaellada", region=regions[1])]
    plans = [ActionPlanFactory(slug="plan-cpva", partner=partners[0]), ActionPlanFactory(partner=partners[1])]
    actions = [
        ActionFactory(action_plan=plans[0], start_date=datetime.date(2020, 3, 1)),
        ActionFactory(action_plan=plans[0]),
    ]
    practices = [
        GoodPracticeFactory(
            slug="pcp-health", region=regions[1], partners=partners, instruments=instruments, themes=themes
        ),
        GoodPracticeFactory(region=regions[0], partners=partners, instruments=instruments, themes=themes),
    ]
    visits = [
        StudyVisitFactory(
            slug="palma-2019",
            host_partner=partners[0],
            region=regions[0],
            participating_partners=partners,
            related_practices=practices,
            start_date=datetime.date(2018, 11, 22),
            end_date=datetime.date(2018, 11, 23),
        ),
        StudyVisitFactory(host_partner=partners[1], region=regions[1], participating_partners=partners),
    ]
    for practice, action in zip(practices, actions, strict=True):
        TransferFactory(practice=practice, action=action, study_visit=visits[0])
    ReportFactory(slug="guideline", partner=partners[0], instruments=instruments)
    ReportFactory(partner=partners[1], instruments=instruments)


def localised(path, language):
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


class Links(HTMLParser):
    """The <html lang>, the head's hreflang alternates and the switcher's links of a page."""

    def __init__(self):
        super().__init__()
        self.html_lang, self.alternates, self.switcher, self._in_switcher = None, {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and "language-switcher" in attrs.get("class", ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append({**attrs, "text": ""})

    def handle_data(self, data):
        if self._in_switcher and self.switcher and data.strip():
            self.switcher[-1]["text"] += data.strip()

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def links_of(response):
    parser = Links()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGES)
def test_every_page_kind_renders_in_every_language_with_its_lang_switcher_and_alternates(
    client, records, kind, language
):
    path = PAGES[kind]
    response = client.get(localised(path, language))

    assert response.status_code == (404 if kind == "missing page" else 200)
    assert response["Content-Language"] == language
    page = links_of(response)
    assert page.html_lang == language
    # The switcher: a plain link per language to this same page, named in its own language, with lang and hreflang.
    assert [(link["lang"], link["hreflang"], link["text"]) for link in page.switcher] == [
        (code, code, OWN_NAMES[code]) for code in LANGUAGES
    ]
    assert [link["lang"] for link in page.switcher if link.get("aria-current")] == [language]
    hrefs = {link["lang"]: link["href"] for link in page.switcher}
    assert hrefs == {code: localised(path, code) for code in LANGUAGES}
    assert page.alternates == {
        **{code: f"http://testserver{localised(path, code)}" for code in LANGUAGES},
        "x-default": f"http://testserver{path}",
    }
    # The interface is in the page's language: the main navigation's first link, translated.
    with translation.override(language):
        assert f">{translation.gettext('Partners')}</a>" in response.content.decode()


@pytest.mark.parametrize("kind", [kind for kind in PAGES if kind != "missing page"])
def test_the_query_count_of_every_page_is_the_same_in_every_language(client, records, kind):
    # A first request builds what every later one reuses (the facet index, search's vocabulary): counted apart.
    assert client.get(localised(PAGES[kind], "en")).status_code == 200
    counts = {}
    for language in LANGUAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(localised(PAGES[kind], language)).status_code == 200
        counts[language] = len(queries)
    assert set(counts.values()) == {counts["en"]}, counts


def test_the_interface_speaks_greek_and_lithuanian_and_the_content_stays_in_its_own_language(client, records):
    greek = client.get("/el/practices/pcp-health/").content.decode()
    assert "Καλή πρακτική" in greek
    assert "Good practice 0" in greek or "Good practice" in greek  # the record's own title, untranslated
    lithuanian = client.get("/lt/practices/").content.decode()
    assert "Filtruoti gerosios praktikos pavyzdžius" in lithuanian
    assert "Taikyti filtrus" in lithuanian


# ---------- The first visit ----------


@pytest.mark.parametrize(
    ("accept_language", "location"),
    [("el-GR,el;q=0.9,en;q=0.5", "/el/"), ("lt", "/lt/"), ("pt-BR,pt;q=0.8", "/pt/"), ("ca-ES", "/ca/")],
)
def test_the_first_visit_to_the_home_page_goes_to_the_browsers_language(client, accept_language, location):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == location
    assert "Accept-Language" in response["Vary"]
    assert "private" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.parametrize("accept_language", ["", "en-GB,en;q=0.9,el;q=0.5", "de-DE,de;q=0.9", "*"])
def test_english_or_an_unknown_language_stays_on_the_english_home_page(client, accept_language, records):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 200
    assert links_of(response).html_lang == "en"


def test_following_the_switchers_link_back_to_english_stays_in_english(client, records):
    greek = client.get("/el/")
    english = links_of(greek).switcher[0]["href"]
    response = client.get(english, headers={"accept-language": "el", "referer": "http://testserver/el/"})

    assert english == "/"
    assert response.status_code == 200
    assert links_of(response).html_lang == "en"


def test_only_the_home_page_chooses_by_the_browser_and_no_page_needs_a_cookie(client, records):
    response = client.get("/practices/", headers={"accept-language": "el"})

    assert response.status_code == 200
    assert links_of(response).html_lang == "en"
    assert "Accept-Language" not in response.get("Vary", "")
    assert not client.get("/el/practices/").cookies


# ---------- The page cache and the sitemap ----------


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_the_page_cache_keeps_each_language_of_a_page_apart(cache_on, client, records):
    english, greek = client.get("/practices/"), client.get("/el/practices/")
    again_english, again_greek = client.get("/practices/"), client.get("/el/practices/")

    assert [english["X-Page-Cache"], greek["X-Page-Cache"]] == ["miss", "miss"]
    assert [again_english["X-Page-Cache"], again_greek["X-Page-Cache"]] == ["hit", "hit"]
    assert links_of(again_english).html_lang == "en"
    assert links_of(again_greek).html_lang == "el"


def test_a_greek_first_visit_is_redirected_even_when_the_english_home_page_is_cached(cache_on, client, records):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    response = client.get("/", headers={"accept-language": "el"})
    assert response.status_code == 302
    assert response["Location"] == "/el/"


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_the_sitemap_gives_every_address_its_alternates_in_every_language(client, records):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    alternates = {
        url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        for url in root.findall(f"{SITEMAP}url")
    }
    expected = {
        **{code: f"http://testserver{localised('/practices/pcp-health/', code)}" for code in LANGUAGES},
        "x-default": "http://testserver/practices/pcp-health/",
    }
    assert alternates["http://testserver/practices/pcp-health/"] == expected
    assert alternates["http://testserver/el/practices/pcp-health/"] == expected


# ---------- Numbers, money and dates ----------


@pytest.mark.parametrize(
    ("language", "budget"),
    # As Django's formats for each language say: "." in Greek and Lithuanian, a no-break space in Spanish and Finnish.
    [("en", "EUR 1,470,100"), ("el", "EUR 1.470.100"), ("lt", "EUR 1.470.100"), ("es", "EUR 1\xa0470\xa0100")],
)
def test_money_is_written_as_each_language_groups_digits(client, records, language, budget):
    assert f"<dd>{budget}</dd>" in client.get(localised("/about/", language)).content.decode()


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        ("en", "22–23 November 2018"),
        ("el", "22 Νοεμβρίου 2018 – 23 Νοεμβρίου 2018"),
        ("lt", "2018 m. lapkričio 22 d. – 2018 m. lapkričio 23 d."),
        ("es", "22 de noviembre de 2018 – 23 de noviembre de 2018"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(client, records, language, dates):
    html = client.get(localised("/study-visits/palma-2019/", language)).content.decode()
    assert re.search(rf"<dd>{re.escape(dates)}</dd>", html)


def test_addresses_slugs_and_export_field_names_are_the_same_in_every_language(client, records):
    english = b"".join(client.get("/practices/?format=csv").streaming_content).decode().splitlines()[0]
    greek = b"".join(client.get("/el/practices/?format=csv").streaming_content).decode().splitlines()[0]
    assert english == greek
    assert client.get("/el/practices/pcp-health/").status_code == 200
