"""sitemap.xml: the home and list pages, and every published partner, action plan, practice, visit and report, in every
language of the portal."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from library.models import Report
from partners.models import ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit

# URL names of the pages that are not records; a new page of this kind is one more name here.
STATIC_PAGES = [
    "home",
    "about",
    "search:search",
    "partners:partner-list",
    "partners:action-plan-list",
    "practices:practice-list",
    "practices:visit-list",
    "library:report-list",
    "glance:map",
    "glance:figures",
    "practices:transfer-list",
    "accessibility",
]


class LanguagesSitemap(Sitemap):
    """Every address in each of the portal's languages, each with its alternates and English as the x-default."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(LanguagesSitemap):
    def items(self):
        return STATIC_PAGES

    def location(self, item):
        return reverse(item)


class PublishedSitemap(LanguagesSitemap):
    """Every published record of `model`, one query, dated by its last change."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated


class PartnerSitemap(PublishedSitemap):
    model = Partner


class ActionPlanSitemap(PublishedSitemap):
    model = ActionPlan


class GoodPracticeSitemap(PublishedSitemap):
    model = GoodPractice


class StudyVisitSitemap(PublishedSitemap):
    model = StudyVisit


class ReportSitemap(PublishedSitemap):
    model = Report


SITEMAPS = {
    "pages": StaticSitemap,
    "partners": PartnerSitemap,
    "action-plans": ActionPlanSitemap,
    "practices": GoodPracticeSitemap,
    "study-visits": StudyVisitSitemap,
    "library": ReportSitemap,
}
