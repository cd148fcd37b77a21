"""Fragments of other apps' pages that show good practices, study visits and transfers (`{% load practices %}`).

The pages of partners and action plans show practices' records through these tags, so that `partners` names no
model of `practices`. Each tag reads its records in one query, started from `published()`.
"""

from django import template

from practices.models import GoodPractice, StudyVisit, Transfer

register = template.Library()


@register.inclusion_tag("practices/includes/partner_practices.html")
def partner_practices(partner):
    """The published good practices a partner identified, as a linked list."""
    return {"partner": partner, "practices": GoodPractice.objects.published().identified_by(partner)}


@register.inclusion_tag("practices/includes/partner_visits.html")
def partner_visits(partner):
    """The published study visits and meetings a partner hosted and those it took part in."""
    visits = StudyVisit.objects.published()
    return {"partner": partner, "hosted": visits.hosted_by(partner), "joined": visits.joined_by(partner)}


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
