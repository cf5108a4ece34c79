"""Local Terraform modules: each call instantiates the module with its arguments."""

from __future__ import annotations

from pathlib import Path

from ekslint.engine import build, run
from tests.helpers import lint_tree

CLUSTER = """\
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/cluster"
  version  = "1.34"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
"""

NODES = """\
variable "cluster_name" {
  type = string
}

variable "node_version" {
  type    = string
  default = null
}

variable "min_size" {
  type    = number
  default = 1
}

variable "max_size" {
  type    = number
  default = 3
}

resource "aws_iam_role" "node" {
  name = "${var.cluster_name}-nodes"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_eks_node_group" "this" {
  cluster_name    = var.cluster_name
  node_group_name = "workers"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = ["subnet-1"]
  version         = var.node_version

  scaling_config {
    min_size     = var.min_size
    max_size     = var.max_size
    desired_size = var.min_size
  }
}

output "role_arn" {
  value = aws_iam_role.node.arn
}
"""


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def _findings(path: Path, select: list[str] | None = None):
    report = run([path], select=select or [], base=path)
    assert not report.internal_errors, report.internal_errors
    return report.findings


def test_inputs_flow_into_the_module_and_findings_name_the_call(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
module "workers" {
  source       = "./modules/nodes"
  cluster_name = aws_eks_cluster.this.name
  node_version = "1.35"
  min_size     = 4
  max_size     = 2
}
""",
        "modules/nodes/main.tf": NODES,
    })
    assert lint_tree(tree, ["EKS201", "EKS204"]) == [
        ("modules/nodes/main.tf", 33, "EKS201", "error"),
        ("modules/nodes/main.tf", 36, "EKS204", "error"),
    ]
    f = next(f for f in _findings(tree, ["EKS204"]) if f.rule_id == "EKS204")
    assert f.message.endswith("(in the module instance called at main.tf:19)")
    assert [(s.file, s.line) for s in f.related][-1] == ("main.tf", 19)


def test_module_defaults_apply_and_a_clean_call_reports_nothing(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
module "workers" {
  source       = "./modules/nodes"
  cluster_name = "prod"
}
""",
        "modules/nodes/main.tf": NODES,
    })
    assert lint_tree(tree, ["EKS2"]) == []


def test_each_instance_of_a_for_each_call_gets_its_own_arguments(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
locals {
  groups = {
    small = { min = 1, max = 2 }
    broken = { min = 5, max = 2 }
  }
}

module "workers" {
  source       = "./modules/nodes"
  for_each     = local.groups
  cluster_name = "prod"
  min_size     = each.value.min
  max_size     = each.value.max
}
""",
        "modules/nodes/main.tf": NODES,
    })
    findings = [f for f in _findings(tree, ["EKS204"]) if f.rule_id == "EKS204"]
    assert [(f.span.file, f.span.line) for f in findings] == [("modules/nodes/main.tf", 36)]
    assert "minimum size 5" in findings[0].message
    ctx, _ = build([tree], tree)
    assert sorted(g.address for g in ctx.model.node_groups) == [
        'module.workers["broken"].aws_eks_node_group.this',
        'module.workers["small"].aws_eks_node_group.this',
    ]


def test_unknown_arguments_stay_unknown(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
variable "node_version" {
  type = string
}

data "aws_ssm_parameter" "max" {
  name = "/platform/max"
}

module "workers" {
  source       = "./modules/nodes"
  cluster_name = "prod"
  node_version = var.node_version
  min_size     = 5
  max_size     = data.aws_ssm_parameter.max.value
}
""",
        "modules/nodes/main.tf": NODES,
    })
    assert lint_tree(tree, ["EKS2"]) == []


def test_a_suppression_on_the_module_block_applies_inside(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
# ekslint: ignore[EKS204] the autoscaler owns the sizes of this group
module "workers" {
  source       = "./modules/nodes"
  cluster_name = "prod"
  min_size     = 4
  max_size     = 2
}

module "batch" {
  source       = "./modules/nodes"
  cluster_name = "prod"
  min_size     = 4
  max_size     = 2
}
""",
        "modules/nodes/main.tf": NODES,
    })
    findings = [f for f in _findings(tree, ["EKS204"]) if f.rule_id == "EKS204"]
    active = [f for f in findings if f.suppression is None]
    assert len(findings) == 2
    assert [f.message.rsplit("called at ", 1)[1] for f in active] == ["main.tf:27)"]


def test_the_call_provider_sets_the_region_of_the_module(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
module "west_nodes" {
  source       = "./modules/nodes"
  cluster_name = aws_eks_cluster.this.name
  providers = {
    aws = aws.west
  }
}

resource "aws_eks_access_entry" "west_nodes" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = module.west_nodes.role_arn
  type          = "EC2_LINUX"
}
""",
        "modules/nodes/main.tf": NODES,
    })
    ctx, _ = build([tree], tree)
    (group,) = ctx.model.node_groups
    assert group.region is not None and group.region.value == "us-west-2"
    entry = next(e for e in ctx.model.access_entries if e.address == "aws_eks_access_entry.west_nodes")
    assert entry.principal.role is not None
    assert entry.principal.role.address == "module.west_nodes.aws_iam_role.node"
    assert lint_tree(tree, ["EKS403"]) == [("modules/nodes/main.tf", 30, "EKS403", "error")]


def test_a_role_of_the_caller_passed_in_resolves_to_the_callers_role(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
resource "aws_iam_role" "node" {
  name               = "prod-nodes"
  assume_role_policy = "{}"
}

module "entries" {
  source   = "./modules/entry"
  role_arn = aws_iam_role.node.arn
}
""",
        "modules/entry/main.tf": """\
variable "role_arn" {
  type = string
}

resource "aws_iam_role" "node" {
  name               = "other-role-with-the-same-address"
  assume_role_policy = "{}"
}

resource "aws_eks_access_entry" "nodes" {
  cluster_name  = "prod"
  principal_arn = var.role_arn
  type          = "EC2_LINUX"
}
""",
    })
    ctx, _ = build([tree], tree)
    (entry,) = ctx.model.access_entries
    assert entry.address == "module.entries.aws_eks_access_entry.nodes"
    assert entry.principal.role is not None and entry.principal.role.address == "aws_iam_role.node"


def test_nested_modules_name_every_call(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
module "platform" {
  source  = "./modules/platform"
  maximum = 2
}
""",
        "modules/platform/main.tf": """\
variable "maximum" {
  type = number
}

module "workers" {
  source       = "../nodes"
  cluster_name = "prod"
  min_size     = 3
  max_size     = var.maximum
}
""",
        "modules/nodes/main.tf": NODES,
    })
    (f,) = [f for f in _findings(tree, ["EKS204"]) if f.rule_id == "EKS204"]
    assert (f.span.file, f.span.line) == ("modules/nodes/main.tf", 36)
    assert f.message.endswith("(in the module instance called at main.tf:19 → modules/platform/main.tf:5)")
    ctx, _ = build([tree], tree)
    assert [g.address for g in ctx.model.node_groups] == ["module.platform.module.workers.aws_eks_node_group.this"]


def test_a_module_called_with_count_zero_is_not_read(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + """
module "workers" {
  source       = "./modules/nodes"
  count        = 0
  cluster_name = "prod"
  min_size     = 4
  max_size     = 2
}
""",
        "modules/nodes/main.tf": NODES,
    })
    ctx, _ = build([tree], tree)
    assert ctx.model.node_groups == []
    assert lint_tree(tree, ["EKS204"]) == []


def test_a_cycle_of_modules_is_read_once_without_looping(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "a/main.tf": 'module "b" {\n  source = "../b"\n}\n',
        "b/main.tf": 'module "a" {\n  source = "../a"\n}\n'
                     'resource "aws_eks_node_group" "x" {\n  cluster_name = "prod"\n  node_group_name = "x"\n'
                     '  node_role_arn = "arn:aws:iam::111122223333:role/n"\n  subnet_ids = ["s"]\n'
                     '  scaling_config {\n    min_size = 3\n    max_size = 1\n    desired_size = 1\n  }\n}\n',
    })
    assert lint_tree(tree, ["EKS204"]) == [("b/main.tf", 10, "EKS204", "error")]


# -- --var-file ----------------------------------------------------------------------------------

VAR_ROOT = """\
variable "node_version" {
  type    = string
  default = "1.34"
}

resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/cluster"
  version  = "1.34"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

module "workers" {
  source       = "./modules/nodes"
  cluster_name = "prod"
  node_version = var.node_version
}
"""


def test_var_files_apply_to_the_root_module_in_order(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": VAR_ROOT,
        "modules/nodes/main.tf": NODES,
        "env/staging.tfvars": 'node_version = "1.34"\n',
        "env/prod.tfvars": 'node_version = "1.35"\n',
        "other.tfvars": 'node_version = "1.99"\n',
    })
    # without --var-file, other.tfvars may be a -var-file: the version is unknown
    assert lint_tree(tree, ["EKS201"]) == []
    report = run([tree], select=["EKS201"], base=tree, var_files=[tree / "env/staging.tfvars", tree / "env/prod.tfvars"])
    assert [(f.span.file, f.span.line) for f in report.findings] == [("modules/nodes/main.tf", 33)]
    assert "1.35" in report.findings[0].message
    report = run([tree], select=["EKS201"], base=tree, var_files=[tree / "env/prod.tfvars", tree / "env/staging.tfvars"])
    assert report.findings == []


def test_var_file_on_the_command_line(tmp_path: Path, monkeypatch) -> None:
    from ekslint import cli

    tree = _tree(tmp_path, {
        "main.tf": VAR_ROOT,
        "modules/nodes/main.tf": NODES,
        "prod.tfvars": 'node_version = "1.35"\n',
    })
    monkeypatch.chdir(tree)
    assert cli.run_check(["."], select=["EKS201"], quiet=True, no_cache=True) == 0
    assert cli.run_check(["."], select=["EKS201"], quiet=True, no_cache=True, var_files=[Path("prod.tfvars")]) == 1
    assert cli.run_check(["."], quiet=True, no_cache=True, var_files=[Path("missing.tfvars")]) == 2


def test_a_partial_run_on_the_caller_reports_what_its_arguments_break(tmp_path: Path, monkeypatch, capsys) -> None:
    from ekslint import cli

    tree = _tree(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        "main.tf": CLUSTER + '\nmodule "workers" {\n  source       = "./modules/nodes"\n  cluster_name = "prod"\n'
                   '  min_size     = 4\n  max_size     = 2\n}\n',
        "modules/nodes/main.tf": NODES,
        "other.tf": "locals {\n  x = 1\n}\n",
    })
    monkeypatch.chdir(tree)
    assert cli.run_check(["main.tf"], select=["EKS204"], quiet=True, no_cache=True) == 1
    assert capsys.readouterr().out.startswith("modules/nodes/main.tf:36:")
    assert cli.run_check(["other.tf"], select=["EKS204"], quiet=True, no_cache=True) == 0


def test_sarif_and_json_name_the_call_as_a_related_location(tmp_path: Path) -> None:
    import json

    from ekslint.report import render
    from tests.test_sarif import validate

    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + '\nmodule "workers" {\n  source       = "./modules/nodes"\n  cluster_name = "prod"\n'
                   '  min_size     = 4\n  max_size     = 2\n}\n',
        "modules/nodes/main.tf": NODES,
    })
    report = run([tree], select=["EKS204"], base=tree)
    log = json.loads(render(report, "sarif", base=str(tree)))
    validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "modules/nodes/main.tf"
    related = [(r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"]["region"]["startLine"])
               for r in result["relatedLocations"]]
    assert related[-1] == ("main.tf", 19)
    (finding,) = json.loads(render(report, "json", base=str(tree)))["findings"]
    assert (finding["related"][-1]["file"], finding["related"][-1]["line"]) == ("main.tf", 19)


def test_messages_name_a_passed_reference_as_the_caller_wrote_it(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": """\
resource "aws_iam_role" "karpenter_node" {
  name               = "karpenter-node"
  assume_role_policy = "{}"
}

module "karpenter_config" {
  source    = "./modules/karpenter-config"
  node_role = aws_iam_role.karpenter_node.arn
}
""",
        "modules/karpenter-config/main.tf": """\
variable "node_role" {
  type = string
}

resource "kubectl_manifest" "nodeclass" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      amiSelectorTerms:
        - alias: al2023@latest
      role: ${var.node_role}
      subnetSelectorTerms:
        - tags:
            karpenter.sh/discovery: prod
      securityGroupSelectorTerms:
        - tags:
            karpenter.sh/discovery: prod
  YAML
}
""",
    })
    (f,) = [f for f in _findings(tree, ["EKS505"]) if f.rule_id == "EKS505"]
    assert (f.span.file, f.span.line) == ("modules/karpenter-config/main.tf", 14)
    assert "set from aws_iam_role.karpenter_node.arn, a role ARN" in f.message
    assert "use aws_iam_role.karpenter_node.name instead (in the module instance called at main.tf:6)" in f.message


# -- a configuration written the way platform teams write them -------------------------------------

PLATFORM = Path(__file__).resolve().parent / "data" / "terraform" / "platform"


def _platform(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    import shutil

    tree = tmp_path / "infra"
    shutil.copytree(PLATFORM, tree)
    for rel, (old, new) in edits.items():
        p = tree / rel
        text = p.read_text()
        assert old in text
        p.write_text(text.replace(old, new))
    return tree


def test_platform_configuration_is_clean(tmp_path: Path) -> None:
    assert lint_tree(_platform(tmp_path, {})) == []


def test_platform_configuration_mistakes_are_found_inside_the_modules(tmp_path: Path) -> None:
    tree = _platform(tmp_path, {
        "envs/prod/terraform.tfvars": ("    min_size       = 2", "    min_size       = 5"),
        "envs/prod/main.tf": ("node_role     = module.karpenter.node_iam_role_name",
                              "node_role     = module.karpenter.node_iam_role_arn"),
    })
    assert lint_tree(tree) == [
        ("modules/karpenter-config/nodeclass.yaml.tftpl", 8, "EKS505", "warning"),
        ("modules/nodegroup/main.tf", 48, "EKS204", "error"),
    ]


ENTRY_MODULE = """\
variable "name" {
  type = string
}

variable "admin_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/admins"
}

data "aws_iam_session_context" "current" {
  arn = "arn:aws:sts::111122223333:assumed-role/deployer/session"
}

resource "aws_eks_cluster" "this" {
  name     = var.name
  role_arn = "arn:aws:iam::111122223333:role/cluster"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "creator" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = data.aws_iam_session_context.current.issuer_arn
}

resource "aws_eks_access_entry" "admins" {
  cluster_name  = "shared"
  principal_arn = var.admin_arn
}
"""


def test_objects_of_two_instances_are_not_taken_for_one(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": """\
module "blue" {
  source = "./modules/cluster"
  name   = "blue-${terraform.workspace}"
}

module "green" {
  source = "./modules/cluster"
  name   = "green-${terraform.workspace}"
}
""",
        "modules/cluster/main.tf": ENTRY_MODULE,
    })
    # the creator entries name the same reference text, but each belongs to its own instance;
    # the admins entries are a real duplicate: the same principal on the cluster "shared"
    findings = [f for f in _findings(tree, ["EKS459"]) if f.rule_id == "EKS459"]
    assert [(f.span.file, f.span.line) for f in findings] == [("modules/cluster/main.tf", 32)]
    ctx, _ = build([tree], tree)
    refs = sorted(e.principal.value.ref for e in ctx.model.access_entries if e.principal.value.ref)
    assert refs == [
        "module.blue :: data.aws_iam_session_context.current.issuer_arn",
        "module.green :: data.aws_iam_session_context.current.issuer_arn",
    ]


def test_a_template_path_built_on_the_callers_path_module_names_the_callers_file(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": """\
module "nodes" {
  source        = "./modules/launch-template"
  template_path = "${path.module}/templates/userdata.sh.tpl"
  cluster_name  = "prod"
}
""",
        "templates/userdata.sh.tpl": "#!/bin/bash\n/etc/eks/bootstrap.sh ${cluster_name} --apiserver-endpont https://x\n",
        "modules/launch-template/main.tf": """\
variable "template_path" {
  type = string
}

variable "cluster_name" {
  type = string
}

resource "aws_launch_template" "this" {
  name_prefix = "nodes-"
  user_data   = base64encode(templatefile(var.template_path, { cluster_name = var.cluster_name }))
}
""",
    })
    (f,) = [f for f in _findings(tree, ["EKS317"]) if f.rule_id == "EKS317"]
    assert (f.span.file, f.span.line) == ("templates/userdata.sh.tpl", 2)
    assert f.message.endswith("(in the module instance called at main.tf:1)")  # read through the module, once


def test_a_partial_run_on_a_template_checks_it_through_the_terraform_that_renders_it(tmp_path: Path, monkeypatch, capsys) -> None:
    from ekslint import cli

    tree = _tree(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        "main.tf": 'module "nodes" {\n  source        = "./modules/launch-template"\n'
                   '  template_path = "${path.module}/templates/userdata.sh.tpl"\n  cluster_name  = "prod"\n}\n',
        "templates/userdata.sh.tpl": "#!/bin/bash\n/etc/eks/bootstrap.sh ${cluster_name} --apiserver-endpont https://x\n",
        "modules/launch-template/main.tf": 'variable "template_path" {}\nvariable "cluster_name" {}\n'
                                           'resource "aws_launch_template" "this" {\n'
                                           '  user_data = base64encode(templatefile(var.template_path, { cluster_name = var.cluster_name }))\n}\n',
    })
    monkeypatch.chdir(tree)
    assert cli.run_check(["templates/userdata.sh.tpl"], select=["EKS317"], quiet=True, no_cache=True) == 0  # a warning
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("templates/userdata.sh.tpl:2:")
    assert out[0].endswith("(in the module instance called at main.tf:1)")


def test_gitlab_fingerprints_keep_instances_apart_and_survive_a_moved_call(tmp_path: Path) -> None:
    from ekslint.report.gitlab import issues

    calls = ('module "a" {\n  source = "./modules/nodes"\n  cluster_name = "prod"\n  min_size = 4\n  max_size = 2\n}\n'
             'module "b" {\n  source = "./modules/nodes"\n  cluster_name = "prod"\n  min_size = 4\n  max_size = 2\n}\n')
    tree = _tree(tmp_path, {"main.tf": calls, "modules/nodes/main.tf": NODES})
    first = [i["fingerprint"] for i in issues(run([tree], select=["EKS204"], base=tree))]
    (tree / "main.tf").write_text("locals {\n  owner = \"platform\"\n}\n\n" + calls)
    moved = [i["fingerprint"] for i in issues(run([tree], select=["EKS204"], base=tree))]
    assert len(set(first)) == 2
    assert sorted(first) == sorted(moved)
