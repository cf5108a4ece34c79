"""Partial runs: files given inside a repository are checked with the rest of it as context."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ekslint import cli, context_scope

AWS_AUTH = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/prod-workers
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
    - rolearn: arn:aws:iam::111122223333:role/prod-karpenter-ctrl
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
"""

NODECLASS = """\
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: prod-karpenter-ctrl
  amiSelectorTerms:
    - alias: al2023@latest
  subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: prod
  securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: prod
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: spare
spec:
  role: KarpenterNodeRole-prod
  amiSelectorTerms:
    - alias: al2023@latest
  subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: prod
  securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: prod
"""

KARPENTER_TF = """\
module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "~> 20.0"

  cluster_name = "prod"

  iam_role_name            = "prod-karpenter-ctrl"
  iam_role_use_name_prefix = false

  node_iam_role_name            = "prod-karpenter-nodes"
  node_iam_role_use_name_prefix = false
}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with aws-auth, two EC2NodeClasses and the Karpenter module in three files."""
    (tmp_path / ".git").mkdir()
    for rel, text in {
        "k8s/aws-auth.yaml": AWS_AUTH,
        "karpenter/nodeclass.yaml": NODECLASS,
        "terraform/karpenter.tf": KARPENTER_TF,
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EKSLINT_NO_CACHE", "1")
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple[str, int, str]], dict[str, Any]]:
    """Run `ekslint check ARGS --format json` in-process: exit code, (file, line, rule) findings, summary."""
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", *args, "--select", "EKS501,EKS502", "--format", "json", "--fail-on", "never"])
    out = json.loads(capsys.readouterr().out)
    found = sorted((f["file"], f["line"], f["rule"]) for f in out["findings"])
    return int(exc.value.code or 0), found, out["summary"]


def test_whole_tree_reports_every_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, found, summary = check(capsys, ".")
    assert found == [
        ("k8s/aws-auth.yaml", 13, "EKS501"),
        ("karpenter/nodeclass.yaml", 6, "EKS501"),
        ("karpenter/nodeclass.yaml", 21, "EKS502"),
    ]
    assert summary["files"] == 3


def test_given_file_sees_the_repository(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the Karpenter module in terraform/ names prod-karpenter-ctrl as the controller role: EKS501
    # fires on the given aws-auth; the EC2NodeClass findings lie in a file not given: not reported
    _, found, summary = check(capsys, "k8s/aws-auth.yaml")
    assert found == [("k8s/aws-auth.yaml", 13, "EKS501")]
    assert summary["files"] == 1


def test_given_nodeclass_sees_aws_auth_elsewhere(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # EKS502 needs the aws-auth ConfigMap of k8s/ to know that KarpenterNodeRole-prod is not mapped
    _, found, _ = check(capsys, "karpenter/nodeclass.yaml")
    assert found == [("karpenter/nodeclass.yaml", 6, "EKS501"), ("karpenter/nodeclass.yaml", 21, "EKS502")]


def test_no_context_checks_the_file_alone(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys, "k8s/aws-auth.yaml", "--no-context")[1] == []
    assert check(capsys, "karpenter/nodeclass.yaml", "--no-context")[1] == []


def test_several_given_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, found, summary = check(capsys, "k8s/aws-auth.yaml", "terraform/karpenter.tf")
    assert found == [("k8s/aws-auth.yaml", 13, "EKS501")]
    assert summary["files"] == 2


def test_from_a_subdirectory(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "k8s")
    assert check(capsys, "aws-auth.yaml")[1] == [("aws-auth.yaml", 13, "EKS501")]


def test_broken_context_file_is_not_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "other.yaml").write_text("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: [\n")
    (repo / "broken.tf").write_text('resource "aws_eks_cluster" "x" {\n')
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "k8s/aws-auth.yaml", "--format", "json", "--fail-on", "never"])
    assert exc.value.code == 0
    doc = json.loads(capsys.readouterr().out)
    assert {f["file"] for f in doc["findings"]} <= {"k8s/aws-auth.yaml"}
    assert all(f["rule"] != "EKS001" for f in doc["findings"])


def test_directory_given_means_no_context(repo: Path) -> None:
    scope = context_scope.plan([Path("k8s")])
    assert scope.paths == [Path("k8s")] and not scope.partial
    scope = context_scope.plan([Path("k8s"), Path("terraform/karpenter.tf")])
    assert not scope.partial


def test_plan_reads_the_repository_once(repo: Path) -> None:
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yaml").write_text("on: push\njobs: {}\n")  # cannot matter: not parsed
    (repo / "package.json").write_text('{"name": "x"}\n')
    scope = context_scope.plan([Path("k8s/aws-auth.yaml")])
    assert scope.partial and scope.roots == [repo.resolve()]
    rel = sorted(p.resolve().relative_to(repo.resolve()).as_posix() for p in scope.paths)
    assert rel == ["k8s/aws-auth.yaml", "karpenter/nodeclass.yaml", "terraform/karpenter.tf"]
    assert Path("k8s/aws-auth.yaml") in scope.paths  # the given spelling is kept
    scope = context_scope.plan([Path("package.json")])  # a given file is always read
    assert Path("package.json") in scope.paths


@pytest.mark.parametrize(
    ("text", "matters"),
    [
        ("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n", True),
        ("apiVersion: karpenter.sh/v1\nkind: NodePool\n", True),
        ("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n", True),
        ("data:\n  mapAccounts: |\n    - '1'\n", True),
        ("MIME-Version: 1.0\nContent-Type: multipart/mixed\n", True),
        ("#!/bin/bash\n/etc/eks/bootstrap.sh prod\n", True),
        ("on: push\njobs: {}\n", False),
        ("image:\n  tag: 1.2\n", False),
    ],
)
def test_which_context_files_matter(tmp_path: Path, text: str, matters: bool) -> None:
    f = tmp_path / "x.yaml"
    f.write_text(text)
    assert context_scope.may_matter(f, "yaml") is matters
    assert context_scope.may_matter(tmp_path / "main.tf", "tf")  # Terraform: always


def test_excluded_context_is_not_read(repo: Path) -> None:
    def exclude(p: Path) -> bool:
        return "terraform" in p.parts

    scope = context_scope.plan([Path("k8s/aws-auth.yaml")], exclude=exclude)
    assert all("terraform" not in p.parts for p in scope.paths)


def test_file_outside_any_project_is_checked_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_scope, "project_root", lambda start: None)
    f = tmp_path / "aws-auth.yaml"
    f.write_text(AWS_AUTH)
    scope = context_scope.plan([f])
    assert scope.paths == [f] and not scope.partial


@pytest.mark.parametrize(
    ("marker", "text", "is_root"),
    [
        (".git", None, True),
        (".git", "gitdir: ../.git/worktrees/x\n", True),  # a worktree or submodule: .git is a file
        (".ekslint.yaml", "select: [EKS5]\n", True),
        (".ekslint.yml", "", True),
        ("pyproject.toml", "[tool.ekslint]\nselect = ['EKS5']\n", True),
        ("pyproject.toml", "[project]\nname = 'x'\n", False),
    ],
)
def test_project_root_markers(tmp_path: Path, marker: str, text: str | None, is_root: bool) -> None:
    proj = tmp_path / "proj"
    (proj / "a" / "b").mkdir(parents=True)
    if text is None:
        (proj / marker).mkdir()
    else:
        (proj / marker).write_text(text)
    f = proj / "a" / "b" / "x.yaml"
    f.write_text("a: 1\n")
    assert context_scope.is_project_root(proj) is is_root
    root = context_scope.project_root(f)
    if is_root:
        assert root == proj.resolve()
    else:
        assert root != proj.resolve()


def test_nearest_marker_wins(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "clusters" / "prod"
    sub.mkdir(parents=True)
    (sub / ".ekslint.yaml").write_text("select: [EKS5]\n")
    assert context_scope.project_root(sub / "x.yaml") == sub.resolve()
    assert context_scope.project_root(tmp_path / "clusters" / "y.yaml") == tmp_path.resolve()


def test_pre_commit_command_line(repo: Path) -> None:
    """As pre-commit runs it: the installed entry point, only changed files, from the repository root."""
    env = {**os.environ, "EKSLINT_NO_CACHE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "ekslint", "check", "k8s/aws-auth.yaml", "--select", "EKS501,EKS502"],
        cwd=repo, capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("k8s/aws-auth.yaml:13:16: EKS501 [error] ")
    assert lines[-1] == "1 file checked: 1 error, 0 warnings, 0 notes."
    assert "nodeclass" not in proc.stdout
    assert proc.stderr == ""  # no progress, no timed summary: stderr is not a terminal


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_in_the_context_does_not_hang(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(repo / "k8s" / "pipe.yaml")
    assert context_scope.may_matter(repo / "k8s" / "pipe.yaml", "yaml") is False
    _, found, _ = check(capsys, "k8s/aws-auth.yaml")
    assert found == [("k8s/aws-auth.yaml", 13, "EKS501")]


def test_huge_root_falls_back_to_the_given_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_scope, "MAX_CONTEXT_FILES", 2)
    warnings: list[str] = []
    scope = context_scope.plan([Path("k8s/aws-auth.yaml")], warn=warnings.append)
    assert scope.paths == [Path("k8s/aws-auth.yaml")] and not scope.partial
    assert len(warnings) == 1 and "without the rest of the repository" in warnings[0]


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "a.yaml", "--no-context", "--no-cache"],
        ["check", "--cache-dir", "some/cache", "x.tf"],
        ["check", "--cache-dir=c", "--no-context", "-q", "a.yaml", "b.yaml"],
    ],
    ids=lambda a: " ".join(a),
)
def test_fast_path_and_typer_agree_on_the_context_and_cache_options(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_cli import _typer_kwargs

    fast = cli.fast_check_args(argv)
    assert fast is not None
    assert fast == _typer_kwargs(argv, monkeypatch)
