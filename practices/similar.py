"""Practices like a given one, for the end of its page, each with why it is similar.

First the practices that share an instrument, a theme or the region (the more they share, the earlier), then by
the words of the practice's title that they have in their title or summary. One query ranks them (plain
subqueries and LIKE, the same on SQLite and PostgreSQL) and two more load the shared instruments and themes,
however many practices there are.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from partners.models import Instrument

SHOWN = 4
MAX_WORDS = 8
# Words too short or too common in this field to say that two practices are alike.
COMMON_WORDS = {
    "about",
    "from",
    "good",
    "innovation",
    "innovative",
    "into",
    "practice",
    "procurement",
    "public",
    "regarding",
    "their",
    "through",
    "with",
}


@dataclass(frozen=True)
class Similar:
    practice: object
    reasons: list


def significant_words(text):
    words = [word for word in re.findall(r"\w+", text.lower()) if len(word) >= 4 and not word.isdigit()]
    return list(dict.fromkeys(word for word in words if word not in COMMON_WORDS))[:MAX_WORDS]


def _shared_count(through, own_field, other_field, ids):
    """How many of `ids` the outer practice has through the many-to-many table `through`."""
    if not ids:
        return Value(0)
    rows = (
        through.objects.filter(**{own_field: OuterRef("pk"), f"{other_field}__in": ids})
        .values(own_field)
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def rank(queryset, practice, words):
    """`queryset` without the practice, ranked by what it shares with it; only those sharing something."""
    from practices.models import GoodPractice, Theme

    instrument_ids = [instrument.pk for instrument in practice.instruments.all()]
    theme_ids = [theme.pk for theme in practice.themes.all()]
    shared_instruments = _shared_count(GoodPractice.instruments.through, "goodpractice", "instrument", instrument_ids)
    shared_themes = _shared_count(GoodPractice.themes.through, "goodpractice", "theme", theme_ids)
    same_region = (
        Case(When(region=practice.region_id, then=Value(1)), default=Value(0)) if practice.region_id else Value(0)
    )
    word_matches = [
        Case(When(Q(title__icontains=word) | Q(summary__icontains=word), then=Value(1)), default=Value(0))
        for word in words
    ]
    text_score = sum(word_matches[1:], word_matches[0]) if word_matches else Value(0)
    return (
        queryset.exclude(pk=practice.pk)
        .annotate(
            shared_instruments=shared_instruments,
            shared_themes=shared_themes,
            same_region=same_region,
            text_score=text_score,
        )
        .annotate(related_score=models.F("shared_instruments") + models.F("shared_themes") + models.F("same_region"))
        .filter(Q(related_score__gt=0) | Q(text_score__gt=0))
        .order_by("-related_score", "-text_score", "title", "pk")
        .select_related("region")
        .prefetch_related(
            models.Prefetch("instruments", queryset=Instrument.objects.filter(pk__in=instrument_ids)),
            models.Prefetch("themes", queryset=Theme.objects.filter(pk__in=theme_ids)),
        )
    )


def reasons_for(candidate, practice, words):
    reasons = []
    instruments = [instrument.short_name for instrument in candidate.instruments.all()]
    if instruments:
        reasons.append(_("Same instrument: %(names)s") % {"names": ", ".join(instruments)})
    themes = [theme.name for theme in candidate.themes.all()]
    if themes:
        reasons.append(_("Same theme: %(names)s") % {"names": ", ".join(themes)})
    if practice.region_id and candidate.region_id == practice.region_id:
        reasons.append(_("Same region: %(name)s") % {"name": candidate.region.name})
    text = f"{candidate.title} {candidate.summary}".lower()
    shared = [word for word in words if word in text]
    if shared:
        reasons.append(_("Shared words: %(words)s") % {"words": ", ".join(shared)})
    return reasons


def similar_practices(queryset, practice, limit=SHOWN):
    words = significant_words(practice.title)
    return [
        Similar(candidate, reasons_for(candidate, practice, words))
        for candidate in rank(queryset, practice, words)[:limit]
    ]
