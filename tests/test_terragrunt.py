"""Terragrunt: a terragrunt.hcl instantiates a module of the tree with its inputs."""

from __future__ import annotations

from pathlib import Path

from ekslint.engine import build, run
from tests.helpers import lint_tree

MODULE = """\
variable "cluster_name" {
  type = string
}

variable "cluster_version" {
  type = string
}

variable "node_version" {
  type    = string
  default = null
}

variable "subnet_ids" {
  type = list(string)
}

variable "min_size" {
  type    = number
  default = 1
}

variable "max_size" {
  type    = number
  default = 3
}

resource "aws_eks_cluster" "this" {
  name     = var.cluster_name
  role_arn = "arn:aws:iam::111122223333:role/cluster"
  version  = var.cluster_version
  vpc_config {
    subnet_ids = var.subnet_ids
  }
}

resource "aws_eks_node_group" "this" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::111122223333:role/nodes"
  subnet_ids      = var.subnet_ids
  version         = var.node_version

  scaling_config {
    min_size     = var.min_size
    max_size     = var.max_size
    desired_size = var.min_size
  }
}
"""

PROD = """\
include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "../../modules/eks"
}

dependency "vpc" {
  config_path = "../vpc"
}

locals {
  env = "prod"
}

inputs = {
  cluster_name    = "payments-${local.env}"
  cluster_version = "1.34"
  node_version    = "1.35"
  subnet_ids      = dependency.vpc.outputs.private_subnets
  min_size        = 5
  max_size        = 2
}
"""

VERSION_LINE = 42  # `version = var.node_version` in MODULE
MIN_SIZE_LINE = 45  # `min_size = var.min_size`


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def _findings(path: Path, select: list[str]):
    report = run([path], select=select, base=path)
    assert not report.internal_errors, report.internal_errors
    return [f for f in report.findings if f.rule_id in select]


def test_inputs_flow_into_the_module_and_findings_name_the_terragrunt_file(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": PROD, "modules/eks/main.tf": MODULE})
    assert lint_tree(tree) == [
        ("modules/eks/main.tf", VERSION_LINE, "EKS201", "error"),
        ("modules/eks/main.tf", MIN_SIZE_LINE, "EKS204", "error"),
    ]
    f = _findings(tree, ["EKS204"])[0]
    assert f.message.endswith("(in the module instance called at env/prod/terragrunt.hcl:5)")
    assert "minimum size 5" in f.message
    ctx, _ = build([tree], tree)
    [cluster] = ctx.model.clusters
    assert cluster.name.value == "payments-prod"
    assert cluster.module_dir == "env/prod"
    assert [g.address for g in ctx.model.node_groups] == ["aws_eks_node_group.this"]


def test_two_environments_give_two_instances(tmp_path: Path) -> None:
    dev = PROD.replace('"prod"', '"dev"').replace("min_size        = 5", "min_size        = 6")
    dev = dev.replace('source = "../../modules/eks"', 'source = "${get_terragrunt_dir()}/../../modules//eks?ref=v1"')
    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": PROD, "env/dev/terragrunt.hcl": dev, "modules/eks/main.tf": MODULE})
    findings = _findings(tree, ["EKS204"])
    assert sorted(f.message.rsplit("called at ", 1)[1] for f in findings) == [
        "env/dev/terragrunt.hcl:5)", "env/prod/terragrunt.hcl:5)"]
    assert {f.span.line for f in findings} == {MIN_SIZE_LINE}
    ctx, _ = build([tree], tree)
    assert sorted(c.name.value for c in ctx.model.clusters) == ["payments-dev", "payments-prod"]


def test_repo_root_and_included_parent_inputs(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    unit = """\
include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "${get_repo_root()}/modules/eks"
}

inputs = {
  cluster_name = "payments"
  max_size     = 2
}
"""
    root = """\
inputs = {
  cluster_version = "1.34"
  node_version    = "1.35"
  subnet_ids      = ["subnet-1"]
  min_size        = 5
  max_size        = 9
}
"""
    tree = _tree(tmp_path, {"terragrunt.hcl": root, "env/prod/terragrunt.hcl": unit, "modules/eks/main.tf": MODULE})
    assert lint_tree(tree, ["EKS201", "EKS204"]) == [
        ("modules/eks/main.tf", VERSION_LINE, "EKS201", "error"),
        ("modules/eks/main.tf", MIN_SIZE_LINE, "EKS204", "error"),  # the unit's max_size wins
    ]


def test_unknown_inputs_stay_silent(tmp_path: Path) -> None:
    unit = """\
include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "../../modules/eks"
}

inputs = {
  cluster_name    = "payments"
  cluster_version = dependency.eks.outputs.version
  node_version    = "1.35"
  subnet_ids      = dependency.vpc.outputs.private_subnets
  min_size        = get_env("MIN_SIZE", "5")
  max_size        = read_terragrunt_config("sizes.hcl").locals.max
}
"""
    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": unit, "modules/eks/main.tf": MODULE})
    assert lint_tree(tree, ["EKS2"]) == []
    # inputs that are unknown as a whole: every variable is unknown
    whole = unit.replace("inputs = {", "inputs = merge(dependency.x.outputs.common, {").replace("\n}\n", "\n})\n")
    tree2 = _tree(tmp_path / "b", {"env/prod/terragrunt.hcl": whole.replace("min_size        = get_env", "min_size = 5 #"),
                                   "modules/eks/main.tf": MODULE})
    assert lint_tree(tree2, ["EKS2"]) == []


def test_an_unreadable_include_leaves_the_inputs_it_may_set_unknown(tmp_path: Path) -> None:
    unit = """\
include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "../../modules/eks"
}

inputs = {
  cluster_name    = "payments"
  cluster_version = "1.34"
  subnet_ids      = ["subnet-1"]
  min_size        = 5
}
"""
    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": unit, "modules/eks/main.tf": MODULE})
    assert lint_tree(tree, ["EKS2"]) == []  # max_size may come from root.hcl: its default 3 is not used
    no_include = unit.split("\n", 4)[4]
    tree2 = _tree(tmp_path / "b", {"env/prod/terragrunt.hcl": no_include, "modules/eks/main.tf": MODULE})
    assert lint_tree(tree2, ["EKS204"]) == [("modules/eks/main.tf", MIN_SIZE_LINE, "EKS204", "error")]


def test_a_suppression_on_the_terraform_block_covers_the_instance(tmp_path: Path) -> None:
    unit = PROD.replace("terraform {", "# ekslint: ignore[EKS204] the autoscaler owns the sizes\nterraform {")
    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": unit, "modules/eks/main.tf": MODULE})
    findings = _findings(tree, ["EKS201", "EKS204"])
    assert [(f.rule_id, f.suppression is not None) for f in findings] == [("EKS201", False), ("EKS204", True)]


def test_a_source_outside_the_tree_or_remote_is_not_followed(tmp_path: Path) -> None:
    outside = _tree(tmp_path / "elsewhere", {"modules/eks/main.tf": MODULE})
    assert outside.exists()
    tree = _tree(tmp_path / "live", {
        "env/prod/terragrunt.hcl": PROD.replace("../../modules/eks", "../../../elsewhere/modules/eks"),
        "env/stage/terragrunt.hcl": PROD.replace("../../modules/eks", "git::https://example.com/m.git//modules/eks?ref=v1"),
        "env/qa/terragrunt.hcl": PROD.replace("../../modules/eks", "tfr:///terraform-aws-modules/eks/aws?version=20.8.5"),
    })
    report = run([tree], base=tree)
    assert not report.internal_errors
    assert report.findings == []
    assert report.files_checked == 3


def test_the_module_is_not_also_read_on_its_own(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": PROD, "modules/eks/main.tf": MODULE})
    ctx, _ = build([tree], tree)
    assert len(ctx.model.clusters) == 1
    assert len(ctx.model.node_groups) == 1
    # without the terragrunt.hcl the module is read on its own (variables unknown): nothing to report
    alone = _tree(tmp_path / "b", {"modules/eks/main.tf": MODULE})
    assert lint_tree(alone, ["EKS2"]) == []


def test_a_unit_without_source_instantiates_its_own_directory(tmp_path: Path) -> None:
    unit = PROD.replace('terraform {\n  source = "../../modules/eks"\n}\n', "").split("\n", 4)[4]
    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": unit, "env/prod/main.tf": MODULE})
    assert lint_tree(tree, ["EKS204"]) == [("env/prod/main.tf", MIN_SIZE_LINE, "EKS204", "error")]


def test_a_syntax_error_is_eks001_and_nothing_else(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": "inputs = {\n  a = \n", "other.hcl": "not = [hcl"})
    assert lint_tree(tree) == [("env/prod/terragrunt.hcl", 2, "EKS001", "error")]
    clean = _tree(tmp_path / "b", {"env/prod/terragrunt.hcl": PROD})
    assert lint_tree(clean) == []  # no module in the tree: nothing to read


def test_terragrunt_files_through_the_parse_cache_and_workers(tmp_path: Path, monkeypatch) -> None:
    from ekslint import discover, parallel
    from ekslint.cache import ParseCache
    from ekslint.parallel import preload

    tree = _tree(tmp_path, {"env/prod/terragrunt.hcl": PROD, "modules/eks/main.tf": MODULE})
    cands = [(discover.read(p, discover.display_path(p, tree)), k) for p, k in discover.walk([tree])]
    assert [k for _, k in cands] == ["terragrunt", "tf"]
    cache = ParseCache(tmp_path / "cache")
    first = preload(cands, cache=cache)
    second = preload(cands, cache=ParseCache(tmp_path / "cache"))
    assert set(first.trees) == set(second.trees) == {"env/prod/terragrunt.hcl", "modules/eks/main.tf"}
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 0)
    pooled = parallel.preload(cands * 3, jobs=2)
    assert set(pooled.trees) == {"env/prod/terragrunt.hcl", "modules/eks/main.tf"}
    assert lint_tree(tree, ["EKS204"]) == [("modules/eks/main.tf", MIN_SIZE_LINE, "EKS204", "error")]


ROOT_INPUTS = """\
inputs = {
  cluster_version = "1.34"
  subnet_ids      = ["subnet-1"]
  min_size        = 5
}
"""


def _unit(include: str, source: str = "../../modules/eks") -> str:
    return f"""\
include "root" {{
  path = find_in_parent_folders()
{include}}}

terraform {{
  source = "{source}"
}}

inputs = {{
  cluster_name = "payments"
  max_size     = 2
}}
"""


def test_get_parent_terragrunt_dir_names_the_included_file_s_directory(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "live", {
        "terragrunt.hcl": ROOT_INPUTS,
        "env/prod/terragrunt.hcl": _unit("", "${get_parent_terragrunt_dir()}/modules/eks"),
        "modules/eks/main.tf": MODULE,
    })
    assert lint_tree(tree, ["EKS204"]) == [("modules/eks/main.tf", MIN_SIZE_LINE, "EKS204", "error")]


def test_merge_strategies_of_the_include(tmp_path: Path) -> None:
    files = {"terragrunt.hcl": ROOT_INPUTS, "modules/eks/main.tf": MODULE}
    # no_merge: the parent's inputs do not apply (min_size keeps its default 1)
    tree = _tree(tmp_path / "a", {**files, "env/prod/terragrunt.hcl": _unit('  merge_strategy = "no_merge"\n')})
    assert lint_tree(tree, ["EKS204"]) == []
    tree = _tree(tmp_path / "b", {**files, "env/prod/terragrunt.hcl": _unit('  merge_strategy = "deep"\n')})
    assert lint_tree(tree, ["EKS204"]) == [("modules/eks/main.tf", MIN_SIZE_LINE, "EKS204", "error")]
    # a strategy not known: whatever the parent may set is unknown
    tree = _tree(tmp_path / "c", {**files, "env/prod/terragrunt.hcl": _unit("  merge_strategy = get_env(\"S\")\n")})
    assert lint_tree(tree, ["EKS204"]) == []
