"""SARIF 2.1.0: one run, every selected rule described, results with fingerprints.

Built from plain dicts (key order fixed, so the output is byte-for-byte deterministic) and
checked against the OASIS SARIF 2.1.0 JSON schema in the tests.

- ``tool.driver.rules``: id, name, short/full description, ``help.text`` + ``help.markdown``
  (the rule's docs), ``defaultConfiguration.level``, ``properties.tags``, ``properties.precision``
  and ``properties["security-severity"]`` when the rule sets one.
- results: ``ruleId``/``ruleIndex``, ``level``, ``message.text``, a physical location whose URI is
  relative to ``%SRCROOT%`` (the directory ekslint ran in, declared in ``originalUriBaseIds``),
  a 1-based region (``endColumn`` is exclusive, as SARIF defines it), related locations and
  ``partialFingerprints.primaryLocationLineHash`` computed with GitHub's algorithm.
- suppressed findings carry ``suppressions`` (see `ekslint.report.suppression_of`).
- internal errors become ``invocations[0].toolExecutionNotifications`` and
  ``executionSuccessful: false``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ekslint import __version__
from ekslint.findings import Finding, Severity
from ekslint.report import suppression_of
from ekslint.report.fingerprint import fingerprints_for
from ekslint.rule import RuleUnit
from ekslint.values import Span

if TYPE_CHECKING:
    from ekslint.engine import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/ekslint/ekslint"
SRCROOT = "%SRCROOT%"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def _one_paragraph(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def rule_descriptor(unit: RuleUnit) -> dict[str, Any]:
    rule = unit.rule
    doc = unit.doc.strip() or unit.summary
    props: dict[str, Any] = {"tags": list(dict.fromkeys(rule.tags)), "precision": rule.precision}
    if rule.security_severity:
        props["security-severity"] = str(rule.security_severity)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": unit.summary},
        "fullDescription": {"text": _one_paragraph(unit.section("What it does")) or unit.summary},
        "help": {"text": doc, "markdown": f"**{rule.id}** `{rule.name}`\n\n{doc}"},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": props,
    }


def artifact_location(file: str) -> dict[str, Any]:
    p = PurePosixPath(file)
    if p.is_absolute() or re.match(r"^[A-Za-z]:[/\\]", file):
        return {"uri": Path(file).as_uri()}
    return {"uri": quote(file, safe="/"), "uriBaseId": SRCROOT}


def region(span: Span) -> dict[str, int]:
    r = {"startLine": span.line, "startColumn": max(span.col, 1), "endLine": max(span.end_line, span.line)}
    if span.end_col >= 1:
        r["endColumn"] = span.end_col + 1  # SARIF's endColumn is exclusive, ekslint's Span is inclusive
    return r


def physical_location(span: Span) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": artifact_location(span.file), "region": region(span)}}


def _fingerprints(report: Report) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for f in report.findings:
        wanted.setdefault(f.span.file, set()).add(f.span.line)
    texts = {sf.display: sf.text for sf in report.files}
    out: dict[tuple[str, int], str] = {}
    for file, lines in sorted(wanted.items()):
        if file in texts:
            for line, fp in fingerprints_for(texts[file], lines).items():
                out[(file, line)] = fp
    return out


def result(f: Finding, index: int | None, fingerprint: str | None) -> dict[str, Any]:
    r: dict[str, Any] = {"ruleId": f.rule_id}
    if index is not None:
        r["ruleIndex"] = index
    r["level"] = LEVEL[f.severity]
    r["message"] = {"text": f.message}
    r["locations"] = [physical_location(f.span)]
    if f.related:
        r["relatedLocations"] = [{"id": i, **physical_location(s)} for i, s in enumerate(f.related, start=1)]
    if fingerprint:
        r["partialFingerprints"] = {"primaryLocationLineHash": fingerprint}
    s = suppression_of(f)
    if s is not None:
        sup: dict[str, Any] = {"kind": s.kind if s.kind in ("inSource", "external") else "inSource", "status": "accepted"}
        if s.justification:
            sup["justification"] = s.justification
        r["suppressions"] = [sup]
    return r


def _rules(report: Report) -> list[RuleUnit]:
    units = list(report.rules)
    known = {u.id for u in units}
    missing = sorted({f.rule_id for f in report.findings} - known)
    if missing:
        from ekslint.rules import get_rule

        units.extend(u for u in (get_rule(rid) for rid in missing) if u is not None)
    return units


def sarif_log(report: Report, base: str | Path | None = None) -> dict[str, Any]:
    base_path = Path(base) if base is not None else Path.cwd()
    root_uri = base_path.resolve().as_uri()
    if not root_uri.endswith("/"):
        root_uri += "/"
    units = _rules(report)
    index = {u.id: i for i, u in enumerate(units)}
    fps = _fingerprints(report)
    results = [result(f, index.get(f.rule_id), fps.get((f.span.file, f.span.line))) for f in report.findings]
    notifications = [
        {"level": "error", "message": {"text": e.strip().splitlines()[0]}} for e in report.internal_errors if e.strip()
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ekslint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(u) for u in units],
            }
        },
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {SRCROOT: {"uri": root_uri}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, base: str | Path | None = None) -> str:
    return json.dumps(sarif_log(report, base), indent=2, ensure_ascii=False) + "\n"
