"""Text in templates that no {% translate %} or {% blocktranslate %} covers (tests/test_translations.py)."""

import re
from html.parser import HTMLParser

from django.template.base import Lexer, TokenType

# Attributes a reader or a screen reader meets as text.
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description", "value", "content"}
# Words that are the same in every language: the project's and programme's names, file formats and the EU's
# NUTS codes; nothing else (tests/test_translations.py).
ALLOWED = {"iBuy", "EUR", "CSV", "JSON", "Atom", "RSS", "PDF", "km", "x", "Interreg", "Europe", "SVG", "NUTS"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        names = dict(attrs)
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value and not (tag == "input" and names.get("type") == "hidden"):
                if tag == "meta" and name == "content" and names.get("name") not in ("description",):
                    continue
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def untranslated_words(source):
    """The words of `source` (a template) outside translation tags, comments and variables, in order."""
    plain = []
    skip_until = None
    for token in Lexer(source).tokenize():
        if skip_until:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skip_until:
                skip_until = None
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in ("blocktranslate", "blocktrans"):
                skip_until = "end" + name
            elif name == "comment":
                skip_until = "endcomment"
            elif name in ("verbatim",):
                skip_until = "endverbatim"
            # Tag and variable texts stand in for a placeholder, so the markup around them still parses.
            plain.append("\x00")
        elif token.token_type == TokenType.VAR:
            plain.append("\x00")
        elif token.token_type == TokenType.TEXT:
            plain.append(token.contents)
    parser = _Text()
    parser.feed("".join(plain))
    parser.close()
    words = []
    for part in parser.parts:
        for word in re.findall(r"[^\W\d_][\w'’-]*", part.replace("\x00", " ")):
            if word not in ALLOWED:
                words.append(word)
    return words
