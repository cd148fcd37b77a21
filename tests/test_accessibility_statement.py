"""The accessibility statement at /accessibility/, in the form of the Web Accessibility Directive's model statement,
and the footer link to it on every page."""

import re

import pytest
from django.urls import reverse

from tests.browser.test_accessibility import KNOWN_DJANGO
from tests.factories import GoodPracticeFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def text(response):
    """The page's words, without tags and with spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def headings(response, level):
    return [
        re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", response.text)
    ]


def test_the_statement_has_the_sections_of_the_model_statement(client):
    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    assert headings(response, 1) == ["Accessibility statement"]
    assert headings(response, 2) == [
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
        "Feedback and contact information",
        "Enforcement procedure",
    ]
    assert headings(response, 3) == [
        "Non-compliance with the accessibility regulations",
        "Disproportionate burden",
        "Content that is not within the scope of the applicable legislation",
    ]


def test_the_statement_says_what_it_covers_and_how_compliant_it_is(client):
    page = text(client.get(reverse("accessibility")))

    assert "Directive (EU) 2016/2102" in page
    assert "This statement applies to this website" in page
    assert "This website is partially compliant with the harmonised standard EN 301 549" in page
    assert "WCAG) 2.1 at level AA" in page
    assert "This statement was prepared on 22 November 2026" in page
    assert "self-assessment: automated checks with axe-core" in page
    assert "last reviewed on 22 November 2026" in page


def test_each_django_admin_issue_the_axe_test_knows_is_listed(client):
    page = text(client.get(reverse("accessibility")))

    for description in KNOWN_DJANGO.values():
        assert description in page


def test_the_documents_map_and_charts_are_listed_with_their_alternatives(client):
    page = text(client.get(reverse("accessibility")))

    assert "PDF files that the partners published" in page
    assert "We have not checked them for accessibility" in page
    assert "the same records as a list of links, which is the accessible alternative" in page
    assert "followed by a table of the same figures" in page


def test_problems_are_reported_through_the_lead_partner_and_no_address_is_invented(client):
    response = client.get(reverse("accessibility"))

    assert "through the lead partner, the Lithuanian Innovation Centre" in text(response)
    assert 'href="/partners/lithuanian-innovation-centre/"' in response.text
    assert 'href="https://www.lic.lt/"' in response.text
    assert "mailto:" not in response.text
    assert "Republic of Lithuania" in text(response)


def test_the_statement_needs_no_database_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("accessibility")).status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/partners/",
        "/partners/agency-a/",
        "/practices/a-practice/",
        "/search/?q=procurement",
        "/about/",
        "/accessibility/",
        "/no-such-page/",
    ],
)
def test_every_page_links_to_the_statement_in_its_footer(client, address):
    GoodPracticeFactory(slug="a-practice", partners=[PartnerFactory(slug="agency-a")])

    response = client.get(address)

    footer = response.text[response.text.index('<footer class="site-footer">') :]
    assert '<a href="/accessibility/">Accessibility statement</a>' in footer
