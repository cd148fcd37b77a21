""" "Did you mean …": the words the portal holds, and the closest of them to a word it does not hold.

The vocabulary is every word of three letters or more in the searched fields of published records, folded (lower
case, no accents), next to the form it is written in. Reading it costs a query per kind of record, so each process
keeps it until the content changes: every content write replaces a generation in the default cache (on commit),
as the page cache does, and a process that sees another generation reads the words again. To bound that cost at
scale, at most VOCABULARY_RECORDS records of each kind are read (all of them in the portal as it is, which holds
less than a hundred of each; the first of them, in a fixed order, in a demo database of 100,000).

Close words are found with difflib's ratio (the same on both databases), among words of about the same length.
"""

import difflib
import logging
import re
import threading
import uuid

from django.core.cache import cache
from django.db import transaction

from search.text import WORD, fold, spellings

VOCABULARY_RECORDS = 500
MIN_LENGTH = 3
SIMILARITY = 0.8
GENERATION_KEY = "search:vocabulary-generation"
CONTENT_APPS = frozenset({"partners", "practices", "library", "publishing"})
logger = logging.getLogger("search.vocabulary")
LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

_lock = threading.Lock()
_kept = {"generation": None, "words": {}}


def new_generation():
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # the content write must not fail because the cache does
        logger.warning("Search vocabulary: the cache did not answer; its words may be older", exc_info=True)


def content_changed(sender=None, **kwargs):
    """A content write: every process reads the words again at its next search. The generation is replaced now (this
    process's next search sees the write) and again on commit (a search in another process that read the words
    before the commit reads them again)."""
    if sender is not None and getattr(sender, "_meta", None) and sender._meta.app_label not in CONTENT_APPS:
        return
    new_generation()
    transaction.on_commit(new_generation)


def read_words(content_types):
    """{folded word: the word as written} from the searched text of published records, one query per kind."""
    tokens = set()
    for content_type in content_types:
        fields = [name for name in content_type.fields if "__" not in name and name not in content_type.annotations]
        rows = content_type.model.objects.published().order_by("pk").values_list(*fields)[:VOCABULARY_RECORDS]
        for row in rows:
            tokens.update(" ".join(value or "" for value in row).lower().split())
    # The regular expression runs over the distinct tokens only: a few thousand, where the texts hold millions.
    written = {word for token in tokens for word in LETTERS.findall(token) if len(word) >= MIN_LENGTH}
    return {fold(word): word for word in sorted(written)}


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def vocabulary(content_types):
    try:
        generation = current_generation()
    except Exception:  # a cache that fails (Redis down) costs the suggestion, never the search
        logger.warning("Search vocabulary: the cache did not answer; no 'Did you mean' for now", exc_info=True)
        return {}
    with _lock:
        if _kept["generation"] == generation:
            return _kept["words"]
    words = read_words(content_types)
    with _lock:
        _kept.update(generation=generation, words=words)
    return words


def is_known(word, words):
    """Whether the portal holds the word: as it is, in its other spelling, in the singular, or (as the simple search
    matches parts of words) as the start of a longer word."""
    if any(spelling in words for spelling in spellings(word)):
        return True
    if word.endswith("s") and word[:-1] in words:
        return True
    return len(word) >= 4 and any(known.startswith(word) for known in words)


def closest(word, words):
    """The portal's word most like the folded `word`, or None when none is close enough."""
    candidates = [known for known in words if abs(len(known) - len(word)) <= 2]
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=SIMILARITY)
    return words[found[0]] if found else None


def suggestion(text, content_types):
    """The query with each word the portal does not hold replaced by the closest one it does, or "" when every word
    is known or none has a close one. Excluded words (-word), phrases' quotes and `or` are kept as they are."""
    matches = [match for match in WORD.finditer(text) if len(match.group()) >= MIN_LENGTH]
    if not matches:
        return ""
    words = vocabulary(content_types)
    if not words:
        return ""
    parts, last, changed = [], 0, False
    for match in matches:
        word = fold(match.group())
        if word == "or" or is_known(word, words):
            continue
        replacement = closest(word, words)
        if replacement:
            parts += [text[last : match.start()], replacement]
            last, changed = match.end(), True
    return "".join([*parts, text[last:]]) if changed else ""
