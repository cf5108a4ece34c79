"""Baseline: --baseline-write records today's findings, --baseline reports only new ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ekslint import cli

CLUSTER = """\
resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  version  = "1.30"

  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  }
}
"""


def node_group(name: str, version: str = "1.31") -> str:
    return f"""\
resource "aws_eks_node_group" "{name}" {{
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "{name}"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = ["subnet-0123456789abcdef0"]
  version         = "{version}"

  scaling_config {{
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }}
}}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "infra").mkdir()
    (root / "infra" / "main.tf").write_text(CLUSTER + "\n" + node_group("workers"), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def ek(capsys: pytest.CaptureFixture[str]) -> Any:
    def _run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exc:
            cli.main(["check", *args, "--select", "EKS201"])
        out, err = capsys.readouterr()
        code = exc.value.code
        return (code if isinstance(code, int) else 0), out, err

    return _run


def lines_of(out: str) -> list[str]:
    return [ln.split(": EKS")[0] for ln in out.splitlines() if ": EKS" in ln]


def test_write_records_the_findings_and_exits_0(repo: Path, ek: Any) -> None:
    assert ek("infra", "-q")[0] == 1
    code, out, err = ek("infra", "--baseline-write", "baseline.json")
    assert (code, out) == (0, "")
    assert err == "ekslint: baseline: recorded 1 finding(s) in baseline.json\n"
    data = json.loads((repo / "baseline.json").read_text())
    assert data["ekslint-baseline"] == 1
    [entry] = data["findings"]
    assert entry["rule"] == "EKS201"
    assert entry["file"] == "infra/main.tf"
    assert set(entry) == {"rule", "file", "fingerprint", "text", "message"}
    assert "line" not in entry and "col" not in entry  # identities do not depend on positions
    first = (repo / "baseline.json").read_bytes()
    ek("infra", "--baseline-write", "baseline.json")
    assert (repo / "baseline.json").read_bytes() == first  # deterministic


def test_baselined_findings_are_not_reported(repo: Path, ek: Any) -> None:
    ek("infra", "--baseline-write", "baseline.json")
    code, out, _ = ek("infra", "--baseline", "baseline.json")
    assert code == 0
    assert out.endswith("checked: no problems found (1 suppressed).\n")


def test_sarif_keeps_baselined_findings_as_external_suppressions(repo: Path, ek: Any) -> None:
    ek("infra", "--baseline-write", "baseline.json")
    code, out, _ = ek("infra", "--baseline", "baseline.json", "--format", "sarif")
    assert code == 0
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["ruleId"] == "EKS201"
    [suppression] = result["suppressions"]
    assert (suppression["kind"], suppression["justification"]) == ("external", "baseline")


def test_adding_lines_above_and_moving_code_keeps_findings_known(repo: Path, ek: Any) -> None:
    ek("infra", "--baseline-write", "baseline.json")
    before = lines_of(ek("infra", "-q")[1])
    # lines added above, the node group moved above the cluster and re-indented
    moved = ("# Node groups of the production cluster.\n# Owned by the platform team.\n\n\n"
             + node_group("workers").replace("\n  ", "\n    ") + "\n" + CLUSTER)
    (repo / "infra" / "main.tf").write_text(moved, encoding="utf-8")
    after = lines_of(ek("infra", "-q")[1])
    assert before != after  # the finding did move
    code, out, _ = ek("infra", "--baseline", "baseline.json", "-q")
    assert (code, out) == (0, "")


def test_a_moved_finding_whose_following_lines_changed_stays_known(repo: Path, ek: Any) -> None:
    ek("infra", "--baseline-write", "baseline.json")
    text = (repo / "infra" / "main.tf").read_text()
    (repo / "infra" / "main.tf").write_text(text.replace("    desired_size = 2\n", "    desired_size = 4\n"))
    assert ek("infra", "--baseline", "baseline.json", "-q")[:2] == (0, "")


def test_editing_the_line_makes_the_finding_new(repo: Path, ek: Any) -> None:
    ek("infra", "--baseline-write", "baseline.json")
    text = (repo / "infra" / "main.tf").read_text()
    (repo / "infra" / "main.tf").write_text(text.replace('"1.31"', '"1.32"'))
    code, out, _ = ek("infra", "--baseline", "baseline.json", "-q")
    assert code == 1
    assert "runs Kubernetes 1.32" in out


def test_new_findings_are_reported_and_counting_is_exact(repo: Path, ek: Any) -> None:
    ek("infra", "--baseline-write", "baseline.json")
    # a second node group identical to the first one but for its name: same text at the finding
    (repo / "infra" / "main.tf").write_text(CLUSTER + "\n" + node_group("workers") + "\n" + node_group("extra"))
    code, out, _ = ek("infra", "--baseline", "baseline.json", "-q")
    assert code == 1
    assert len(lines_of(out)) == 1  # two identical findings, one baselined: one new
    code, out, _ = ek("infra", "--baseline", "baseline.json", "--format", "json")
    findings = json.loads(out)["findings"]
    assert len(findings) == 2
    assert sum(1 for f in findings if f.get("suppression")) == 1


def test_baseline_paths_are_relative_to_the_baseline_file(repo: Path, ek: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "ci").mkdir()
    ek("infra", "--baseline-write", "ci/baseline.json")
    assert json.loads((repo / "ci" / "baseline.json").read_text())["findings"][0]["file"] == "../infra/main.tf"
    monkeypatch.chdir(repo / "infra")
    assert ek(".", "--baseline", "../ci/baseline.json", "-q")[:2] == (0, "")


def test_inline_suppressed_findings_are_not_recorded(repo: Path, ek: Any) -> None:
    text = (repo / "infra" / "main.tf").read_text()
    (repo / "infra" / "main.tf").write_text(
        text.replace('"1.31"\n', '"1.31" # ekslint: ignore[EKS201] upgrading the cluster next week\n'))
    assert ek("infra", "--baseline-write", "b.json")[0] == 0
    assert json.loads((repo / "b.json").read_text())["findings"] == []


def test_write_ignores_an_old_baseline(repo: Path, ek: Any) -> None:
    ek("infra", "--baseline-write", "b.json")
    assert ek("infra", "--baseline", "b.json", "--baseline-write", "b.json")[0] == 0
    assert len(json.loads((repo / "b.json").read_text())["findings"]) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "ekslint: error: baseline file not found: b.json (create it with --baseline-write b.json)\n"),
        ("{not json", "ekslint: error: b.json: not an ekslint baseline (invalid JSON at line 1)\n"),
        ("[]", "ekslint: error: b.json: not an ekslint baseline (expected an object with 'ekslint-baseline' and 'findings')\n"),
        ('{"ekslint-baseline": 7, "findings": []}', "ekslint: error: b.json: baseline format 7 is not supported; write it again\n"),
        ('{"ekslint-baseline": 1, "findings": [{"rule": "EKS201"}]}',
         "ekslint: error: b.json: findings[0] is not a baseline entry (needs rule, file, fingerprint, text)\n"),
        ("\udcff", "ekslint: error: b.json: not an ekslint baseline (not UTF-8 text)\n"),
    ],
)
def test_missing_or_corrupt_baseline_exits_2(repo: Path, ek: Any, content: str | None, message: str) -> None:
    if content is not None:
        (repo / "b.json").write_bytes(content.encode("utf-8", "surrogateescape"))
    code, out, err = ek("infra", "--baseline", "b.json")
    assert (code, out, err) == (2, "", message)


def test_unwritable_baseline_exits_2(repo: Path, ek: Any) -> None:
    code, _, err = ek("infra", "--baseline-write", "no/such/dir/b.json")
    assert code == 2
    assert err.startswith("ekslint: error: cannot write baseline no/such/dir/b.json: ")


def test_baseline_through_the_installed_entry_point(repo: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ekslint", "check", "infra", "--select", "EKS201", *args],
                              cwd=repo, capture_output=True, text=True, timeout=120)

    assert run("--baseline-write", "b.json").returncode == 0
    (repo / "infra" / "main.tf").write_text("\n\n# moved down\n" + (repo / "infra" / "main.tf").read_text())
    proc = run("--baseline", "b.json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run("--baseline", "missing.json")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_the_baseline_file_itself_is_not_checked(repo: Path, ek: Any) -> None:
    ek(".", "--baseline-write", "baseline.json")
    code, out, _ = ek(".", "--baseline", "baseline.json")
    assert (code, out) == (0, "1 file checked: no problems found (1 suppressed).\n")
