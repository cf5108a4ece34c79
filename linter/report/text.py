"""Human-readable output: one finding per block, the source line with a caret, then a summary.

```
cluster.yaml:14:5: EKS101 [error] managedNodeGroups[0] ... set privateNetworking: true
   14 |   - name: workers
      |     ^^^^^^^^^^^^^
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ekslint.findings import Finding
from ekslint.report import Summary, active, summarize

if TYPE_CHECKING:
    from ekslint.engine import Report

MAX_WIDTH = 160  # longer source lines are shown as a window around the column


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(s: Summary) -> str:
    files = _plural(s.files, "file")
    suppressed = f" ({s.suppressed} suppressed)" if s.suppressed else ""
    if not s.total:
        return f"{files} checked: no problems found{suppressed}."
    parts = ", ".join((_plural(s.errors, "error"), _plural(s.warnings, "warning"), _plural(s.notes, "note")))
    return f"{files} checked: {parts}{suppressed}."


def snippet(source: str, f: Finding) -> list[str]:
    """The source line and a caret line under the finding's columns, with a line-number gutter."""
    if not source.strip():
        return []
    span = f.span
    col = max(span.col, 1)
    end = span.end_col if span.end_line == span.line and span.end_col >= col else col
    text = source
    offset = 0
    if len(text) > MAX_WIDTH:  # keep the column visible in very long lines (minified JSON)
        offset = max(0, min(col - 1 - MAX_WIDTH // 4, len(text) - MAX_WIDTH))
        text = ("…" if offset else "") + text[offset : offset + MAX_WIDTH] + ("…" if offset + MAX_WIDTH < len(text) else "")
        shift = 1 if offset else 0
        col, end = col - offset + shift, min(end - offset, MAX_WIDTH) + shift
    col = min(col, len(text) + 1)
    end = max(col, min(end, len(text)))
    pad = "".join("\t" if ch == "\t" else " " for ch in text[: col - 1])
    gutter = f"{span.line:>5}"
    return [f"{gutter} | {text}", f"{' ' * len(gutter)} | {pad}{'^' * (end - col + 1)}"]


def render(report: Report, *, quiet: bool = False) -> str:
    lines: list[str] = []
    for f in active(report.findings):
        lines.append(f"{f.span.file}:{f.span.line}:{f.span.col}: {f.rule_id} [{f.severity.label}] {f.message}")
        if not quiet:
            lines.extend(snippet(report.source_line(f.span.file, f.span.line), f))
    if not quiet:
        if lines:
            lines.append("")
        lines.append(summary_line(summarize(report)))
        if report.internal_errors:
            n = len(report.internal_errors)
            lines.append(f"{_plural(n, 'internal error')}: the results are incomplete.")
    return "\n".join(lines) + "\n" if lines else ""
