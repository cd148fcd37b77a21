"""The portal's languages: which one a request is in, the first visit's choice, and the links between languages.

A page's language comes from its address alone: English at the plain addresses, every other language under its
prefix (/lt/practices/, i18n_patterns in ibuy_portal/urls.py). No cookie and no request header changes what an
address shows, so every page stays cacheable (the page cache keys pages by their full address, prefix included).
The one exception is the first visit to `/`: a browser whose Accept-Language prefers one of the partners' languages,
arriving from elsewhere, is sent to that language's home, which links back to English like every page does.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus the cookie and Accept-Language: the address alone says the language.

    Django's own would add `Vary: Accept-Language` to every English page (it falls back to the header outside the
    prefixes), which the page cache rightly refuses to keep; here an unprefixed address is always English.
    """

    def process_request(self, request):
        translation.activate(translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def preferred_language(request):
    """The supported language the browser prefers most, or None (none of them, or only a wildcard)."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            return None
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def comes_from_this_site(request):
    referer = request.headers.get("Referer")
    return bool(referer) and urlsplit(referer).netloc == request.get_host()


class FirstVisitLanguageMiddleware:
    """`/` only: a visitor from elsewhere whose browser prefers another of the portal's languages goes there (302).

    A visitor who follows a link to `/` from the portal itself (the switcher's "English") stays in English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        language = preferred_language(request)
        if language and language != settings.LANGUAGE_CODE and not comes_from_this_site(request):
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponseRedirect(f"/{language}/" + (f"?{query}" if query else ""))
            # It depends on the Referer too: no shared cache may give it to a visitor coming back to English.
            patch_cache_control(response, private=True)
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        return response


def with_prefix(path, code):
    """`path` under `code`'s prefix: the addresses are the same in every language, only the prefix changes."""
    current = translation.get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :]
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def language_links(request):
    """The same page in each language: [(code, name, url, is_current)], for the switcher and hreflang links.

    Django's translate_url gives the address of a page its URLs resolve; an address they do not (a missing page)
    keeps its path and changes its prefix."""
    current = translation.get_language()
    path = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            url = with_prefix(path, code)
        links.append((code, name, url, code == current))
    return links
