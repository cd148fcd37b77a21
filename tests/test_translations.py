"""The message catalogues: every language has every message, translated (none empty, none fuzzy), with the same
placeholders; the catalogues hold every string the code and templates mark; and no template shows text that is not
marked for translation."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.i18n_scan import untranslated_words
from tests.po import parse

LOCALE = Path(settings.BASE_DIR) / "locale"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The staff pages (Django's admin and the history pages it shows) have no language prefix, so they are always in
# English; marking them would give messages no page ever shows translated.
ENGLISH_ONLY = ("admin/", "simple_history/")
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def catalogue(language):
    return parse((LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    header, *entries = catalogue(language)

    assert "fuzzy" not in header.flags
    assert f"Language: {language}\n" in header.msgstr[0]
    assert entries
    empty = [entry.msgid for entry in entries if not entry.msgstr or not all(entry.msgstr.values())]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert empty == [], f"{len(empty)} messages not translated into {language}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy messages in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_message(language):
    wrong = []
    for entry in catalogue(language)[1:]:
        allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        for form in entry.msgstr.values():
            if not set(PLACEHOLDER.findall(form)) <= allowed:
                wrong.append((entry.msgid, form))
        if not entry.msgid_plural and set(PLACEHOLDER.findall(entry.msgstr[0])) != allowed:
            wrong.append((entry.msgid, entry.msgstr[0]))
    assert wrong == []


def test_every_language_has_the_same_messages():
    keys = {language: {entry.key for entry in catalogue(language)[1:]} for language in LANGUAGES}
    assert all(messages == keys["el"] for messages in keys.values())


def test_the_catalogues_hold_every_string_the_code_and_templates_mark(tmp_path, monkeypatch):
    """makemessages run afresh, on a copy of the code (it writes next to the files it reads), finds no message
    the committed catalogues lack: after marking a string, `make makemessages` and its translations belong to the
    change."""
    skip = shutil.ignore_patterns(".*", "node_modules", "locale", "tests", "media", "staticfiles", "static", "work")
    for child in Path(settings.BASE_DIR).iterdir():
        if child.is_dir() and not child.name.startswith(".") and child.name not in ("locale", "tests"):
            shutil.copytree(child, tmp_path / child.name, ignore=skip)
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["el"], no_obsolete=True, verbosity=0)
    fresh = {entry.key for entry in parse((tmp_path / "locale" / "el" / "LC_MESSAGES" / "django.po").read_text())[1:]}
    committed = {entry.key for entry in catalogue("el")[1:]}
    assert (None, "Good practices", "") in fresh
    assert sorted(fresh - committed, key=str) == []


def public_templates():
    return sorted(
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if not path.relative_to(TEMPLATES).as_posix().startswith(ENGLISH_ONLY)
    )


@pytest.mark.parametrize("name", public_templates())
def test_no_template_shows_text_that_is_not_marked_for_translation(name):
    assert untranslated_words((TEMPLATES / name).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("<p>Good practices</p>", ["Good", "practices"]),
        ('<img src="x.png" alt="A map">', ["A", "map"]),
        ('<nav aria-label="Main">{% translate "Home" %}</nav>', ["Main"]),
        ("{% blocktranslate %}Page {{ n }}{% endblocktranslate %} of {{ count }}", ["of"]),
        ("{# a comment #}{% comment %}Another{% endcomment %}<p>{{ title }} – iBuy (CSV)</p>", []),
        ('<p>{% translate "Source:" %} <a href="{{ url }}">{{ source }}</a></p>', []),
    ],
)
def test_the_template_scan_finds_unmarked_text_and_only_that(source, words):
    assert untranslated_words(source) == words
