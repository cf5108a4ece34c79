"""The progress indicator and the timed summary line of ``ekslint check``.

Progress: when stderr is a terminal and a run has lasted more than `DELAY` seconds, one line on
stderr says what ekslint is doing (``ekslint: reading files 512/2000``, ``ekslint: running rules
40/150``); it is rewritten in place at most ten times a second and erased when the run ends, so
nothing of it stays on the screen or in a log. It is never shown when stderr is not a terminal
(CI logs, redirections), with ``--quiet``, or with ``TERM=dumb``.

Summary: ``N files checked: E errors, W warnings, N notes (in X.XX s).`` The text report ends with
the summary (without the time when its output is not a terminal, so that a saved report is the same
bytes on every run). With a terminal on stdout the text summary carries the time; in every other
case (``--format json|sarif|github``, ``--output FILE``, stdout redirected) the timed summary goes
to stderr, and only when stderr is a terminal: JSON, SARIF and annotations on stdout stay clean.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ekslint.engine import Report

DELAY = 0.5  # seconds before the indicator appears
INTERVAL = 0.1  # seconds between redraws


def is_tty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """A one-line progress indicator on a terminal; does nothing when `enabled` is False."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None, clock: object = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = is_tty(self.stream) and os.environ.get("TERM", "") != "dumb"
        self.enabled = enabled
        self._now = time.monotonic if clock is None else clock  # type: ignore[assignment]
        self.start = self._now()  # type: ignore[operator]
        self._last = 0.0
        self._shown = False
        self._width = 0
        self.label = ""
        self.total = 0
        self.done = 0

    def phase(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self._now()  # type: ignore[operator]
        if now - self.start < DELAY or (not force and now - self._last < INTERVAL):
            return
        self._last = now
        text = f"ekslint: {self.label} {min(self.done, self.total)}/{self.total}" if self.total else f"ekslint: {self.label}"
        pad = " " * max(0, self._width - len(text))
        self._write(f"\r{text}{pad}")
        self._width = len(text)
        self._shown = True

    def close(self) -> None:
        """Erase the indicator (if it was ever drawn)."""
        if self._shown:
            self._write("\r" + " " * self._width + "\r")
            self._shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


NULL = Progress(enabled=False)


def timed(summary: str, seconds: float) -> str:
    """`summary` (``3 files checked: ... notes.``) with the run time: ``... notes (in 0.42 s).``"""
    text = summary.rstrip().rstrip(".")
    t = f"in {seconds:.2f} s"
    if text.endswith(")"):  # "(2 suppressed)" → "(2 suppressed, in 0.42 s)"
        return f"{text[:-1]}, {t})."
    return f"{text} ({t})."


def finish(rendered: str, report: Report, fmt: str, *, quiet: bool, to_file: bool, started: float,
           stdout: TextIO | None = None, stderr: TextIO | None = None) -> str:
    """The report to write, with the timed summary where it belongs (see the module docs).

    A text report written to a terminal gets the time in its own summary line; otherwise the timed
    summary is printed on stderr when stderr is a terminal. Nothing changes with ``--quiet``."""
    if quiet:
        return rendered
    from ekslint.report import summarize
    from ekslint.report.text import summary_line

    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    plain = summary_line(summarize(report))
    line = timed(plain, time.monotonic() - started)
    if fmt == "text" and not to_file and is_tty(out):
        head, sep, tail = rendered.rpartition(plain)
        if sep:
            return head + line + tail
    if is_tty(err):
        with contextlib.suppress(OSError, ValueError):
            print(line, file=err)
    return rendered
