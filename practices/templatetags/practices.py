"""Fragments of other apps' pages that show good practices, study visits and transfers (`{% load practices %}`).

The pages of partners and action plans show practices' records through these tags, so that `partners` names no
model of `practices`. Each list reads its first records and their number in one query, started from `published()`.
"""

from django import template

from practices.models import GoodPractice, StudyVisit, Transfer

register = template.Library()

# A partner's page names its first few practices and visits of each list, and links to the rest in the list
# filtered by the partner: a partner may have identified thousands.
LISTED = 20


@register.inclusion_tag("practices/includes/partner_practices.html")
def partner_practices(partner):
    """The first published good practices a partner identified, as a linked list, and how many there are."""
    practices, total = GoodPractice.objects.published().identified_by(partner).first_with_total(LISTED)
    return {"partner": partner, "practices": practices, "total": total, "more": total > len(practices)}


@register.inclusion_tag("practices/includes/partner_visits.html")
def partner_visits(partner):
    """The published study visits and meetings a partner hosted and those it took part in."""
    visits = StudyVisit.objects.published()
    hosted, hosted_total = visits.hosted_by(partner).first_with_total(LISTED)
    joined, joined_total = visits.joined_by(partner).first_with_total(LISTED)
    return {
        "partner": partner,
        "hosted": hosted,
        "joined": joined,
        "more": hosted_total > len(hosted) or joined_total > len(joined),
        "total": hosted_total + joined_total,
    }


@register.simple_tag
def inspirations(actions):
    """The published practices that inspired each of `actions`, as {action pk: [transfer, ...]}, in one query
    for all of them (a plan's timeline shows them per action: a query per action would grow with the plan)."""
    by_action = {action.pk: [] for action in actions}
    for transfer in Transfer.objects.inspiring(by_action):
        by_action[transfer.action_id].append(transfer)
    return by_action


@register.filter
def inspirations_of(inspirations, action):
    """`{% with transfers=inspirations|inspirations_of:action %}`: the transfers into one action."""
    return inspirations.get(action.pk, [])
