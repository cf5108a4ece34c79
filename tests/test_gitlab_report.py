"""`--format gitlab`: a GitLab Code Quality report (artifacts: reports: codequality)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ekslint import cli
from ekslint.engine import Report, run
from ekslint.findings import Finding, Severity
from ekslint.report import FORMATS, Suppression, render
from ekslint.values import Span

# The fields GitLab documents for a Code Quality report (docs.gitlab.com/ci/testing/code_quality,
# "Code Quality report format"): an array of objects with a description, a check name, a unique
# fingerprint, one of five severities, a relative path without a leading ./ and a 1-based line.
GITLAB_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": r"^(\./|/)"}},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}, "end": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}

NODECONFIG = """\
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: prod
    apiServerEndpoint: https://9F1C2A4B7D3E5F60718293A4B5C6D7E8.gr7.eu-west-1.eks.amazonaws.com
    certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    cidr: 10.100.0.0/16
  kubelet:
    flag:
      - --node-labels=team=payments
"""
BROKEN = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n   region: us-east-1\n"
HELM = "{{- if .Values.enabled }}\napiVersion: karpenter.sh/v1\nkind: NodePool\n{{- end }}\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "nodes").mkdir()
    (tmp_path / "nodes" / "nodeconfig.yaml").write_text(NODECONFIG)
    (tmp_path / "cluster.yaml").write_text(BROKEN)
    (tmp_path / "chart.yaml").write_text(HELM)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def gitlab(paths: list[str], **kw: Any) -> list[dict[str, Any]]:
    report = run([Path(p) for p in paths], base=Path.cwd(), **kw)
    return json.loads(render(report, "gitlab"))


def test_format_is_registered() -> None:
    assert "gitlab" in FORMATS
    assert "gitlab" in {f.value for f in cli.Format}
    assert cli.fast_check_args(["check", "--format", "gitlab"])["fmt"] == "gitlab"  # type: ignore[index]


def test_report_matches_gitlabs_documented_fields(tree: Path) -> None:
    issues = gitlab(["."], select=["EKS0"])
    jsonschema.validate(issues, GITLAB_SCHEMA)
    by_path = {(i["location"]["path"], i["check_name"]): i for i in issues}
    assert set(by_path) == {("chart.yaml", "EKS001"), ("cluster.yaml", "EKS001"), ("nodes/nodeconfig.yaml", "EKS013")}
    # severity: error → critical, warning → major, note → info
    assert by_path[("cluster.yaml", "EKS001")]["severity"] == "critical"
    assert by_path[("nodes/nodeconfig.yaml", "EKS013")]["severity"] == "major"
    assert by_path[("chart.yaml", "EKS001")]["severity"] == "info"
    assert by_path[("cluster.yaml", "EKS001")]["location"]["lines"]["begin"] == 5
    assert by_path[("nodes/nodeconfig.yaml", "EKS013")]["location"]["lines"]["begin"] == 10
    assert by_path[("cluster.yaml", "EKS001")]["description"].startswith("EKS001: YAML syntax error")
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_clean_tree_is_an_empty_array(tree: Path) -> None:
    assert render(run([Path("nodes")], base=tree, select=["EKS001"]), "gitlab") == "[]\n"


def test_fingerprint_survives_lines_added_above_and_reindenting(tree: Path) -> None:
    before = {i["check_name"]: i for i in gitlab(["nodes"], select=["EKS013"])}
    text = NODECONFIG.replace("kind: NodeConfig\n", "kind: NodeConfig\n# owned by the platform team\n# see RUNBOOK.md\n")
    (tree / "nodes" / "nodeconfig.yaml").write_text(text)
    after = {i["check_name"]: i for i in gitlab(["nodes"], select=["EKS013"])}
    assert after["EKS013"]["location"]["lines"]["begin"] == before["EKS013"]["location"]["lines"]["begin"] + 2
    assert after["EKS013"]["fingerprint"] == before["EKS013"]["fingerprint"]


def test_fingerprint_changes_when_the_finding_changes(tree: Path) -> None:
    before = gitlab(["nodes"], select=["EKS013"])[0]["fingerprint"]
    (tree / "nodes" / "nodeconfig.yaml").write_text(NODECONFIG.replace("flag:", "flagz:"))
    after = gitlab(["nodes"], select=["EKS013"])[0]["fingerprint"]
    assert after != before


def _report(*findings: Finding) -> Report:
    return Report(findings=list(findings), files=[], rules=[], files_checked=1)


def test_identical_findings_get_distinct_fingerprints() -> None:
    f = Finding("EKS101", Severity.ERROR, "same message", Span("a.yaml", 3, 1, 3, 4))
    issues = json.loads(render(_report(f, f, Finding("EKS101", Severity.ERROR, "same message", Span("./a.yaml", 3))), "gitlab"))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert len({i["fingerprint"] for i in issues}) == 3
    assert issues[2]["location"]["path"] == "a.yaml"


def test_suppressed_findings_are_left_out() -> None:
    active = Finding("EKS101", Severity.ERROR, "kept", Span("a.yaml", 3))
    muted = Finding("EKS102", Severity.ERROR, "muted", Span("a.yaml", 4), suppression=Suppression("inSource", "accepted risk"))
    issues = json.loads(render(_report(active, muted), "gitlab"))
    assert [i["check_name"] for i in issues] == ["EKS101"]


def test_output_is_deterministic(tree: Path) -> None:
    first = render(run([Path(".")], base=tree, select=["EKS0"]), "gitlab")
    assert first == render(run([Path(".")], base=tree, select=["EKS0"]), "gitlab")


def test_command_line_writes_the_codequality_artifact(tree: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ekslint", "check", ".", "--select", "EKS0", "--format", "gitlab",
         "--output", "gl-code-quality-report.json"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    issues = json.loads((tree / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert len(issues) == 3
    # the report is written whatever the exit code; --fail-on never keeps the job green
    proc = subprocess.run(
        [sys.executable, "-m", "ekslint", "check", ".", "--select", "EKS0", "-f", "gitlab", "--fail-on", "never"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == issues


def test_readme_gitlab_job_writes_the_declared_artifact() -> None:
    from ruamel.yaml import YAML

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## GitLab CI\n") :]
    section = section[: section.find("\n## ", 1)]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    [job] = YAML(typ="safe").load(block).values()
    artifact = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    [check] = [line for line in job["script"] if line.startswith("ekslint ")]
    fast = cli.fast_check_args(check.split()[1:])
    assert fast is not None
    assert (fast["fmt"], str(fast["output"])) == ("gitlab", artifact)


def test_inline_suppression_keeps_a_finding_out_of_the_report(tree: Path) -> None:
    text = NODECONFIG.replace("    flag:\n", "    flag:  # ekslint: ignore[EKS013] kept for the legacy AMI until March\n")
    (tree / "nodes" / "nodeconfig.yaml").write_text(text)
    report = run([Path("nodes")], base=tree, select=["EKS013"])
    assert [f.rule_id for f in report.findings] == ["EKS013"]  # still there, suppressed (SARIF keeps it)
    assert json.loads(render(report, "gitlab")) == []
