"""Content for the API's tests: published records of every kind, each with two related rows of every relation
(so that a query per related row would show), sources, and a draft of each kind that must never be served."""

import datetime

from partners.models import Action, ActionPlan
from publishing.models import Status
from tests.factories import (
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    SourceFactory,
    StudyVisitFactory,
    ThemeFactory,
    TransferFactory,
)


def shared():
    regions = [RegionFactory(nuts_code="LT", country="LT"), RegionFactory(nuts_code="ES53", country="ES")]
    sources = [SourceFactory(url="https://example.org/report"), SourceFactory(publisher="Interreg Europe")]
    partners = [
        PartnerFactory(slug="cpva", region=regions[0], description="Central procurement."),
        PartnerFactory(slug="bit", region=regions[1]),
    ]
    for partner in partners:
        partner.sources.set(sources)
    return {
        "regions": regions,
        "instruments": [InstrumentFactory(code="ppi"), InstrumentFactory(code="pcp")],
        "themes": [ThemeFactory(slug="health"), ThemeFactory(slug="forestry")],
        "sources": sources,
        "partners": partners,
    }


def make_records(related, size, start=0):
    """`size` published records of every kind, and what relates them; returns the plans' actions."""
    sources, partners = related["sources"], related["partners"]
    actions = []
    for number in range(start, start + size):
        partner = PartnerFactory(region=related["regions"][number % 2])
        partner.sources.set(sources)
        plan = ActionPlan.objects.create(
            partner=partner, title=f"Plan {number}", slug=f"plan-{number}", status=Status.PUBLISHED, summary="Aims."
        )
        plan.sources.set(sources)
        for action_number in (1, 2):
            action = Action.objects.create(
                action_plan=plan,
                number=action_number,
                title=f"Action {action_number}",
                slug=f"action-{action_number}",
                status="done" if action_number == 1 else "",
                start_date=datetime.date(2020, 1, action_number),
            )
            action.instruments.set(related["instruments"])
            action.sources.set(sources)
            actions.append(action)
        practice = GoodPracticeFactory(
            slug=f"practice-{number}",
            region=related["regions"][number % 2],
            partners=partners,
            instruments=related["instruments"],
            themes=related["themes"],
            start_year=2016,
            description="What was done.",
            buyer="Vilnius city",
            procedures=["market-consultation", "pcp"],
            challenge="Too many forms.",
            contact_url="https://example.org/contact",
            interreg_europe_url=f"https://www.interregeurope.eu/good-practices/practice-{number}",
            keep_eu_url=f"https://keep.eu/projects/{number}/",
        )
        practice.sources.set(sources)
        practice.links.create(title="Its site", url=f"https://example.org/practice-{number}")
        practice.links.create(title="A video", url=f"https://example.org/video-{number}")
        # An uploaded PDF: the name alone (no file is written; its address is all the API gives).
        practice.links.create(kind="tender", title="The tender", document=f"practices/documents/tender-{number}.pdf")
        practice.steps.create(position=2, title="Buy", timing="2019")
        practice.steps.create(position=1, title="Ask the market", description="A consultation.")
        visit = StudyVisitFactory(
            slug=f"visit-{number}",
            region=related["regions"][number % 2],
            host_partner=partners[number % 2],
            participating_partners=partners,
            related_practices=[practice, GoodPracticeFactory()],
        )
        visit.sources.set(sources)
        report = ReportFactory(
            slug=f"report-{number}",
            partner=partners[number % 2],
            instruments=related["instruments"],
            publication_date=datetime.date(2020, 1, 1),
        )
        report.sources.set(sources)
        for action in actions[-2:]:
            transfer = TransferFactory(practice=practice, action=action, study_visit=visit, note="Its method.")
            transfer.sources.set(sources)
    return actions


def make_drafts(related):
    """A draft of every kind, related to published records, so that it could leak through a relation."""
    draft_partner = PartnerFactory(slug="draft-partner", status=Status.DRAFT)
    ActionPlan.objects.create(partner=draft_partner, title="Draft plan", slug="draft-plan", status=Status.DRAFT)
    draft_practice = GoodPracticeFactory(slug="draft-practice", status=Status.DRAFT, partners=[draft_partner])
    StudyVisitFactory(
        slug="draft-visit",
        status=Status.DRAFT,
        host_partner=draft_partner,
        participating_partners=[draft_partner],
        related_practices=[draft_practice],
    )
    ReportFactory(slug="draft-report", status=Status.DRAFT, partner=draft_partner)
    # Published records that name the drafts: the API must not.
    GoodPracticeFactory(slug="names-a-draft", partners=[draft_partner])
    StudyVisitFactory(
        slug="hosted-by-a-draft",
        host_partner=draft_partner,
        participating_partners=[draft_partner],
        related_practices=[draft_practice],
    )
    ReportFactory(slug="written-by-a-draft", partner=draft_partner)
    return draft_partner, draft_practice
