"""A small reader of the portal's gettext catalogues (locale/*/LC_MESSAGES/django.po), for the catalogue test and
for filling in translations; enough for the files makemessages writes (no obsolete entries)."""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict = field(default_factory=dict)  # {0: "..."} or {0: ..., 1: ..., ...} for plurals
    flags: set = field(default_factory=set)
    comments: list = field(default_factory=list)  # every "#" line, as written

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)


def _unquote(text):
    return ast.literal_eval(text) if text else ""


def parse(text):
    """The entries of a catalogue, the header (msgid "") first."""
    entries, entry, part = [], None, None
    for line in [*text.splitlines(), ""]:
        line = line.rstrip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, part = None, None
            continue
        if entry is None:
            entry = Entry()
        if line.startswith("#"):
            entry.comments.append(line)
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if part[0] == "msgstr":
                entry.msgstr[part[1]] += value
            else:
                setattr(entry, part[0], getattr(entry, part[0]) + value)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            entry.msgstr[index] = _unquote(rest)
            part = ("msgstr", index)
        else:
            setattr(entry, keyword, _unquote(rest))
            part = (keyword,)
    return entries


def _quote(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def write(entries):
    blocks = []
    for entry in entries:
        lines = list(entry.comments)
        if entry.msgctxt is not None:
            lines.append(f"msgctxt {_quote(entry.msgctxt)}")
        lines.append(f"msgid {_quote(entry.msgid)}")
        if entry.msgid_plural:
            lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
            lines += [f"msgstr[{index}] {_quote(value)}" for index, value in sorted(entry.msgstr.items())]
        elif entry.msgid == "" and entry.msgstr.get(0):
            lines.append('msgstr ""')
            lines += [_quote(line) for line in entry.msgstr[0].splitlines(keepends=True)]
        else:
            lines.append(f"msgstr {_quote(entry.msgstr.get(0, ''))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
