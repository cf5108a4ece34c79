"""Objects created by a terraform-aws-eks module call belong to that call's cluster."""

from __future__ import annotations

from pathlib import Path

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
