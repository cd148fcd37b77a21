"""What a buyer needs on a practice's page (issue 14): the buyer, the procedures, the challenge, the steps, the
documents and the practice's pages elsewhere, each shown only when recorded; and similar practices at the end."""

import re

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from practices.models import GoodPractice, GoodPracticeLink, GoodPracticeStep, LinkKind, Procedure
from publishing.models import PendingChange, Status
from tests.admin_forms import change_url, form_data, open_and_post
from tests.factories import GoodPracticeFactory, InstrumentFactory, PartnerFactory, RegionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# The smallest file pypdf opens as a PDF: one empty page.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)

SECTIONS = {
    "challenge": '<h2 id="challenge-heading">',
    "steps": '<h2 id="steps-heading">',
    "documents": '<h2 id="documents-heading">',
    "reading": '<h2 id="links-heading">',
    "elsewhere": '<h2 id="elsewhere-heading">',
    "similar": '<h2 id="similar-heading">',
}


def page(client, practice):
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    return response.text


def main_of(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


# ---------- Each new field, shown only where recorded ----------


def test_a_practice_with_nothing_of_the_buyers_record_shows_none_of_its_sections(client):
    html = page(client, GoodPracticeFactory(title="Lonely practice", region=None))

    for heading in SECTIONS.values():
        assert heading not in html
    for label in ("Buying organisation", "Procedure used", "Procedures used"):
        assert f"<dt>{label}</dt>" not in html
    assert "<ol" not in main_of(html).split('aria-label="Breadcrumb"')[-1]


def test_the_buyers_record_is_shown_where_it_is_recorded(client):
    practice = GoodPracticeFactory(
        buyer="City of Lahti",
        organisation="Lahti procurement unit",
        procedures=[Procedure.MARKET_CONSULTATION, Procedure.COMPETITIVE_DIALOGUE],
        challenge="Street lights used too much energy.",
        contact_url="https://www.lahti.fi/en/contact/",
        interreg_europe_url="https://www.interregeurope.eu/good-practices/smart-street-lights",
        keep_eu_url="https://keep.eu/projects/12345/",
    )
    GoodPracticeLink.objects.create(
        practice=practice, kind=LinkKind.TENDER, title="Invitation to tender", url="https://example.org/tender"
    )
    GoodPracticeLink.objects.create(
        practice=practice, kind=LinkKind.TEMPLATE, title="Evaluation grid", url="https://example.org/grid"
    )
    GoodPracticeLink.objects.create(
        practice=practice,
        kind=LinkKind.TED_NOTICE,
        title="Contract notice 2019/S 123-456789",
        url="https://ted.europa.eu/en/notice/-/detail/456789-2019",
    )

    html = page(client, practice)

    assert "<dt>Buying organisation</dt><dd>City of Lahti</dd>" in html
    assert "<dt>Organisation behind it</dt><dd>Lahti procurement unit</dd>" in html
    assert "<dt>Procedures used</dt>" in html
    assert "<li>Preliminary market consultation</li><li>Competitive dialogue</li>" in html
    assert SECTIONS["challenge"] in html
    assert "<p>Street lights used too much energy.</p>" in html
    documents = html.split(SECTIONS["documents"])[1].split("</section>")[0]
    assert '<a href="https://example.org/tender">Invitation to tender</a> <span class="muted">(Tender document)' in (
        documents
    )
    assert 'Evaluation grid</a> <span class="muted">(Template)' in documents
    assert "Contract notice" not in documents
    assert SECTIONS["reading"] not in html  # no plain link
    elsewhere = html.split(SECTIONS["elsewhere"])[1].split("</section>")[0]
    assert """<a href="https://www.lahti.fi/en/contact/">The organisation's contact page</a>""" in elsewhere
    assert 'href="https://www.interregeurope.eu/good-practices/smart-street-lights"' in elsewhere
    assert 'href="https://keep.eu/projects/12345/">Its project on keep.eu</a>' in elsewhere
    assert 'href="https://ted.europa.eu/en/notice/-/detail/456789-2019">Contract notice 2019/S 123-456789' in elsewhere


def test_one_procedure_is_named_in_the_singular_and_the_same_buyer_is_not_named_twice(client):
    html = page(
        client, GoodPracticeFactory(buyer="LVM", organisation="LVM", procedures=[Procedure.INNOVATION_PARTNERSHIP])
    )

    assert "<dt>Procedure used</dt>" in html
    assert "<dt>Buying organisation</dt><dd>LVM</dd>" in html
    assert "Organisation behind it" not in html


def test_an_uploaded_document_is_linked_as_a_pdf(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = GoodPracticeFactory()
    link = GoodPracticeLink(
        practice=practice,
        kind=LinkKind.REPORT,
        title="Final report",
        document=SimpleUploadedFile("report.pdf", TINY_PDF, content_type="application/pdf"),
    )
    link.full_clean()
    link.save()

    html = page(client, practice)

    assert f'<a href="{link.document.url}">Final report</a> <span class="muted">(Report, PDF)</span>' in html


# ---------- Steps ----------


def test_the_steps_are_an_ordered_list_in_their_positions_order(client):
    practice = GoodPracticeFactory()
    GoodPracticeStep.objects.create(practice=practice, position=2, title="Needs published")
    GoodPracticeStep.objects.create(
        practice=practice, position=1, title="Workshops", description="Buyers and suppliers met.", timing="2019"
    )
    GoodPracticeStep.objects.create(practice=practice, position=3, title="Proposals evaluated")

    html = page(client, practice)
    steps = html.split(SECTIONS["steps"])[1].split("</section>")[0]

    assert '<ol class="steps">' in steps
    items = [item.split("</strong>")[0] for item in steps.split('<li class="steps__item">')[1:]]
    assert items == [
        '\n        <p class="steps__title"><strong>Workshops',
        '\n        <p class="steps__title"><strong>Needs published',
        '\n        <p class="steps__title"><strong>Proposals evaluated',
    ]
    assert '<span class="muted">(2019)</span>' in steps
    assert "<p>Buyers and suppliers met.</p>" in steps


def test_steps_with_the_same_position_are_refused_with_a_message(superuser_client):
    practice = GoodPracticeFactory()
    GoodPracticeStep.objects.create(practice=practice, position=1, title="Workshops")
    response = superuser_client.get(change_url(practice))

    data = form_data(
        response,
        **{"steps-TOTAL_FORMS": "2", "steps-1-position": "1", "steps-1-title": "Needs published"},
    )
    response = superuser_client.post(change_url(practice), data)

    assert response.status_code == 200
    assert "Two steps have the same position" in response.content.decode()
    assert list(practice.steps.values_list("title", flat=True)) == ["Workshops"]


def test_an_editors_new_step_on_a_published_practice_waits_for_review_and_is_compared(
    editor_client, secretariat_client
):
    partner = PartnerFactory()
    practice = GoodPracticeFactory(partners=[partner], status=Status.PUBLISHED)

    open_and_post(
        editor_client(partner),
        practice,
        challenge="Energy use.",
        procedures=[Procedure.PCP],
        **{"steps-TOTAL_FORMS": "1", "steps-0-position": "1", "steps-0-title": "Workshops"},
    )

    assert not practice.steps.exists()  # the public page keeps the published version
    assert PendingChange.objects.for_record(practice).exists()
    response = secretariat_client.get(change_url(practice))
    rows = {(row.field, row.published, row.waiting) for row in response.context["workflow"]["differences"]}
    assert ("The challenge", "(empty)", "Energy use.") in rows
    assert ("Procedures used", "(empty)", "Pre-commercial procurement (PCP)") in rows
    assert ("New step: Step", "(empty)", "Workshops") in rows


# ---------- Validation ----------


@pytest.mark.parametrize(
    ("field", "url"),
    [
        ("interreg_europe_url", "https://example.org/good-practices/x"),
        ("interreg_europe_url", "https://interregeurope.eu.example.org/x"),
        ("keep_eu_url", "https://keep.example.eu/projects/1"),
    ],
)
def test_an_identifier_page_must_be_on_its_site(field, url):
    practice = GoodPracticeFactory.build(**{field: url}, region=None)

    with pytest.raises(ValidationError) as error:
        practice.full_clean(exclude=["slug"])

    assert "This address must be on" in str(error.value.message_dict[field])


def test_a_ted_notice_must_be_on_ted_and_a_link_needs_an_address_or_a_document():
    practice = GoodPracticeFactory()
    with pytest.raises(ValidationError, match="ted.europa.eu"):
        GoodPracticeLink(
            practice=practice, kind=LinkKind.TED_NOTICE, title="Notice", url="https://x.org/"
        ).full_clean()
    with pytest.raises(ValidationError, match="Give an address or upload a PDF document"):
        GoodPracticeLink(practice=practice, kind=LinkKind.TENDER, title="Tender").full_clean()


def test_an_unknown_procedure_is_refused():
    practice = GoodPracticeFactory.build(procedures=["market-consultation", "auction"], region=None)

    with pytest.raises(ValidationError) as error:
        practice.full_clean(exclude=["slug"])

    assert error.value.message_dict["procedures"] == ["Unknown choice: auction."]


def test_procedures_are_stored_and_serialised_as_a_list():
    practice = GoodPracticeFactory(procedures=[Procedure.PCP, Procedure.MARKET_CONSULTATION])
    practice.refresh_from_db()

    assert practice.procedures == ["pcp", "market-consultation"]
    assert practice.procedure_labels == ["Pre-commercial procurement (PCP)", "Preliminary market consultation"]
    data = serializers.serialize("python", [practice])[0]["fields"]
    assert data["procedures"] == ["pcp", "market-consultation"]
    restored = next(serializers.deserialize("python", serializers.serialize("python", [practice]))).object
    assert restored.procedures == ["pcp", "market-consultation"]
    assert GoodPractice.objects.filter(procedures="").count() == 0


# ---------- Similar practices ----------


def similar_on(client, practice):
    html = page(client, practice)
    if SECTIONS["similar"] not in html:
        return []
    cards = html.split(SECTIONS["similar"])[1].split("</aside>")[0].split('<li class="card">')[1:]
    return [
        (
            re.search(r'class="card__title"><a href="[^"]+">([^<]+)</a>', card).group(1),
            [reason.split("</li>")[0] for reason in card.split("similar__reasons")[1].split("<li>")[1:]],
        )
        for card in cards
    ]


def test_similar_practices_come_by_what_they_share_then_by_words_each_with_why(client):
    pcp = InstrumentFactory(name="Pre-commercial procurement", abbreviation="PCP", code="pcp")
    ppi = InstrumentFactory(name="Public procurement of innovation", abbreviation="PPI", code="ppi")
    health = ThemeFactory(name="Health")
    region = RegionFactory(name="Lithuania", nuts_code="LT", country="LT")
    practice = GoodPracticeFactory(
        title="Ambulance platform", region=region, instruments=[pcp, ppi], themes=[health], summary="A tender."
    )
    GoodPracticeFactory(title="Both instruments and the theme", instruments=[pcp, ppi], themes=[health])
    GoodPracticeFactory(title="Same region only", region=region)
    GoodPracticeFactory(title="PCP and the region", instruments=[pcp], region=region)
    GoodPracticeFactory(title="Data platform", summary="Nothing else in common.")
    GoodPracticeFactory(title="Ambulance platform too", summary="")
    GoodPracticeFactory(title="Nothing in common", summary="A tender.")
    GoodPracticeFactory(title="A draft with the theme", themes=[health], status=Status.DRAFT)

    similar = similar_on(client, practice)

    assert similar == [
        ("Both instruments and the theme", ["Same instrument: PCP, PPI", "Same theme: Health"]),
        ("PCP and the region", ["Same instrument: PCP", "Same region: Lithuania"]),
        ("Same region only", ["Same region: Lithuania"]),
        ("Ambulance platform too", ["Shared words: ambulance, platform"]),
    ]


def test_words_rank_the_rest_and_common_words_do_not_count(client):
    practice = GoodPracticeFactory(title="Innovative public procurement of ambulance platforms", region=None)
    GoodPracticeFactory(title="Public procurement of innovation", region=None)
    GoodPracticeFactory(title="Ambulance drones", region=None)
    GoodPracticeFactory(title="Platforms for ambulance services", region=None)

    assert similar_on(client, practice) == [
        ("Platforms for ambulance services", ["Shared words: ambulance, platforms"]),
        ("Ambulance drones", ["Shared words: ambulance"]),
    ]


def test_a_practice_like_no_other_shows_no_similar_section(client):
    GoodPracticeFactory(title="Something else entirely", region=None)

    assert similar_on(client, GoodPracticeFactory(title="Unique idea", region=None)) == []
