"""The accessibility statement at /accessibility/, in the form of the Web Accessibility Directive's model statement,
and the footer link to it on every page."""

import re

import pytest
from django.test import override_settings
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
    assert "last reviewed on 1 December 2026" in page


def test_each_django_admin_issue_the_axe_test_knows_is_listed(client):
    page = text(client.get(reverse("accessibility")))

    for description in KNOWN_DJANGO.values():
        assert description in page


def test_the_documents_map_and_charts_are_listed_with_their_alternatives(client):
    page = text(client.get(reverse("accessibility")))

    assert "Where a report in the library has a document file (a PDF) to download" in page
    assert "we have not checked that file for accessibility" in page
    assert "the same records as a list of links, which is the accessible alternative" in page
    assert "followed by a table of the same figures" in page


def test_the_statement_claims_no_file_or_year_for_every_report(client):
    """None of the documented reports has a file or a date: the statement says only what always holds."""
    page = text(client.get(reverse("accessibility")))

    assert "are PDF files" not in page
    assert "year" not in page
    assert "2018-2022" not in page
    assert "its partner, date and language where a source gives them" in page


@override_settings(PORTAL_OPERATOR_NAME="", PORTAL_OPERATOR_CONTACT="")
def test_without_an_operator_the_statement_says_it_has_not_been_named(client):
    response = client.get(reverse("accessibility"))
    page = text(response)

    assert "The body responsible for this portal has not been named yet." in page
    assert "The operator of this portal has not been named yet, so this statement cannot say where to send" in page
    assert "committed" not in page
    assert "Lithuanian Innovation Centre" not in page
    assert "lic.lt" not in response.text
    assert "mailto:" not in response.text


@override_settings(
    PORTAL_OPERATOR_NAME="Agency for Accessible Portals", PORTAL_OPERATOR_CONTACT="web@agency.example.eu"
)
def test_with_an_operator_the_statement_names_it_and_its_e_mail(client):
    response = client.get(reverse("accessibility"))
    page = text(response)

    assert "Agency for Accessible Portals, the body responsible for this portal, is committed to making it" in page
    assert "please tell Agency for Accessible Portals:" in page
    assert '<a href="mailto:web@agency.example.eu">web@agency.example.eu</a>' in response.text
    assert "has not been named" not in page
    assert "the member state of Agency for Accessible Portals has designated" in page


@override_settings(
    PORTAL_OPERATOR_NAME="Agency for Accessible Portals", PORTAL_OPERATOR_CONTACT="https://agency.example.eu/contact/"
)
def test_a_contact_address_is_a_link(client):
    response = client.get(reverse("accessibility"))

    assert '<a href="https://agency.example.eu/contact/">agency.example.eu/contact</a>' in response.text


@override_settings(PORTAL_OPERATOR_NAME="Agency for Accessible Portals", PORTAL_OPERATOR_CONTACT="")
def test_an_operator_without_a_contact_says_there_is_none(client):
    page = text(client.get(reverse("accessibility")))

    assert "Agency for Accessible Portals is responsible for this portal, but has not given a contact" in page


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


@override_settings(PORTAL_OPERATOR_NAME="", PORTAL_OPERATOR_CONTACT="")
def test_the_footer_says_when_the_operator_has_not_been_named(client):
    response = client.get("/")

    footer = text(response)[text(response).index("iBuy was a project") :]
    assert "The body responsible for this portal has not been named yet." in footer


@override_settings(
    PORTAL_OPERATOR_NAME="Agency for Accessible Portals", PORTAL_OPERATOR_CONTACT="web@agency.example.eu"
)
def test_the_footer_names_the_operator_and_its_contact(client):
    response = client.get("/partners/")

    footer = response.text[response.text.index('<footer class="site-footer">') :]
    assert "This portal is run by Agency for Accessible Portals:" in footer
    assert '<a href="mailto:web@agency.example.eu">web@agency.example.eu</a>' in footer
