"""Baseline: record today's findings, then report only new ones.

``ekslint check --baseline-write FILE`` writes the active findings of the run to FILE (JSON);
``ekslint check --baseline FILE`` marks the findings recorded there as suppressed (SARIF kind
``external``, justification ``baseline``), so only new findings are shown and counted.

A finding is identified by its rule, its file (relative to the baseline file's directory) and
the text at its location, never by its line number:

- ``fingerprint``: GitHub's ``primaryLocationLineHash`` of the finding's line (a hash of the 100
  characters, spaces and tabs dropped, that start at that line; see
  `ekslint.report.fingerprint`) without its occurrence index;
- ``text``: a hash of the finding's line alone, spaces and tabs dropped, used for a second pass
  so that a finding whose following lines changed (the last line of a moved block) still
  matches.

Adding lines above a finding or moving the block that holds it keeps its identity; editing the
line makes it new. Matching counts: two identical findings with one of them recorded leaves one
new finding. Findings whose file could not be read (no text) are identified by their message.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekslint.cli import UsageError
from ekslint.findings import Finding

if TYPE_CHECKING:
    from ekslint.engine import Report

FORMAT_VERSION = 1
JUSTIFICATION = "baseline"


class BaselineError(UsageError):
    """A baseline file that cannot be read or written: the command exits 2 with this message."""


@dataclass(frozen=True)
class Identity:
    rule: str
    file: str
    fingerprint: str
    text: str


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _norm_line(line: str) -> str:
    return line.replace(" ", "").replace("\t", "").rstrip("\r\n")


def _file_key(display: str, base: Path, anchor: Path) -> str:
    if display == "-":
        return "-"
    p = Path(display)
    p = p if p.is_absolute() else base / p
    try:
        return Path(os.path.relpath(p.absolute().resolve(), anchor.absolute().resolve())).as_posix()
    except (ValueError, OSError, RuntimeError):  # another drive; a symlink loop
        return p.as_posix()


def identities(findings: Iterable[Finding], report: Report, base: Path, anchor: Path) -> list[Identity]:
    """The identity of each finding (same order)."""
    from ekslint.report.fingerprint import fingerprints_for

    findings = list(findings)
    texts = {sf.display: sf.text for sf in report.files}
    wanted: dict[str, set[int]] = {}
    for f in findings:
        if f.span.file in texts:
            wanted.setdefault(f.span.file, set()).add(f.span.line)
    hashes = {file: fingerprints_for(texts[file], lines) for file, lines in wanted.items()}
    lines = {file: texts[file].split("\n") for file in wanted}
    out: list[Identity] = []
    for f in findings:
        file = f.span.file
        fp = hashes.get(file, {}).get(f.span.line)
        if fp is not None:
            src = lines[file]
            line = src[f.span.line - 1] if 0 < f.span.line <= len(src) else ""
            ident = Identity(f.rule_id, _file_key(file, base, anchor), fp.split(":", 1)[0], _digest(_norm_line(line)))
        else:
            m = "m:" + _digest(f.message)
            ident = Identity(f.rule_id, _file_key(file, base, anchor), m, m)
        out.append(ident)
    return out


def write(path: Path, report: Report, base: Path) -> int:
    """Record the report's active findings in `path`; return how many."""
    from ekslint.report import active

    act = active(report.findings)
    rows = [
        {"rule": i.rule, "file": i.file, "fingerprint": i.fingerprint, "text": i.text, "message": f.message}
        for f, i in zip(act, identities(act, report, base, path.parent), strict=True)
    ]
    rows.sort(key=lambda r: (r["file"], r["rule"], r["fingerprint"], r["text"], r["message"]))
    data = {"ekslint-baseline": FORMAT_VERSION, "findings": rows}
    try:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as e:
        raise BaselineError(f"cannot write baseline {path}: {e.strerror or e}") from e
    return len(rows)


def read(path: Path) -> list[Identity]:
    """The identities recorded in a baseline file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise BaselineError(f"baseline file not found: {path} (create it with --baseline-write {path})") from e
    except OSError as e:
        raise BaselineError(f"cannot read baseline {path}: {e.strerror or e}") from e
    try:
        data: Any = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise BaselineError(f"{path}: not an ekslint baseline (not UTF-8 text)") from e
    except (json.JSONDecodeError, RecursionError) as e:
        where = f" at line {e.lineno}" if isinstance(e, json.JSONDecodeError) else ""
        raise BaselineError(f"{path}: not an ekslint baseline (invalid JSON{where})") from e
    if not isinstance(data, dict) or "ekslint-baseline" not in data or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not an ekslint baseline (expected an object with 'ekslint-baseline' and 'findings')")
    if data["ekslint-baseline"] != FORMAT_VERSION:
        raise BaselineError(f"{path}: baseline format {data['ekslint-baseline']!r} is not supported; write it again")
    out: list[Identity] = []
    for n, row in enumerate(data["findings"]):
        keys = ("rule", "file", "fingerprint", "text")
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in keys):
            raise BaselineError(f"{path}: findings[{n}] is not a baseline entry (needs {', '.join(keys)})")
        out.append(Identity(row["rule"], row["file"], row["fingerprint"], row["text"]))
    return out


def apply(recorded: list[Identity], anchor: Path, report: Report, base: Path) -> list[Finding]:
    """The report's findings with the `recorded` ones (`read`) suppressed (kind ``external``).

    `anchor` is the baseline file's directory (its paths are relative to it)."""
    from ekslint.report import Suppression, suppression_of

    by_window = Counter((i.rule, i.file, i.fingerprint) for i in recorded)
    findings = list(report.findings)
    idx = [n for n, f in enumerate(findings) if suppression_of(f) is None]
    ids = identities([findings[n] for n in idx], report, base, anchor)
    matched: set[int] = set()
    # pass 1: the line and the text that follows it; pass 2: the line alone
    for n, ident in zip(idx, ids, strict=True):
        key = (ident.rule, ident.file, ident.fingerprint)
        if by_window[key] > 0:
            by_window[key] -= 1
            matched.add(n)
    left: Counter[tuple[str, str, str]] = Counter()
    for i in recorded:
        key = (i.rule, i.file, i.fingerprint)
        if by_window[key] > 0:  # recorded entries no finding matched in pass 1
            by_window[key] -= 1
            left[(i.rule, i.file, i.text)] += 1
    for n, ident in zip(idx, ids, strict=True):
        key2 = (ident.rule, ident.file, ident.text)
        if n not in matched and left[key2] > 0:
            left[key2] -= 1
            matched.add(n)
    sup = Suppression("external", JUSTIFICATION)
    return [replace(f, suppression=sup) if n in matched else f for n, f in enumerate(findings)]
