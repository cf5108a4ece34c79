"""Test helpers: lint a fixture tree and return its findings in a comparable form."""

from __future__ import annotations

from pathlib import Path

from ekslint.engine import run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def lint_tree(path: Path, select: list[str] | None = None) -> list[tuple[str, int, str, str]]:
    """(relative path, line, rule id, severity) of every finding under `path`, sorted."""
    report = run([path], select=select or [], base=path if path.is_dir() else path.parent)
    assert not report.internal_errors, report.internal_errors
    return sorted((f.span.file, f.span.line, f.rule_id, f.severity.label) for f in report.findings)


def fixture_findings(rule_id: str, which: str = "bad") -> list[tuple[str, int, str]]:
    """(relative path, line, severity) of `rule_id`'s findings in fixtures/<rule_id>/<which>/."""
    tree = FIXTURES / rule_id / which
    assert tree.is_dir(), f"missing fixture directory {tree}"
    return [(p, line, sev) for p, line, rid, sev in lint_tree(tree, [rule_id]) if rid == rule_id]
