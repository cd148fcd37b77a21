"""Progress bars for the long commands (demo data, backup, restore): on a terminal only, silent anywhere else.

A command makes one with `Progress.for_command(self)`; the code doing the work takes it as an optional argument
(`QUIET` when nobody asked) and wraps its long loops in it. The bars go to the error stream, apart from the
command's one-line report on standard output, and are drawn only while both are a terminal: a log file, a pipe,
a cron mail or a test's captured output gets nothing of them.
"""

from tqdm import tqdm


class _Raw:
    """A management command's OutputWrapper ends every write with a newline and colours its error stream red; a bar
    redraws its own line with '\\r', in the terminal's colour."""

    def __init__(self, wrapper):
        self.wrapper = wrapper
        self.encoding = getattr(wrapper, "encoding", None)  # tqdm draws with block characters on a UTF-8 terminal

    def write(self, text):
        self.wrapper.write(text, style_func=str, ending="")

    def flush(self):
        self.wrapper.flush()


class Progress:
    def __init__(self, stream=None, *, enabled=None):
        self.enabled = stream is not None and (stream.isatty() if enabled is None else enabled)
        self.stream = _Raw(stream) if hasattr(stream, "style_func") else stream

    @classmethod
    def for_command(cls, command):
        """Bars on the command's error stream while both its outputs are a terminal: with either sent to a file
        or a pipe (`> backup.log`, cron, a test), none at all."""
        return cls(command.stderr, enabled=command.stdout.isatty() and command.stderr.isatty())

    def _bar(self, iterable=None, *, desc, total=None, unit="record"):
        return tqdm(iterable, desc=desc, total=total, unit=unit, file=self.stream, disable=not self.enabled)

    def __call__(self, iterable, *, desc, total=None, unit="record"):
        """The iterable, counted on a bar as it is consumed."""
        return self._bar(iterable, desc=desc, total=total, unit=unit) if self.enabled else iterable

    def batches(self, rows, size, *, desc):
        """`rows` in slices of `size`, the bar counting rows as each slice is taken; no bar when there are none."""
        if not rows:
            return
        with self._bar(desc=desc, total=len(rows)) as bar:
            for start in range(0, len(rows), size):
                batch = rows[start : start + size]
                yield batch
                bar.update(len(batch))


QUIET = Progress()
