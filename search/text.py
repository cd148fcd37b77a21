"""What a search does to words before it looks for them: accents folded, British and American spellings joined.

The text search configuration is named in one place, `text_search_config()`, so that it can later be chosen per
language; `ibuy_english` is English stemming behind PostgreSQL's `unaccent` (search migration 0001).
"""

import itertools
import re
import unicodedata

TEXT_SEARCH_CONFIG = "ibuy_english"
MAX_SPELLINGS = 8  # spellings of one query searched at most: each variant word doubles them
WORD = re.compile(r"\w+(?:['’-]\w+)*")


def text_search_config():
    """The PostgreSQL text search configuration of records and queries (search migration 0001 creates it)."""
    return TEXT_SEARCH_CONFIG


def fold(text):
    """The text lower-cased and without accents ("Fundació" → "fundacio"), as PostgreSQL's unaccent would."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


def folded_with_positions(text):
    """The folded text, and for each of its characters the index of the character of `text` it comes from, so that
    a match found in the folded text can be marked in the original one."""
    folded, positions = [], []
    for index, char in enumerate(text):
        for part in fold(char):
            folded.append(part)
            positions.append(index)
    return "".join(folded), positions


# British spelling → American spelling, for the words of public procurement the portal's texts use. The map is
# small on purpose: each pair was checked against a dictionary, and a word in neither column is left alone.
_PAIRS = {
    "centre": "center",
    "programme": "program",
    "catalogue": "catalog",
    "licence": "license",
    "defence": "defense",
    "labour": "labor",
    "behaviour": "behavior",
    "colour": "color",
    "favour": "favor",
    "neighbour": "neighbor",
    "modelling": "modeling",
    "travelling": "traveling",
    "fulfil": "fulfill",
    "enrol": "enroll",
    "analyse": "analyze",
    "judgement": "judgment",
}
# -ise/-isation words: organise, organised, organising, organisation(s) ... and the same with z.
_ISE_STEMS = (
    "organ",
    "util",
    "real",
    "priorit",
    "optim",
    "standard",
    "digital",
    "digit",
    "harmon",
    "mobil",
    "commercial",
    "modern",
    "minim",
    "maxim",
    "recogn",
    "special",
    "central",
    "decentral",
    "local",
    "stabil",
    "capital",
    "emphas",
    "summar",
)
_ISE_ENDINGS = ("e", "es", "ed", "ing", "ation", "ations", "er", "ers")


def _spelling_map():
    pairs = dict(_PAIRS)
    for british, american in list(pairs.items()):
        if not british.endswith(("ing", "ment")):
            pairs[f"{british}s"] = f"{american}s"
    for stem in _ISE_STEMS:
        for ending in _ISE_ENDINGS:
            pairs[f"{stem}is{ending}"] = f"{stem}iz{ending}"
    both_ways = {**pairs, **{american: british for british, american in pairs.items()}}
    return both_ways


SPELLINGS = _spelling_map()


def other_spelling(word):
    """The word's other spelling (centre → center, center → centre), or None; `word` is folded."""
    return SPELLINGS.get(word)


def spellings(word):
    """The folded word and its other spelling, if it has one."""
    word = fold(word)
    other = other_spelling(word)
    return [word, other] if other else [word]


def query_spellings(text):
    """The query as typed, then as it reads with other spellings, at most MAX_SPELLINGS in all: a search finds what
    any of them finds. An excluded word (-centre) excludes every spelling of it in each of them."""

    def excluded(match):
        return " ".join(f"-{spelling}" for spelling in spellings(match.group(1)))

    text = re.sub(r"(?<!\S)-(\w+)", excluded, text)
    words = [
        match
        for match in WORD.finditer(text)
        if other_spelling(fold(match.group())) and not text[: match.start()].endswith("-")
    ]
    if not words:
        return [text]
    choices = [(match.group(), other_spelling(fold(match.group()))) for match in words]
    found = []
    for combination in itertools.islice(itertools.product(*choices), MAX_SPELLINGS):
        parts, last = [], 0
        for match, spelling in zip(words, combination, strict=True):
            parts.append(text[last : match.start()])
            parts.append(spelling)
            last = match.end()
        parts.append(text[last:])
        found.append("".join(parts))
    return found
