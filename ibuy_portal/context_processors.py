"""Template context every page needs; nothing here queries the database."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The main navigation: (label, URL name). A section is current when the path starts with its URL.
NAVIGATION = (
    (_("Partners"), "partners:partner-list"),
    (_("Action plans"), "partners:action-plan-list"),
    (_("Good practices"), "practices:practice-list"),
    (_("Study visits"), "practices:visit-list"),
    (_("Library"), "library:report-list"),
    (_("Map"), "glance:map"),
    (_("Figures"), "glance:figures"),
    (_("About"), "about"),
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


@dataclass(frozen=True)
class PortalOperator:
    """The body responsible for the portal and its contact, from settings (PORTAL_OPERATOR_*); empty when unnamed."""

    name: str
    contact: str

    @property
    def contact_url(self):
        if not self.contact or "://" in self.contact:
            return self.contact
        return f"mailto:{self.contact}"

    @property
    def contact_text(self):
        """The contact as a reader would write it: the address without mailto: or the scheme."""
        return self.contact.removeprefix("https://").removeprefix("http://").rstrip("/")


def portal_operator(request):
    return {"portal_operator": PortalOperator(settings.PORTAL_OPERATOR_NAME, settings.PORTAL_OPERATOR_CONTACT)}
