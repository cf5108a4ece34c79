"""SARIF output: schema validity, rule metadata, locations, fingerprints, suppressions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ekslint.engine import Report, run
from ekslint.findings import Finding, Severity
from ekslint.report.fingerprint import fingerprints_for, line_hashes
from ekslint.report.sarif import render, sarif_log
from ekslint.rule import Rule, RuleUnit
from ekslint.rules import all_rules
from ekslint.values import Span

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "cli"
SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def validate(log: dict[str, Any]) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA}")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def fixture_run() -> tuple[Report, dict[str, Any]]:
    report = run([DATA / "mixed"], select=["EKS001"], base=DATA)
    assert not report.internal_errors
    return report, json.loads(render(report, base=DATA))


def test_fixture_run_is_valid_sarif() -> None:
    _, log = fixture_run()
    validate(log)


def test_every_rule_validates(tmp_path: Path) -> None:
    """All registered rules described in one run (no findings) is valid SARIF too."""
    report = Report(rules=all_rules(), files_checked=0)
    log = sarif_log(report, base=tmp_path)
    validate(log)
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == [u.id for u in all_rules()]


def test_run_shape_and_rule_metadata() -> None:
    _, log = fixture_run()
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "ekslint"
    assert driver["informationUri"].startswith("https://")
    (rule,) = driver["rules"]
    assert rule["id"] == "EKS001"
    assert rule["name"] == "file-does-not-parse"
    assert rule["shortDescription"]["text"] == "A configuration file that does not parse."
    assert rule["fullDescription"]["text"].startswith("Reports YAML, JSON and Terraform files")
    assert "## Why is this bad" in rule["help"]["text"]
    assert "## Why is this bad" in rule["help"]["markdown"]
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"]["tags"] == ["input"]
    assert rule["properties"]["precision"] == "very-high"
    assert "security-severity" not in rule["properties"]
    base = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == DATA.resolve().as_uri() + "/"
    assert run_["invocations"][0]["executionSuccessful"] is True


def test_results() -> None:
    _, log = fixture_run()
    error, note = log["runs"][0]["results"]
    assert error["ruleId"] == "EKS001"
    assert error["ruleIndex"] == 0
    assert error["level"] == "error"
    assert note["level"] == "note"
    assert error["message"]["text"].startswith("YAML syntax error")
    loc = error["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "mixed/cluster.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 5, "startColumn": 10, "endLine": 5, "endColumn": 11}
    fp = error["partialFingerprints"]["primaryLocationLineHash"]
    text = (DATA / "mixed" / "cluster.yaml").read_text()
    assert fp == line_hashes(text)[5]


def _rule_unit(rule: Rule) -> RuleUnit:
    doc = "Summary line.\n\n## What it does\nSomething.\n"
    return RuleUnit(rule=rule, doc=doc, check=lambda ctx: iter(()), module="test")


@dataclass(frozen=True)
class SuppressedFinding(Finding):
    suppression: str | None = None


def test_security_severity_related_locations_and_suppressions(tmp_path: Path) -> None:
    rule = Rule("EKS999", "test-rule", Severity.WARNING, tags=("identity", "security"), security_severity="7.5")
    span = Span("dir with space/a.yaml", 2, 3, 2, 8)
    active = Finding("EKS999", Severity.WARNING, "active finding", span, related=(Span("b.yaml", 1, 1),))
    suppressed = SuppressedFinding("EKS999", Severity.ERROR, "suppressed finding", span, suppression="accepted risk")
    report = Report(findings=[active, suppressed], rules=[_rule_unit(rule)], files_checked=1)
    log = sarif_log(report, base=tmp_path)
    validate(log)
    run_ = log["runs"][0]
    props = run_["tool"]["driver"]["rules"][0]["properties"]
    assert props["security-severity"] == "7.5"
    assert props["tags"] == ["identity", "security"]
    first, second = run_["results"]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir%20with%20space/a.yaml"
    assert first["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.yaml"
    assert "suppressions" not in first
    assert second["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "accepted risk"}]
    assert "partialFingerprints" not in first  # the file's text is not part of the report


def test_internal_errors_become_notifications(tmp_path: Path) -> None:
    report = Report(rules=[], internal_errors=["internal error in rule EKS123\nTraceback ...\nValueError: x"])
    log = sarif_log(report, base=tmp_path)
    validate(log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"] == "internal error in rule EKS123"


def test_sarif_is_deterministic() -> None:
    report, _ = fixture_run()
    assert render(report, base=DATA) == render(report, base=DATA)
    assert render(fixture_run()[0], base=DATA) == render(report, base=DATA)


# -- fingerprints ----------------------------------------------------------------------------------

# expected values from github/codeql-action's own tests of the algorithm (src/fingerprints.test.ts)
GITHUB_VECTORS = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        [
            "8b7cf3e952e7aeb2:1",
            "b1ae1287ec4718d9:1",
            "bff680108adb0fcc:1",
            "c6805c5e1288b612:1",
            "b86d3392aea1be30:1",
            "e6ceba753e1a442:1",
        ],
    ),
]
_WITH_NEWLINE = [
    "e9496ae3ebfced30:1",
    "fb7c023a8b9ccb3f:1",
    "ce8ba1a563dcdaca:1",
    "e20e36e16fcb0cc8:1",
    "b3edc88f2938467e:1",
    "c8e28b0b4002a3a0:1",
    "c129715d7a2bc9a3:1",
]
GITHUB_VECTORS += [
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", _WITH_NEWLINE),
    (" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", _WITH_NEWLINE),
    (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", _WITH_NEWLINE),
    (" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", _WITH_NEWLINE),
    (
        "Lorem ipsum dolor sit amet.\n" * 10,
        [f"a7f2ff13bc495cf2:{i}" for i in range(1, 7)]
        + ["a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), GITHUB_VECTORS)
def test_fingerprint_matches_github(text: str, expected: list[str]) -> None:
    hashes = line_hashes(text)
    assert [hashes[i] for i in range(1, len(hashes) + 1)] == expected


def test_fingerprints_for_selected_lines() -> None:
    text = "Lorem ipsum dolor sit amet.\n" * 10
    assert fingerprints_for(text, [3, 1, 99]) == {1: "a7f2ff13bc495cf2:1", 3: "a7f2ff13bc495cf2:3"}
    assert fingerprints_for(text, []) == {}


def test_fingerprint_is_stable_when_lines_are_added_above(tmp_path: Path) -> None:
    original = (DATA / "broken" / "cluster.yaml").read_text()
    (tmp_path / "cluster.yaml").write_text(original)

    def primary() -> tuple[int, str]:
        report = run([tmp_path], select=["EKS001"], base=tmp_path)
        (res,) = sarif_log(report, base=tmp_path)["runs"][0]["results"]
        region = res["locations"][0]["physicalLocation"]["region"]
        return region["startLine"], res["partialFingerprints"]["primaryLocationLineHash"]

    line, fp = primary()
    assert primary() == (line, fp)  # deterministic
    (tmp_path / "cluster.yaml").write_text("# managed by the platform team\n# do not edit by hand\n\n" + original)
    moved_line, moved_fp = primary()
    assert moved_line == line + 3
    assert moved_fp == fp
    (tmp_path / "cluster.yaml").write_text(original.replace("region: us-east-1", "region: eu-west-1"))
    assert primary()[1] != fp  # the flagged content changed
