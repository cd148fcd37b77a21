"""The long commands (generate_demo_data, backup, restore) draw progress bars on a terminal, and print nothing but
their one-line report when their output goes anywhere else (a log file, a cron mail, a pipe)."""

import contextlib
import fcntl
import os
import re
import struct
import termios
import threading
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from tests.backups import build_small_dataset, empty_everything

pytestmark = pytest.mark.django_db

# What tqdm draws: "Writing good practices: 100%|██████████| 30/30 [00:00<00:00, 2109.66record/s]".
BAR = re.compile(r"\d+%\|.*\| \d+/\d+ \[")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()  # the restore's flush renumbered them inside the rolled-back transaction


@contextlib.contextmanager
def terminal():
    """A pseudo-terminal 100 columns wide: the file a command writes to, and a function giving what reached the
    screen once that file is closed. A thread reads as the command writes, so a long output never blocks it."""
    main, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    chunks = []

    def read():
        while True:
            try:
                data = os.read(main, 4096)
            except OSError:  # the other end is closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read)
    reader.start()
    screen = open(secondary, "w", encoding="utf-8")  # noqa: SIM115  closed below, before the reader is joined
    try:
        yield screen, lambda: b"".join(chunks).decode("utf-8", "replace")
    finally:
        screen.close()
        reader.join(timeout=10)
        os.close(main)


def run(name, *args, stdout, stderr):
    call_command(name, *args, stdout=stdout, stderr=stderr)


def on_a_terminal(name, *args):
    """What a person running the command in a terminal sees: both outputs on the screen."""
    with terminal() as (screen, shown):
        run(name, *args, stdout=screen, stderr=screen)
    return shown()


def elsewhere(name, *args, stderr=None):
    """The command's output sent to a file; its error output too, unless `stderr` is given."""
    out, errors = StringIO(), StringIO()
    run(name, *args, stdout=out, stderr=stderr or errors)
    assert errors.getvalue() == ""
    return out.getvalue()


def test_demo_data_on_a_terminal_shows_a_bar_for_each_stage():
    drawn = on_a_terminal("generate_demo_data", "--practices", "30", "--visits", "4", "--reports", "3")
    assert "Created 30 good practices, 3 reports, 4 study visits" in drawn
    for stage, size in [("Writing good practices", 30), ("Saving good practices", 30), ("Writing reports", 3)]:
        assert re.search(rf"{stage}: 100%\|[^\r\n]*\| {size}/{size} \[", drawn), drawn
    assert "Saving study visits: 100%" in drawn
    assert re.search(r"Linking good practices to sources: 100%\|[^\r\n]*\| 30/30 \[", drawn), drawn
    assert "Linking good practices to partners" not in drawn  # no partner here: nothing to link, no bar
    assert "Linking study visits to sources: 100%" in drawn
    assert "\x1b[31" not in drawn  # in the terminal's own colour, not the error stream's red


def test_demo_data_with_its_output_in_a_file_prints_its_report_and_no_bar():
    said = elsewhere("generate_demo_data", "--practices", "30", "--visits", "4")
    assert said.count("\n") == 1
    assert said.startswith("Created 30 good practices, 0 reports, 4 study visits")
    assert not BAR.search(said)
    assert "\r" not in said


def test_no_bar_on_the_terminal_either_when_the_output_goes_to_a_file():
    """`manage.py generate_demo_data ... > demo.log` in a terminal: the error output is still the screen."""
    with terminal() as (screen, shown):
        said = elsewhere("generate_demo_data", "--practices", "30", stderr=screen)
    assert said.startswith("Created 30 good practices")
    assert shown() == ""


def test_backup_and_restore_on_a_terminal_show_records_and_files(tmp_path, media):
    build_small_dataset()
    backed_up = on_a_terminal("backup", "--output", str(tmp_path / "backup.tar.gz"))
    empty_everything(media)
    restored = on_a_terminal("restore", str(tmp_path / "backup.tar.gz"))

    records = int(re.search(r"Restored (\d+) records", restored).group(1))
    assert f"Backed up {records} records" in backed_up
    assert re.search(rf"Backing up records: 100%\|[^\r\n]*\| {records}/{records} \[", backed_up), backed_up
    assert re.search(r"Backing up files: 100%\|[^\r\n]*\| 2/2 \[", backed_up), backed_up  # the logo, its thumbnail
    assert re.search(rf"Restoring records: 100%\|[^\r\n]*\| {records}/{records} \[", restored), restored
    assert re.search(r"Checking files: 100%\|[^\r\n]*\| 2/2 \[", restored), restored


def test_backup_and_restore_with_their_output_in_a_file_print_their_report_and_no_bar(tmp_path, media):
    build_small_dataset()
    backed_up = elsewhere("backup", "--output", str(tmp_path / "backup.tar.gz"))
    empty_everything(media)
    restored = elsewhere("restore", str(tmp_path / "backup.tar.gz"))

    assert backed_up.startswith("Backed up ")
    assert restored.startswith("Restored ")
    for said in (backed_up, restored):
        assert said.count("\n") == 1
        assert not BAR.search(said)
