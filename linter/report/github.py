"""GitHub Actions workflow commands: one annotation per finding.

``::error file=cluster.yaml,line=14,col=5,endColumn=17,title=EKS101::message``; notes are
written as ``::notice``. Values are escaped the way the Actions toolkit escapes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ekslint.findings import Finding, Severity
from ekslint.report import active

if TYPE_CHECKING:
    from ekslint.engine import Report

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    s = f.span
    props = [("file", s.file), ("line", str(s.line)), ("col", str(s.col))]
    if s.end_line > s.line:
        props.append(("endLine", str(s.end_line)))
    elif s.end_col >= s.col:
        props.append(("endColumn", str(s.end_col)))
    props.append(("title", f.rule_id))
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMAND[f.severity]} {joined}::{escape_data(f.message)}"


def render(report: Report) -> str:
    return "".join(annotation(f) + "\n" for f in active(report.findings))
