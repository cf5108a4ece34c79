"""Machine-readable output.

```json
{
  "version": "0.1.0",
  "findings": [
    {"rule": "EKS001", "name": "file-does-not-parse", "severity": "error", "message": "...",
     "file": "cluster.yaml", "line": 5, "column": 4, "end_line": 5, "end_column": 11, "related": []}
  ],
  "summary": {"files": 3, "findings": 1, "error": 1, "warning": 0, "note": 0, "suppressed": 0},
  "internal_errors": []
}
```

Lines and columns are 1-based; `end_column` is the column of the last character of the span
(inclusive). Suppressed findings stay in the list with a `suppression` member and are not
counted in the summary.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ekslint import __version__
from ekslint.findings import Finding
from ekslint.report import summarize, suppression_of
from ekslint.values import Span

if TYPE_CHECKING:
    from ekslint.engine import Report


def _location(span: Span) -> dict[str, Any]:
    return {
        "file": span.file,
        "line": span.line,
        "column": span.col,
        "end_line": span.end_line,
        "end_column": span.end_col,
    }


def finding_dict(f: Finding, names: dict[str, str]) -> dict[str, Any]:
    d: dict[str, Any] = {
        "rule": f.rule_id,
        "name": names.get(f.rule_id, ""),
        "severity": f.severity.label,
        "message": f.message,
        **_location(f.span),
        "related": [_location(r) for r in f.related],
    }
    s = suppression_of(f)
    if s is not None:
        d["suppression"] = {"kind": s.kind, "justification": s.justification}
    return d


def render(report: Report) -> str:
    names = {u.id: u.rule.name for u in report.rules}
    doc = {
        "version": __version__,
        "findings": [finding_dict(f, names) for f in report.findings],
        "summary": summarize(report).as_dict(),
        "internal_errors": [e.strip().splitlines()[0] for e in report.internal_errors if e.strip()],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
