"""Marked matches that are safe by construction: the database (or Python) marks matches with two private-use
characters, and `marked()` escapes everything else before it turns them into <mark> elements."""

import re

from django.db.models import Value
from django.db.models.functions import Replace
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from search.text import fold, folded_with_positions

SNIPPET_LENGTH = 220

# Private-use characters: they never occur in the portal's text, and `marked()` never lets one through.
START, STOP = "\ue000", "\ue001"


def marked(text):
    """Escaped text in which the parts between START and STOP are wrapped in <mark>."""
    parts = []
    inside = False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START:
            inside = True
        elif piece == STOP:
            inside = False
        elif piece:
            parts.append(format_html("<mark>{}</mark>", piece) if inside else escape(piece))
    return mark_safe("".join(parts))  # every part was escaped above


def highlight(text, terms):
    """The text with every occurrence of the terms marked, whatever their case and accents, for `marked()`."""
    text = without_marks(text or "")
    terms = [fold(term) for term in terms if term]
    if not terms or not text:
        return marked(text)
    folded, positions = folded_with_positions(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)))
    parts, last = [], 0
    for match in pattern.finditer(folded):
        start, end = positions[match.start()], positions[match.end() - 1] + 1
        if start < last:
            continue
        parts += [text[last:start], START, text[start:end], STOP]
        last = end
    return marked("".join([*parts, text[last:]]))


def without_marks(text):
    return text.replace(START, "").replace(STOP, "")


def without_marks_in_database(expression):
    """The text without the two marking characters, so a record's own text can never open or close a mark."""
    return Replace(Replace(expression, Value(START), Value("")), Value(STOP), Value(""))


def excerpt(text, terms, length=SNIPPET_LENGTH):
    """A stretch of the text around the first term found, cut at spaces, with an ellipsis where it is cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    folded, positions = folded_with_positions(text)
    found = [positions[position] for position in (folded.find(fold(term)) for term in terms) if position >= 0]
    start = max(0, min(found) - length // 3) if found else 0
    end = min(len(text), start + length)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return f"{'… ' if start > 0 else ''}{text[start:end]}{' …' if end < len(text) else ''}"
