"""Template context every page needs; nothing here queries the database."""

from dataclasses import dataclass

from django.urls import reverse

# The main navigation: (label, URL name). A section is current when the path starts with its URL.
NAVIGATION = (
    ("Partners", "partners:partner-list"),
    ("Action plans", "partners:action-plan-list"),
    ("Good practices", "practices:practice-list"),
    ("Study visits", "practices:visit-list"),
    ("Library", "library:report-list"),
    ("Map", "glance:map"),
    ("Figures", "glance:figures"),
    ("About", "about"),
)


@dataclass(frozen=True)
class NavigationLink:
    label: str
    url: str
    is_current: bool


def navigation(request):
    links = []
    for label, url_name in NAVIGATION:
        url = reverse(url_name)
        links.append(NavigationLink(label=label, url=url, is_current=request.path.startswith(url)))
    return {"navigation": links}
