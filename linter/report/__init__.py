"""Report writers: text, json, sarif, github and gitlab, all rendered from one `ekslint.engine.Report`.

Every writer is a pure function ``render(report, ...) -> str``: same report, same bytes.

Suppressed findings: a finding carries its suppression in an optional ``suppression`` attribute
(None when active; else a justification string, or an object with ``kind`` and ``justification``).
`suppression_of` reads it. Suppressed findings are left out of the text and github output, the
summary counts and the exit code; JSON keeps them with a ``suppression`` member and SARIF with
``suppressions``, so that reviewers can audit them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ekslint.findings import Finding, Severity

if TYPE_CHECKING:
    from ekslint.engine import Report

FORMATS = ("text", "json", "sarif", "github", "gitlab")


@dataclass(frozen=True)
class Suppression:
    kind: str  # SARIF suppression kind: "inSource" (a comment in the file) or "external" (config, baseline)
    justification: str = ""


def suppression_of(finding: Finding) -> Suppression | None:
    """The finding's suppression, or None when it is active."""
    s = getattr(finding, "suppression", None)
    if s is None or s is False:
        return None
    if isinstance(s, Suppression):
        return s
    if isinstance(s, str):
        return Suppression("inSource", s)
    if s is True:
        return Suppression("inSource")
    return Suppression(str(getattr(s, "kind", "inSource") or "inSource"), str(getattr(s, "justification", "") or ""))


def active(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that are not suppressed."""
    return [f for f in findings if suppression_of(f) is None]


@dataclass(frozen=True)
class Summary:
    files: int
    errors: int
    warnings: int
    notes: int
    suppressed: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.notes

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "findings": self.total,
            "error": self.errors,
            "warning": self.warnings,
            "note": self.notes,
            "suppressed": self.suppressed,
        }


def summarize(report: Report) -> Summary:
    act = active(report.findings)
    count = {s: sum(1 for f in act if f.severity is s) for s in Severity}
    return Summary(
        files=report.files_checked,
        errors=count[Severity.ERROR],
        warnings=count[Severity.WARNING],
        notes=count[Severity.NOTE],
        suppressed=len(report.findings) - len(act),
    )


def render(report: Report, fmt: str, *, quiet: bool = False, base: str | None = None) -> str:
    """Render `report` in format `fmt` (one of FORMATS). `base` is the directory paths are relative to."""
    if fmt == "text":
        from ekslint.report.text import render as text

        return text(report, quiet=quiet)
    if fmt == "json":
        from ekslint.report.json_report import render as json_

        return json_(report)
    if fmt == "sarif":
        from ekslint.report.sarif import render as sarif

        return sarif(report, base=base)
    if fmt == "github":
        from ekslint.report.github import render as github

        return github(report)
    if fmt == "gitlab":
        from ekslint.report.gitlab import render as gitlab

        return gitlab(report)
    raise ValueError(f"unknown format {fmt!r}")
