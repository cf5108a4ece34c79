"""GitLab Code Quality report: the JSON file a job declares as ``artifacts: reports: codequality``.

A JSON array, one object per active finding (suppressed findings are left out, as in the text
and github output)::

    [
      {
        "description": "EKS101: managedNodeGroups[1] (batch): privateNetworking is not set ...",
        "check_name": "EKS101",
        "fingerprint": "5b0e4c1f9d3a7e2c8b6a4d2f0e1c3b5a",
        "severity": "critical",
        "location": {"path": "eksctl/cluster.yaml", "lines": {"begin": 51, "end": 51}},
        "type": "issue",
        "categories": ["Bug Risk"],
        "engine_name": "ekslint"
      }
    ]

The fields GitLab reads are ``description``, ``check_name``, ``fingerprint``, ``severity``,
``location.path`` and ``location.lines.begin``; ``type``, ``categories`` and ``engine_name`` come
from the Code Climate spec the format is a subset of, and GitLab ignores them.

Severity: GitLab knows info, minor, major, critical and blocker. An ekslint **error** (the API or
eksctl rejects the configuration, or the node will not join) is ``critical``; a **warning** (it
fails under common conditions) is ``major``; a **note** (advice) is ``info``. ``blocker`` and
``minor`` are not used: nothing ekslint reports is "less than a warning but more than advice",
and ``blocker`` is left to tools that judge the whole build.

Fingerprint: GitLab compares the fingerprints of the target branch with those of the merge
request to tell new findings from fixed ones, and shows only one finding per fingerprint. The
fingerprint is the MD5 of the rule id, the path, the message and GitHub's line hash of the
finding's line (`ekslint.report.fingerprint`: the line and the text after it, whitespace
dropped), so adding lines above a finding or re-indenting does not make it new; two findings
that would still collide get an occurrence number. For a finding inside a local Terraform module,
the calls it names count by their first line's text (``module "workers" {``), not their number.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from ekslint.findings import CALLED_AT, Finding, Severity
from ekslint.report import active
from ekslint.report.fingerprint import fingerprints_for

if TYPE_CHECKING:
    from ekslint.engine import Report

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.NOTE: "info"}


def _path(file: str) -> str:
    """A repository-relative path: forward slashes, no leading ``./``."""
    p = file.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p or file


def _line_hashes(report: Report, findings: list[Finding]) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for f in findings:
        wanted.setdefault(f.span.file, set()).add(f.span.line)
    texts = {sf.display: sf.text for sf in report.files}
    out: dict[tuple[str, int], str] = {}
    for file, lines in sorted(wanted.items()):
        text = texts.get(file)
        if text is None:
            continue
        for line, h in fingerprints_for(text, lines).items():
            out[(file, line)] = h
    return out


def _security(report: Report) -> set[str]:
    return {u.id for u in report.rules if u.rule.security_severity or "security" in u.rule.tags}


def issue(f: Finding, fingerprint: str, security: bool = False) -> dict[str, Any]:
    begin = max(f.span.line, 1)
    return {
        "description": f"{f.rule_id}: {f.message}",
        "check_name": f.rule_id,
        "fingerprint": fingerprint,
        "severity": SEVERITY[f.severity],
        "location": {"path": _path(f.span.file), "lines": {"begin": begin, "end": max(f.span.end_line, begin)}},
        "type": "issue",
        "categories": ["Security" if security else "Bug Risk"],
        "engine_name": "ekslint",
    }


def issues(report: Report) -> list[dict[str, Any]]:
    findings = active(report.findings)
    hashes = _line_hashes(report, findings)
    security = _security(report)
    texts = {sf.display: sf.text for sf in report.files}
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for f in findings:
        anchor = hashes.get((f.span.file, f.span.line), f"line {f.span.line}")
        key = "\0".join((f.rule_id, _path(f.span.file), _message_key(f, texts), anchor))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"\0{seen[key]}"
        fingerprint = hashlib.md5(key.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
        out.append(issue(f, fingerprint, f.rule_id in security))
    return out


def _message_key(f: Finding, texts: dict[str, str]) -> str:
    """The message, with the calls of a finding inside a local Terraform module named by the
    text of their first line (``module "workers" {``) instead of its number, so moving a call
    keeps the issue's identity and two instances of one module stay two issues."""
    if not f.span.via:
        return f.message
    calls = []
    for c in f.span.via:
        lines = texts.get(c.file, "").split("\n")
        calls.append(f"{_path(c.file)}:{lines[c.line - 1].strip() if 0 < c.line <= len(lines) else c.line}")
    return f.message.split(CALLED_AT, 1)[0] + "\0" + "\0".join(calls)


def render(report: Report) -> str:
    return json.dumps(issues(report), indent=2, ensure_ascii=False) + "\n"
