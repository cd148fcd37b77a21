"""/action-plans/compare/?plan=a&plan=b: two or more published action plans side by side (their partners, actions,
instruments and statuses in columns). The address is the comparison, so it can be shared; the page is a plain
GET form, no script. Too few plans or a slug the portal does not know give a message, never an error."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from partners.models import ActionPlan
from publishing.facets import shown

MAX_COMPARED = 7  # the partnership has seven partners, each with one plan


def instruments_used(plan):
    """Each instrument the plan's (prefetched) actions use, once, in the instruments' order."""
    instruments = {
        instrument.pk: instrument for action in plan.actions.all() for instrument in action.instruments.all()
    }
    return sorted(instruments.values(), key=lambda instrument: (instrument.position, instrument.name))


class ActionPlanCompareView(TemplateView):
    template_name = "partners/actionplan_compare.html"

    def chosen_slugs(self):
        slugs = []
        for raw in self.request.GET.getlist("plan"):
            slug = raw.strip().lower()
            if slug and slug not in slugs:
                slugs.append(slug)
        return slugs

    def get_context_data(self, **kwargs):
        # Every published plan is an option of the form (one query); the chosen ones are loaded with their
        # partners, actions and instruments (three), in the order the address gives them.
        options = list(ActionPlan.objects.published().select_related("partner").order_by("partner__number"))
        known = {plan.slug for plan in options}
        notes = []
        slugs = self.chosen_slugs()
        unknown = [slug for slug in slugs if slug not in known]
        for slug in unknown[:5]:
            notes.append(
                _("'%(slug)s' is not a published action plan in the portal: it was left out.") % {"slug": shown(slug)}
            )
        chosen = [slug for slug in slugs if slug in known]
        if len(chosen) > MAX_COMPARED:
            notes.append(_("Only the first %(count)d plans are compared.") % {"count": MAX_COMPARED})
            chosen = chosen[:MAX_COMPARED]
        plans = []
        if len(chosen) >= 2:
            by_slug = {plan.slug: plan for plan in ActionPlan.objects.published().for_page().filter(slug__in=chosen)}
            plans = [by_slug[slug] for slug in chosen if slug in by_slug]
            for plan in plans:
                plan.instruments_used = instruments_used(plan)
        return super().get_context_data(
            options=options, chosen=chosen, plans=plans, notes=notes, too_few=len(chosen) < 2, **kwargs
        )
