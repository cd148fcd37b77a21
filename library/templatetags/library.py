"""Fragments of other apps' pages that show reports of the open library (`{% load library %}`).

The pages of partners, action plans and good practices show reports through these tags, so that neither
`partners` nor `practices` names the Report model. Each tag reads its reports in one query, from `published()`.
"""

from urllib.parse import urlencode

from django import template

from library.models import Report

register = template.Library()

# A practice's page names the newest few reports of each of its partners, not all: a partner may have hundreds.
REPORTS_PER_PARTNER = 5
# A partner's page names its newest reports and links to the rest in the library, filtered by the partner.
REPORTS_LISTED = 20


@register.inclusion_tag("library/includes/partner_reports.html")
def partner_reports(partner):
    """The newest published reports a partner wrote (the first REPORTS_LISTED), and how many there are."""
    reports, total = Report.objects.published().by_partner(partner).first_with_total(REPORTS_LISTED)
    return {"partner": partner, "reports": reports, "total": total, "more": total > len(reports)}


@register.inclusion_tag("library/includes/latest_reports.html")
def latest_reports(partners):
    """The newest few published reports of each of `partners` (one windowed query), with a link to all of them
    in the library, filtered by these partners."""
    partners = list(partners)
    return {
        "partners": partners,
        "reports": Report.objects.published().latest_by_partner(partners, REPORTS_PER_PARTNER),
        "all_reports_query": urlencode([("partner", partner.slug) for partner in partners]),
    }
