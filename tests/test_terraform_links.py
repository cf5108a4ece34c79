"""Objects created by a terraform-aws-eks module call belong to that call's cluster."""

from __future__ import annotations

from pathlib import Path

from ekslint.engine import run
from tests.helpers import lint_tree

MODULE = """
locals {
  name = basename(path.cwd)
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = local.name
  cluster_version = "1.33"

  eks_managed_node_groups = {
    legacy = {
      ami_type = "AL2_x86_64"
    }
  }
}
"""


def test_module_node_groups_link_to_their_module_cluster_even_when_its_name_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(MODULE)
    assert lint_tree(tmp_path, ["EKS203"]) == [("main.tf", 15, "EKS203", "error")]


def test_unknown_cluster_version_stays_silent(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(MODULE.replace('"1.33"', "var.cluster_version"))
    assert lint_tree(tmp_path, ["EKS203"]) == []


V19_AWS_AUTH = """
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "%s"
  cluster_version = "1.30"

  manage_aws_auth_configmap = true

  eks_managed_node_groups = {
    default = {
      instance_types = ["m6i.large"]
    }
  }
}
"""


def test_v19_aws_auth_maps_only_the_node_groups_of_its_own_directory(tmp_path: Path) -> None:
    for name in ("blue", "green", "red"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(V19_AWS_AUTH % name)
    report = run([tmp_path], base=tmp_path)
    assert not report.internal_errors
    auths = [a for a in report_model(tmp_path).aws_auth if a.manager == "terraform-aws-eks"]
    assert sorted(a.module_dir.rsplit("/", 1)[-1] for a in auths) == ["blue", "green", "red"]
    assert all(len(a.mappings) == 1 for a in auths)
    assert [f for f in report.findings if f.rule_id == "EKS416"] == []


def report_model(path: Path):  # type: ignore[no-untyped-def]
    from ekslint.engine import build

    ctx, errors = build([path], base=path)
    assert not errors
    return ctx.model
