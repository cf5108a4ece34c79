"""scripts/update_module_inputs.py: the terraform-aws-eks input data and its generator."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from ekslint.tf_module_inputs import GENERATED_FROM, INPUTS

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_module_inputs", ROOT / "scripts" / "update_module_inputs.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_shipped_data_knows_the_renames() -> None:
    assert GENERATED_FROM[21][1].startswith("v21.") and GENERATED_FROM[19][1] == "v19.21.0"
    assert {"name", "kubernetes_version"} <= INPUTS[("", 21)] and "cluster_name" not in INPUTS[("", 21)]
    assert {"cluster_name", "cluster_version"} <= INPUTS[("", 20)] and "manage_aws_auth_configmap" not in INPUTS[("", 20)]
    assert "manage_aws_auth_configmap" in INPUTS[("", 19)]
    assert ("modules/aws-auth", 20) in INPUTS and ("modules/aws-auth", 21) not in INPUTS
    assert "irsa_name" in INPUTS[("modules/karpenter", 19)] and "irsa_name" not in INPUTS[("modules/karpenter", 20)]


def test_generator_reads_every_release_of_a_major(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                       check=True, capture_output=True)

    def release(tag: str, root: str, karpenter: str | None) -> None:
        (repo / "variables.tf").write_text(root)
        kdir = repo / "modules" / "karpenter"
        if karpenter is None:
            if kdir.exists():
                git("rm", "-rq", "modules")
        else:
            kdir.mkdir(parents=True, exist_ok=True)
            (kdir / "variables.tf").write_text(karpenter)
        (repo / "modules").mkdir(exist_ok=True)
        (repo / "modules" / "_user_data").mkdir(exist_ok=True)
        (repo / "modules" / "_user_data" / "variables.tf").write_text('variable "internal" {}\n')
        git("add", "-A")
        git("commit", "-qm", tag)
        git("tag", tag)

    git("init", "-q")
    release("v19.0.0", 'variable "cluster_name" {\n  type = string\n}\nvariable "aws_auth_roles" {}\n', 'variable "irsa_name" {}\n')
    release("v20.0.0", 'variable "cluster_name" {}\nvariable "dropped_later" {}\n', None)
    release("v20.1.0", 'variable "cluster_name" {}\n', 'variable "iam_role_name" {}\n')
    release("v20.1.0-rc1", 'variable "not_a_release" {}\n', None)
    release("v21.0.0", 'variable "name" {}\n  variable "indented_is_not_a_block" {}\n', 'variable "iam_role_name" {}\n')
    out = tmp_path / "tf_module_inputs.py"
    gen = _generator()
    monkeypatch.setattr(gen, "OUT", out)
    assert gen.main([str(repo / ".git")]) == 0
    ns: dict[str, object] = {}
    exec(out.read_text(encoding="utf-8"), ns)
    assert ns["GENERATED_FROM"] == {19: ("v19.0.0", "v19.0.0"), 20: ("v20.0.0", "v20.1.0"), 21: ("v21.0.0", "v21.0.0")}
    assert ns["INPUTS"] == {
        ("", 19): frozenset({"cluster_name", "aws_auth_roles"}),
        ("modules/karpenter", 19): frozenset({"irsa_name"}),
        ("", 20): frozenset({"cluster_name", "dropped_later"}),
        ("modules/karpenter", 20): frozenset({"iam_role_name"}),
        ("", 21): frozenset({"name"}),
        ("modules/karpenter", 21): frozenset({"iam_role_name"}),
    }
    assert gen.main([str(repo / ".git"), "--check"]) == 0
