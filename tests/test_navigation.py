"""The header on every page: the main navigation, the current section marked, and a search form."""

import pytest
from django.urls import reverse

from tests.factories import ActionPlanFactory, GoodPracticeFactory, PartnerFactory, ReportFactory, StudyVisitFactory

pytestmark = pytest.mark.django_db

SECTIONS = [
    ("Partners", "/partners/"),
    ("Action plans", "/action-plans/"),
    ("Good practices", "/practices/"),
    ("Study visits", "/study-visits/"),
    ("Library", "/library/"),
    ("Map", "/map/"),
    ("Figures", "/figures/"),
    ("About", "/about/"),
]


def navigation(html):
    return html[html.index('<nav class="site-nav" aria-label="Main">') : html.index("</nav>")]


def current_links(html):
    return [label for label, url in SECTIONS if f'href="{url}" aria-current="page">{label}</a>' in navigation(html)]


def test_every_section_is_in_the_main_navigation(client):
    nav = navigation(client.get(reverse("home")).text)

    for label, url in SECTIONS:
        assert f'<a class="site-nav__link" href="{url}"' in nav
        assert f">{label}</a>" in nav


def test_home_marks_no_section_but_the_brand_link(client):
    html = client.get(reverse("home")).text

    assert current_links(html) == []
    assert '<a class="site-header__name" href="/" aria-current="page">iBuy</a>' in html


@pytest.mark.parametrize(("label", "url"), SECTIONS)
def test_a_list_page_marks_its_section(client, label, url):
    response = client.get(url)

    assert response.status_code == 200
    assert current_links(response.text) == [label]


@pytest.mark.parametrize(
    ("label", "factory"),
    [
        ("Partners", PartnerFactory),
        ("Action plans", ActionPlanFactory),
        ("Good practices", GoodPracticeFactory),
        ("Study visits", StudyVisitFactory),
        ("Library", ReportFactory),
    ],
)
def test_an_item_page_marks_its_section(client, label, factory):
    html = client.get(factory().get_absolute_url()).text

    assert current_links(html) == [label]


def test_search_page_marks_no_section(client):
    assert current_links(client.get(reverse("search:search"), {"q": "partners"}).text) == []


def test_the_header_search_form_sends_q_to_the_search_page(client):
    html = client.get(reverse("about")).text

    assert '<form class="site-search" method="get" action="/search/" role="search">' in html
    assert '<label class="site-search__label" for="site-search-query">Search the portal</label>' in html
    assert '<input class="site-search__input" type="search" id="site-search-query" name="q"' in html


def test_not_found_page_has_the_navigation(client):
    response = client.get("/partners/no-such-partner/")

    assert response.status_code == 404
    assert '<nav class="site-nav" aria-label="Main">' in response.text
