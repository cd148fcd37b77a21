"""The good practice cards tell practices apart: a practice's own summary is shown, a sentence that other
published practices carry word for word is not (it describes where they are listed, not the practice), and the
organisation behind a practice is among the facts."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from practices.models import GoodPractice
from publishing.models import Status
from tests.factories import GoodPracticeFactory

pytestmark = pytest.mark.django_db

PRACTICES = reverse("practices:practice-list")
SHARED = "Listed in a database; its page there describes it in full."


def cards(html):
    return html.split('<ul class="card-grid')[1].split("</ul>\n    \n")[0].split('<li class="card">')[1:]


def test_a_summary_shared_word_for_word_is_left_off_the_cards(client):
    GoodPracticeFactory(title="A own", summary="A platform that invites solutions through open calls.")
    GoodPracticeFactory(title="B listed", summary=SHARED, organisation="Directorate-General of Health")
    GoodPracticeFactory(title="C listed", summary=SHARED)

    html = client.get(PRACTICES).text

    assert "A platform that invites solutions through open calls." in html
    assert SHARED not in html
    assert "<dt>Organisation</dt><dd>Directorate-General of Health</dd>" in html


def test_a_draft_sharing_the_summary_does_not_hide_it(client):
    GoodPracticeFactory(title="Published", summary=SHARED)
    GoodPracticeFactory(title="Draft", summary=SHARED, status=Status.DRAFT)

    assert SHARED in client.get(PRACTICES).text


def test_the_summary_is_shared_whatever_page_the_others_are_on(client):
    GoodPracticeFactory(title="A listed", summary=SHARED)
    GoodPracticeFactory(title="B listed", summary=SHARED, region__nuts_code="LV", region__country="LV")

    assert SHARED not in client.get(PRACTICES, {"region": "LV"}).text


def test_the_documented_practices_have_cards_that_differ(client):
    call_command("load_documented_content", "ibuy", verbosity=0)

    html = client.get(PRACTICES).text
    found = cards(html)

    assert len(found) == GoodPractice.objects.published().count()
    # What each card says under its title (its text, without the markup) is its own.
    bodies = [" ".join(re.sub(r"<[^>]+>", " ", card.split("</h3>")[1]).split()) for card in found]
    assert all(bodies)
    assert len(set(bodies)) == len(bodies)
