from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from search import engine, vocabulary


def search_url(query, instrument=""):
    params = {"q": query, **({"instrument": instrument} if instrument else {})}
    return f"{reverse('search:search')}?{urlencode(params)}"


class SearchView(TemplateView):
    """/search/?q=&instrument=: every published content type at once, grouped by type; see search.engine."""

    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        query, was_cut = engine.clean_query(self.request.GET.get("q", ""))
        # A code is a slug of at most 40 characters; anything else (a NUL too) is an unknown instrument.
        instrument = "".join(char for char in self.request.GET.get("instrument", "") if char.isprintable())[:100]
        instrument = instrument.strip()
        results = engine.search(query, instrument or None)
        known = {option.code for option in results.facet}
        unknown_instrument = bool(instrument) and bool(query) and instrument not in known
        if unknown_instrument:
            results = engine.search(query)
            instrument = ""
        suggestion = vocabulary.suggestion(query, engine.CONTENT_TYPES) if query else ""
        facet = [
            {"option": option, "selected": option.code == instrument, "url": search_url(query, option.code)}
            for option in results.facet
            if option.count or option.code == instrument
        ]
        return super().get_context_data(
            query=query,
            query_was_cut=was_cut,
            max_query_length=engine.MAX_QUERY_LENGTH,
            count_limit=engine.COUNT_LIMIT,
            results=results,
            groups=results.groups,
            total=results.total,
            instrument=instrument,
            unknown_instrument=unknown_instrument,
            facet=facet,
            all_instruments_url=search_url(query),
            suggestion=suggestion,
            suggestion_url=search_url(suggestion, instrument) if suggestion else "",
            **kwargs,
        )
