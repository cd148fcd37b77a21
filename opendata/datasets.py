"""The portal's datasets, as the open-data page lists them and the DCAT-AP catalogue describes them: each with the
list page it comes from and its distributions (CSV and JSON of the list, the API, the bulk download)."""

from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from library.models import Report
from partners.models import ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit

API_ROOT = "/api/v1/"
OPENAPI = "/api/v1/openapi.json"
FIGURE_CHARTS = ["activity", "practices-by-instrument", "practices-by-region", "reports-by-year", "reports-by-kind"]


@dataclass(frozen=True)
class Distribution:
    title: str
    address: str  # a path on the portal
    format: str  # CSV, JSON, ZIP or API


@dataclass(frozen=True)
class Dataset:
    slug: str  # its fragment on the open-data page, and its identifier in the catalogue
    title: str
    description: str
    landing: str  # the URL name of the page a person reads it on
    lists: tuple = ()  # (URL name of a list with CSV and JSON exports, its API kind, its title)
    files: tuple = ()  # further CSV files: (title, path)
    models: tuple = ()  # the models whose newest change dates the dataset
    keywords: tuple = ()

    @property
    def landing_page(self):
        return reverse(self.landing)

    def distributions(self):
        found = []
        for url_name, kind, title in self.lists:
            page = reverse(url_name)
            found += [
                Distribution(_("%(list)s as CSV") % {"list": title}, f"{page}?format=csv", "CSV"),
                Distribution(_("%(list)s as JSON") % {"list": title}, f"{page}?format=json", "JSON"),
                Distribution(_("%(list)s through the API") % {"list": title}, f"{API_ROOT}{kind}/", "API"),
            ]
        found += [Distribution(title, path, "CSV") for title, path in self.files]
        found.append(Distribution(_("All published data (bulk download)"), reverse("opendata:bulk"), "ZIP"))
        return found


def figure_files():
    return tuple(
        (
            _("Figures: %(chart)s (CSV)") % {"chart": chart.replace("-", " ")},
            reverse("glance:figure-csv", args=[chart]),
        )
        for chart in FIGURE_CHARTS
    )


def datasets():
    return [
        Dataset(
            "practices",
            _("Good practices"),
            _(
                "Good practices in public procurement of innovation that the partners identified, with their regions, "
                "instruments, themes and sources."
            ),
            "practices:practice-list",
            lists=(("practices:practice-list", "practices", _("Good practices")),),
            models=(GoodPractice,),
            keywords=(_("good practice"), _("public procurement of innovation")),
        ),
        Dataset(
            "partners-and-action-plans",
            _("Partners and action plans"),
            _(
                "The partners of the iBuy partnership, their regions, and their action plans with the actions and how "
                "far each went."
            ),
            "partners:partner-list",
            lists=(
                ("partners:partner-list", "partners", _("Partners")),
                ("partners:action-plan-list", "action-plans", _("Action plans")),
            ),
            models=(Partner, ActionPlan),
            keywords=(_("Interreg Europe"), _("action plan"), _("region")),
        ),
        Dataset(
            "study-visits",
            _("Study visits and meetings"),
            _(
                "The study visits, partners' meetings and seminars where partners learnt from each other, with dates, "
                "places, hosts and participants."
            ),
            "practices:visit-list",
            lists=(("practices:visit-list", "study-visits", _("Study visits and meetings")),),
            models=(StudyVisit,),
            keywords=(_("study visit"), _("event")),
        ),
        Dataset(
            "library",
            _("Open library"),
            _(
                "The studies, guidelines and reports the partnership published, with their authors, dates and "
                "languages."
            ),
            "library:report-list",
            lists=(("library:report-list", "library", _("Reports")),),
            models=(Report,),
            keywords=(_("report"), _("guideline"), _("study")),
        ),
        Dataset(
            "transfers",
            _("Transfers"),
            _(
                "Which good practice inspired which action of another partner's action plan, and the visit where it "
                "was seen."
            ),
            "practices:transfer-list",
            lists=(("practices:transfer-list", "transfers", _("Transfers")),),
            models=(GoodPractice, ActionPlan),
            keywords=(_("policy transfer"), _("good practice")),
        ),
        Dataset(
            "figures",
            _("Figures"),
            _(
                "The partnership's reported activity figures beside the records the portal holds, and counts of "
                "practices and reports by instrument, region, year and kind."
            ),
            "glance:figures",
            files=figure_files(),
            models=(GoodPractice, Report),
            keywords=(_("statistics"),),
        ),
    ]


def last_changes():
    """The newest change of the published records of each model, by model, in one query per model."""
    models = {model for dataset in datasets() for model in dataset.models}
    return {model: model.objects.published().aggregate(newest=Max("updated"))["newest"] for model in models}
