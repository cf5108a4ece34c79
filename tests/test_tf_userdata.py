"""User data in Terraform: templatefile() templates, file(), heredocs and cloudinit_config parts.

Each test writes a small Terraform tree and asserts the exact findings: NodeConfig, MIME and
bootstrap.sh rules run on the rendered user data and report on the template's own lines, even
when `%{ if }` / `%{ for }` directives drop or repeat lines; unknown values keep them silent.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import lint_tree

CLUSTER = '''
resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/cluster"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
'''


def _managed(lt: str = "nodes", ami_type: str = "CUSTOM", name: str = "ng") -> str:
    return f'''
resource "aws_eks_node_group" "{name}" {{
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "{name}"
  node_role_arn   = "arn:aws:iam::111122223333:role/nodes"
  subnet_ids      = ["subnet-1"]
  ami_type        = "{ami_type}"
  scaling_config {{
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }}
  launch_template {{
    id      = aws_launch_template.{lt}.id
    version = "$Latest"
  }}
}}
'''


def _lt(user_data: str, name: str = "nodes") -> str:
    return f'''
resource "aws_launch_template" "{name}" {{
  name_prefix = "{name}-"
  user_data   = {user_data}
}}
'''


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text.lstrip("\n"))
    return tmp_path


NODECONFIG_DIRECTIVES = '''
---
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: ${cluster_name}
    apiServerEndpoint: ${endpoint}
    certificateAuthority: ${ca}
%{ if extra ~}
    # extra
    # lines
%{ endif ~}
%{ for l in labels ~}
    # label ${l}
%{ endfor ~}
    cidr: ${cidr}
  kubelet:
    flags:
      - --node-labels=node-role.kubernetes.io/worker=true
'''

TEMPLATEFILE = '''base64encode(templatefile("${path.module}/userdata.yaml.tpl", {
    cluster_name = aws_eks_cluster.this.name
    endpoint     = aws_eks_cluster.this.endpoint
    ca           = aws_eks_cluster.this.certificate_authority[0].data
    cidr         = var.cidr
    extra        = var.extra
    labels       = ["a=b", "c=d"]
  }))'''


def _variables(cidr: str | None = '"10.100.0.300/16"', extra: str | None = "true") -> str:
    out = ""
    for name, default in (("cidr", cidr), ("extra", extra)):
        out += f'variable "{name}" {{\n' + (f"  default = {default}\n" if default is not None else "") + "}\n"
    return out


def _directive_tree(tmp_path: Path, template: str = NODECONFIG_DIRECTIVES, **variables: str | None) -> Path:
    return _tree(tmp_path, {
        "main.tf": _variables(**variables) + CLUSTER + _lt(TEMPLATEFILE) + _managed(),
        "userdata.yaml.tpl": template,
    })


# -- templatefile() with directives --------------------------------------------------------------


def test_directives_that_drop_and_repeat_lines_keep_findings_on_the_template_lines(tmp_path: Path) -> None:
    # `%{ if }` keeps two lines and drops its own two, `%{ for }` repeats one line twice
    assert lint_tree(_directive_tree(tmp_path)) == [
        ("userdata.yaml.tpl", 16, "EKS305", "error"),
        ("userdata.yaml.tpl", 19, "EKS327", "error"),
    ]


def test_false_condition_and_empty_collection(tmp_path: Path) -> None:
    tree = _directive_tree(tmp_path, extra="false")
    (tree / "main.tf").write_text((tree / "main.tf").read_text().replace('["a=b", "c=d"]', "[]"))
    assert lint_tree(tree) == [
        ("userdata.yaml.tpl", 16, "EKS305", "error"),
        ("userdata.yaml.tpl", 19, "EKS327", "error"),
    ]


def test_unknown_condition_and_collection_still_map_the_lines_around_them(tmp_path: Path) -> None:
    # `extra` has no default and `labels` comes from a data source: both blocks are unknown
    tree = _directive_tree(tmp_path, extra=None)
    (tree / "main.tf").write_text((tree / "main.tf").read_text().replace(
        '["a=b", "c=d"]', "data.aws_ssm_parameter.labels.insecure_value"))
    assert lint_tree(tree) == [
        ("userdata.yaml.tpl", 16, "EKS305", "error"),
        ("userdata.yaml.tpl", 19, "EKS327", "error"),
    ]


def test_unknown_cidr_value_is_not_reported(tmp_path: Path) -> None:
    # `cidr: ${cidr}` with a variable without default: the key is there, its value unknown
    assert lint_tree(_directive_tree(tmp_path, cidr=None)) == [("userdata.yaml.tpl", 19, "EKS327", "error")]


def test_cidr_absent_from_the_template_is_reported_although_other_values_are_unknown(tmp_path: Path) -> None:
    template = NODECONFIG_DIRECTIVES.replace("    cidr: ${cidr}\n", "")
    assert lint_tree(_directive_tree(tmp_path, template, cidr=None)) == [
        ("userdata.yaml.tpl", 5, "EKS301", "error"),  # the `cluster:` key
        ("userdata.yaml.tpl", 18, "EKS327", "error"),
    ]


def test_key_inside_an_unknown_block_is_not_called_missing(tmp_path: Path) -> None:
    template = NODECONFIG_DIRECTIVES.replace("    # extra\n    # lines\n", "    cidr: ${cidr}\n").replace(
        "    cidr: ${cidr}\n  kubelet", "  kubelet")
    assert "cidr" in template.split("%{ endif")[0]
    assert lint_tree(_directive_tree(tmp_path, template, extra=None)) == [("userdata.yaml.tpl", 17, "EKS327", "error")]
    # with a known condition that drops it, it is missing
    assert lint_tree(_directive_tree(tmp_path, template, extra="false")) == [
        ("userdata.yaml.tpl", 5, "EKS301", "error"),
        ("userdata.yaml.tpl", 17, "EKS327", "error"),
    ]


def test_everything_unknown_reports_nothing(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": 'variable "vars" {}\n' + CLUSTER + _lt(
            'base64encode(templatefile("${path.module}/userdata.yaml.tpl", var.vars))') + _managed(),
        "userdata.yaml.tpl": NODECONFIG_DIRECTIVES,
    })
    assert lint_tree(tree) == []


def test_value_spanning_several_lines_falls_back_to_the_templatefile_call(tmp_path: Path) -> None:
    template = '''
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
${cluster}
  kubelet:
    flags:
      - --node-labels=node-role.kubernetes.io/worker=true
'''
    block = ("    name: prod\\n    apiServerEndpoint: https://example.com\\n"
             "    certificateAuthority: Zm9v\\n    cidr: 10.100.0.300/16")
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + _lt(f'base64encode(templatefile("${{path.module}}/userdata.yaml.tpl", {{ cluster = "{block}" }}))')
        + _managed(),
        "userdata.yaml.tpl": template,
    })
    assert lint_tree(tree) == [
        ("main.tf", 11, "EKS305", "error"),  # inside the interpolated value: the templatefile() call
        ("userdata.yaml.tpl", 8, "EKS327", "error"),
    ]
