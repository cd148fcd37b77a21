"""The licence of the portal's data, as the operator states it (OPEN_DATA_LICENCE_URL, OPEN_DATA_LICENCE_NAME).
Without one, the catalogue, the data package and the open-data page say that none has been stated."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Licence:
    url: str
    name: str


def stated():
    url = settings.OPEN_DATA_LICENCE_URL
    if not url:
        return None
    return Licence(url=url, name=settings.OPEN_DATA_LICENCE_NAME or url)


def sentence():
    found = stated()
    if found is None:
        return _("No licence has been stated for this data: ask the portal's operator before reusing it.")
    return _("The data is published under %(name)s (%(url)s).") % {"name": found.name, "url": found.url}
