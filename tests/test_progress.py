"""The progress indicator (terminals only, erased at the end) and the timed summary line."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ekslint import progress
from ekslint.engine import Report, run
from ekslint.findings import Finding, Severity
from ekslint.values import Span

ROOT = Path(__file__).resolve().parent.parent
TIMED = re.compile(r"^(\d+) files? checked: (.*) \(in \d+\.\d\d s\)\.$")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_not_a_terminal_shows_nothing() -> None:
    out = io.StringIO()
    clock = Clock()
    p = progress.Progress(out, clock=clock)
    assert p.enabled is False
    p.phase("reading files", 10)
    clock.now += 5
    p.advance(3)
    p.close()
    assert out.getvalue() == ""


def test_terminal_after_the_delay_then_erased(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    out, clock = Tty(), Clock()
    p = progress.Progress(out, clock=clock)
    assert p.enabled
    p.phase("reading files", 10)
    p.advance(2)
    assert out.getvalue() == ""  # a quick run shows nothing
    clock.now += progress.DELAY + 0.01
    p.advance()
    assert out.getvalue() == "\rekslint: reading files 3/10"
    p.advance()  # within the redraw interval: not drawn again
    assert out.getvalue().count("\r") == 1
    clock.now += 1
    p.phase("running rules", 150)
    assert out.getvalue().endswith("\rekslint: running rules 0/150")
    p.close()
    text = out.getvalue()
    assert text.endswith("\r" + " " * len("ekslint: running rules 0/150") + "\r")
    p.close()
    assert out.getvalue() == text  # closing twice erases once


def test_dumb_terminal_and_quiet_show_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert progress.Progress(Tty()).enabled is False
    monkeypatch.setenv("TERM", "xterm")
    assert progress.Progress(Tty(), enabled=False).enabled is False


def test_engine_reports_its_phases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    monkeypatch.setenv("TERM", "xterm")
    out = Tty()
    with progress.Progress(out) as p:
        run([ROOT / "fixtures" / "EKS502" / "bad"], select=["EKS5"], progress=p)
    text = out.getvalue()
    assert "ekslint: reading files 2/2" in text
    assert re.search(r"ekslint: running rules (\d+)/\1", text)
    assert text.endswith("\r")  # erased


@pytest.mark.parametrize(
    ("plain", "timed"),
    [
        ("3 files checked: 1 error, 0 warnings, 2 notes.", "3 files checked: 1 error, 0 warnings, 2 notes (in 1.23 s)."),
        ("1 file checked: no problems found.", "1 file checked: no problems found (in 1.23 s)."),
        ("2 files checked: 1 error, 0 warnings, 0 notes (4 suppressed).",
         "2 files checked: 1 error, 0 warnings, 0 notes (4 suppressed, in 1.23 s)."),
    ],
)
def test_timed_summary(plain: str, timed: str) -> None:
    assert progress.timed(plain, 1.234) == timed


def _report() -> Report:
    span = Span("a.yaml", 3, 1)
    findings = [Finding("EKS001", Severity.ERROR, "x", span), Finding("EKS002", Severity.NOTE, "y", span),
                Finding("EKS003", Severity.WARNING, "z", span)]
    return Report(findings=findings, files_checked=4)


TEXT = "a.yaml:3:1: EKS001 [error] x\n\n4 files checked: 1 error, 1 warning, 1 note.\n"


def test_text_on_a_terminal_carries_the_time() -> None:
    out, err = Tty(), Tty()
    got = progress.finish(TEXT, _report(), "text", quiet=False, to_file=False, started=0.0, stdout=out, stderr=err)
    last = got.splitlines()[-1]
    m = TIMED.match(last)
    assert m and m.group(2) == "1 error, 1 warning, 1 note"
    assert got.splitlines()[0] == "a.yaml:3:1: EKS001 [error] x"
    assert err.getvalue() == ""  # not twice


def test_text_piped_stays_byte_for_byte() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert progress.finish(TEXT, _report(), "text", quiet=False, to_file=False, started=0.0, stdout=out, stderr=err) == TEXT
    assert err.getvalue() == ""


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_machine_formats_get_the_summary_on_a_terminal_stderr(fmt: str) -> None:
    body = '{"findings": []}\n'
    out, err = io.StringIO(), Tty()
    assert progress.finish(body, _report(), fmt, quiet=False, to_file=False, started=0.0, stdout=out, stderr=err) == body
    m = TIMED.match(err.getvalue().rstrip("\n"))
    assert m and m.group(1) == "4" and m.group(2) == "1 error, 1 warning, 1 note"
    err2 = io.StringIO()
    progress.finish(body, _report(), fmt, quiet=False, to_file=False, started=0.0, stdout=out, stderr=err2)
    assert err2.getvalue() == ""


def test_output_file_and_quiet() -> None:
    out, err = Tty(), Tty()
    assert progress.finish(TEXT, _report(), "text", quiet=False, to_file=True, started=0.0, stdout=out, stderr=err) == TEXT
    assert TIMED.match(err.getvalue().rstrip("\n"))
    err = Tty()
    assert progress.finish(TEXT, _report(), "json", quiet=True, to_file=False, started=0.0, stdout=out, stderr=err) == TEXT
    assert err.getvalue() == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_json_with_stderr_on_a_terminal(tmp_path: Path) -> None:
    """The real command: JSON on a pipe stays valid, the timed summary goes to the terminal on stderr."""
    master, slave = os.openpty()
    env = {**os.environ, "EKSLINT_NO_CACHE": "1", "TERM": "xterm"}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ekslint", "check", str(ROOT / "fixtures" / "EKS502" / "bad"), "--format", "json",
             "--select", "EKS5", "--fail-on", "never"],
            stdout=subprocess.PIPE, stderr=slave, env=env, check=False,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    assert doc["summary"]["files"] == 2
    lines = [ln for ln in b"".join(chunks).decode().replace("\r\n", "\n").split("\n") if ln.strip()]
    assert len(lines) == 1, lines
    m = TIMED.match(lines[0].split("\r")[-1])
    assert m and m.group(1) == "2"


def test_no_terminal_no_stderr(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ekslint", "check", str(ROOT / "fixtures" / "EKS502" / "bad"), "--format", "sarif",
         "--fail-on", "never"],
        capture_output=True, text=True, env={**os.environ, "EKSLINT_NO_CACHE": "1"}, check=False,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    json.loads(proc.stdout)
