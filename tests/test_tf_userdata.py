"""User data in Terraform: templatefile() templates, file(), heredocs and cloudinit_config parts.

Each test writes a small Terraform tree and asserts the exact findings: NodeConfig, MIME and
bootstrap.sh rules run on the rendered user data and report on the template's own lines, even
when `%{ if }` / `%{ for }` directives drop or repeat lines; unknown values keep them silent.
"""

from __future__ import annotations

from pathlib import Path

from ekslint.engine import run
from ekslint.report import suppression_of
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


# -- one template, several readers -----------------------------------------------------------------

SHARED = '''
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: ${cluster_name}
    apiServerEndpoint: ${endpoint}
    certificateAuthority: ${ca}
    cidr: ${cidr}
  kubelet:
    flags:
      - --node-labels=node-role.kubernetes.io/worker=true
'''


def _shared_lt(name: str, cidr: str) -> str:
    return _lt(f'''base64encode(templatefile("${{path.module}}/nodeconfig.yaml", {{
    cluster_name = aws_eks_cluster.this.name
    endpoint     = aws_eks_cluster.this.endpoint
    ca           = aws_eks_cluster.this.certificate_authority[0].data
    cidr         = "{cidr}"
  }}))''', name)


def test_two_launch_templates_with_different_variables(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + _shared_lt("a", "10.100.0.300/16") + _shared_lt("b", "10.100.0.0/16")
        + _managed("a", name="a") + _managed("b", name="b"),
        "nodeconfig.yaml": SHARED,
    })
    # the bad CIDR of `a` once; the literal label flag, the same for both, once
    assert lint_tree(tree) == [
        ("nodeconfig.yaml", 8, "EKS305", "error"),
        ("nodeconfig.yaml", 11, "EKS327", "error"),
    ]
    # a key both leave out: one finding, not one per launch template
    (tree / "nodeconfig.yaml").write_text(SHARED.lstrip("\n").replace("    cidr: ${cidr}\n", ""))
    assert lint_tree(tree) == [
        ("nodeconfig.yaml", 4, "EKS301", "error"),
        ("nodeconfig.yaml", 10, "EKS327", "error"),
    ]


def test_consumed_template_is_not_also_read_on_its_own(tmp_path: Path) -> None:
    # Read on its own, this NodeConfig lacks `cidr` (EKS301) and its `${...}` are no values; read
    # through its node group (an EKS AMI: EKS supplies the cluster details) nothing is missing.
    template = SHARED.replace("    cidr: ${cidr}\n", "").replace("worker=true", "worker")
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + _shared_lt("nodes", "unused") + _managed(ami_type="AL2023_x86_64_STANDARD"),
        "nodeconfig.yaml": template,
    })
    assert lint_tree(tree) == [("nodeconfig.yaml", 10, "EKS327", "error")]
    # not consumed by anything: the standalone file is checked as before
    (tree / "main.tf").write_text(CLUSTER)
    assert lint_tree(tree) == [
        ("nodeconfig.yaml", 4, "EKS301", "error"),
        ("nodeconfig.yaml", 10, "EKS327", "error"),
    ]


# -- AL2 bootstrap.sh ---------------------------------------------------------------------------------

BOOTSTRAP_TPL = '''
#!/bin/bash
set -o xtrace
%{ if length(extra) > 0 ~}
echo "${extra}" >> /etc/extra
%{ endif ~}
/etc/eks/bootstrap.sh ${cluster_name} --b64-cluster-ca ${ca} --apiserver-endpoint ${ep} \\
  --max-pods 110 --container-runtime dockerd
'''

BOOTSTRAP_CALL = '''base64encode(templatefile("${path.module}/userdata.sh.tpl", {
    cluster_name = aws_eks_cluster.this.name
    ca           = aws_eks_cluster.this.certificate_authority[0].data
    ep           = aws_eks_cluster.this.endpoint
    extra        = EXTRA
  }))'''

ASG = '''
resource "aws_autoscaling_group" "nodes" {
  name             = "nodes"
  min_size         = 1
  max_size         = 2
  desired_capacity = 1
  launch_template {
    id      = aws_launch_template.nodes.id
    version = "$Latest"
  }
}
'''


def test_bootstrap_sh_template_of_a_self_managed_group(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + _lt(BOOTSTRAP_CALL.replace("EXTRA", '"x"')) + ASG,
        "userdata.sh.tpl": BOOTSTRAP_TPL,
    })
    assert lint_tree(tree) == [
        ("userdata.sh.tpl", 6, "EKS321", "warning"),  # endpoint and CA without --dns-cluster-ip
        ("userdata.sh.tpl", 7, "EKS317", "warning"),  # --max-pods
        ("userdata.sh.tpl", 7, "EKS322", "error"),  # --container-runtime dockerd
    ]


def test_bootstrap_sh_template_with_unknown_block_before_the_call(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": 'variable "extra" {}\n' + CLUSTER + _lt(BOOTSTRAP_CALL.replace("EXTRA", "var.extra")) + ASG,
        "userdata.sh.tpl": BOOTSTRAP_TPL,
    })
    assert lint_tree(tree) == [
        ("userdata.sh.tpl", 6, "EKS321", "warning"),
        ("userdata.sh.tpl", 7, "EKS317", "warning"),
        ("userdata.sh.tpl", 7, "EKS322", "error"),
    ]


def test_bootstrap_sh_with_unknown_arguments_reports_nothing(tmp_path: Path) -> None:
    template = '''
#!/bin/bash
/etc/eks/bootstrap.sh ${cluster_name} ${bootstrap_extra_args}
'''
    tree = _tree(tmp_path, {
        "main.tf": 'variable "args" {}\n' + CLUSTER + _lt('''base64encode(templatefile("${path.module}/userdata.sh.tpl", {
    cluster_name = aws_eks_cluster.this.name
    bootstrap_extra_args = var.args
  }))''') + ASG,
        "userdata.sh.tpl": template,
    })
    assert lint_tree(tree) == []


CONTINUED = '''
#!/bin/bash
/etc/eks/bootstrap.sh ${cluster_name} \\
%{ if use_ca ~}
  --b64-cluster-ca ${ca} \\
%{ endif ~}
  --apiserver-endpoint ${ep}
'''


def test_unknown_block_inside_a_continued_bootstrap_call(tmp_path: Path) -> None:
    call = BOOTSTRAP_CALL.replace("userdata.sh.tpl", "cont.sh.tpl").replace("extra        = EXTRA", "use_ca = USE_CA")
    tree = _tree(tmp_path, {
        "main.tf": 'variable "use_ca" {}\n' + CLUSTER + _lt(call.replace("USE_CA", "var.use_ca")) + ASG,
        "cont.sh.tpl": CONTINUED,
    })
    assert lint_tree(tree) == []  # the CA may be passed
    (tree / "main.tf").write_text(CLUSTER + _lt(call.replace("USE_CA", "false")) + ASG)
    assert lint_tree(tree) == [("cont.sh.tpl", 6, "EKS318", "warning")]


# -- terraform-aws-eks node groups --------------------------------------------------------------------

MODULE = '''
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "prod"
  cluster_version = "1.31"

  eks_managed_node_groups = {
    nodeadm = {
      ami_type = "AL2023_x86_64_STANDARD"
      cloudinit_pre_nodeadm = [{
        content_type = "application/node.eks.aws"
        content      = templatefile("${path.module}/templates/kubelet.yaml.tpl", { max_pods = 110, gates = var.gates })
      }]
    }
  }

  self_managed_node_groups = {
    al2 = {
      ami_type                = "AL2_x86_64"
      user_data_template_path = "${path.module}/templates/al2.sh.tpl"
      bootstrap_extra_args    = "--kubelet-extra-args '--max-pods=20'"
    }
    pre = {
      ami_type                = "AL2_x86_64"
      pre_bootstrap_user_data = templatefile("${path.module}/templates/pre.sh.tpl", { n = 2 })
    }
  }
}

variable "gates" {}
'''

KUBELET_TPL = '''
---
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
%{ if gates != null ~}
  featureGates:
    InstanceIdNodeName: true
%{ endif ~}
  kubelet:
    config:
      maxPods: ${max_pods}
    flags:
      - --node-labels=node-role.kubernetes.io/worker=true
'''

AL2_TPL = '''
#!/bin/bash
set -e
${pre_bootstrap_user_data ~}
/etc/eks/bootstrap.sh ${cluster_name} --b64-cluster-ca ${cluster_auth_base64} \\\\
  --apiserver-endpoint ${cluster_endpoint} --container-runtime dockerd ${bootstrap_extra_args}
${post_bootstrap_user_data}
'''

PRE_TPL = '''
#!/bin/bash
%{ for i in range(n) ~}
echo ${i}
%{ endfor ~}
/etc/eks/bootstrap.sh --enable-docker-bridge true --cluster-id abc
'''


def test_module_node_groups_read_their_templates(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": MODULE,
        "templates/kubelet.yaml.tpl": KUBELET_TPL,
        "templates/al2.sh.tpl": AL2_TPL,
        "templates/pre.sh.tpl": PRE_TPL,
    })
    assert lint_tree(tree, ["EKS3"]) == [
        ("templates/al2.sh.tpl", 4, "EKS321", "warning"),  # the line after the dropped `${pre_bootstrap_user_data ~}`
        ("templates/al2.sh.tpl", 5, "EKS322", "error"),
        ("templates/kubelet.yaml.tpl", 13, "EKS327", "error"),
        ("templates/pre.sh.tpl", 5, "EKS316", "error"),
    ]


# -- file(), heredocs, base64gzip, cloudinit_config -----------------------------------------------------

MIME_NODECONFIG = '''MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: application/node.eks.aws

apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: prod
    apiServerEndpoint: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com
    certificateAuthority: Zm9v
    cidr: 10.100.0.0/33

--BOUNDARY--
'''


def test_file_user_data(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + _lt('filebase64("${path.module}/userdata.mime")') + _managed(),
        "userdata.mime": MIME_NODECONFIG,
    })
    assert lint_tree(tree) == [("userdata.mime", 14, "EKS305", "error")]  # read once, through the launch template
    (tree / "main.tf").write_text(CLUSTER + _lt('base64encode(file("${path.module}/userdata.mime"))') + _managed())
    assert lint_tree(tree) == [("userdata.mime", 14, "EKS305", "error")]


def test_heredoc_user_data_with_directives(tmp_path: Path) -> None:
    heredoc = '''base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="BOUNDARY"

    --BOUNDARY
    Content-Type: application/node.eks.aws

    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: ${aws_eks_cluster.this.name}
        apiServerEndpoint: ${aws_eks_cluster.this.endpoint}
        certificateAuthority: ${aws_eks_cluster.this.certificate_authority[0].data}
    %{~ for k in ["a", "b"] }
        # ${k}
    %{~ endfor }
        cidr: 10.100.0.0/33

    --BOUNDARY--
    EOT
  )'''
    tree = _tree(tmp_path, {"main.tf": CLUSTER + _lt(heredoc) + _managed()})
    assert lint_tree(tree) == [("main.tf", 28, "EKS305", "error")]


def test_base64gzip_is_read_through(tmp_path: Path) -> None:
    # nodeadm and cloud-init gunzip user data (nodeadm's configprovider), so it is checked as written
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + _lt('base64gzip(file("${path.module}/userdata.mime"))') + _managed(),
        "userdata.mime": MIME_NODECONFIG,
    })
    assert lint_tree(tree) == [("userdata.mime", 14, "EKS305", "error")]


def test_user_data_of_a_data_source_or_unknown_file_reports_nothing(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "main.tf": 'variable "name" {}\n' + CLUSTER
        + _lt('base64encode(file("${path.module}/${var.name}.mime"))', "a")
        + _lt("data.aws_ssm_parameter.user_data.value", "b") + _managed("a", name="a") + _managed("b", name="b"),
        "userdata.mime": MIME_NODECONFIG.replace("10.100.0.0/33", "10.100.0.0/16"),
    })
    assert lint_tree(tree) == []


def test_cloudinit_config_parts(tmp_path: Path) -> None:
    lt = '''
resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  user_data   = data.cloudinit_config.nodes.rendered
}

data "cloudinit_config" "nodes" {
  gzip          = false
  base64_encode = true

  part {
    content_type = "text/x-shellscript"
    content      = file("${path.module}/pre.sh")
  }

  part {
    content_type = "application/node.eks.aws"
    content      = templatefile("${path.module}/nodeconfig.yaml.tpl", { cidr = var.cidr, endpoint = var.endpoint })
  }
}

variable "cidr" {
  default = "10.100.0.0/33"
}
variable "endpoint" {}
'''
    nodeconfig = '''
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: prod
    apiServerEndpoint: ${endpoint}
    certificateAuthority: Zm9v
    cidr: ${cidr}
'''
    tree = _tree(tmp_path, {
        "main.tf": CLUSTER + lt + _managed(),
        "pre.sh": "#!/bin/bash\necho hello\n",
        "nodeconfig.yaml.tpl": nodeconfig,
    })
    assert lint_tree(tree) == [("nodeconfig.yaml.tpl", 8, "EKS305", "error")]
    (tree / "main.tf").write_text((tree / "main.tf").read_text().replace(
        'default = "10.100.0.0/33"', "# no default"))
    assert lint_tree(tree) == []


def test_suppression_comment_in_the_template(tmp_path: Path) -> None:
    template = NODECONFIG_DIRECTIVES.replace(
        "    cidr: ${cidr}\n", "    cidr: ${cidr}  # ekslint: ignore[EKS305] lab cluster, replaced at apply\n")
    report = run([_directive_tree(tmp_path, template)], base=tmp_path)
    assert [(f.span.file, f.span.line, f.rule_id, suppression_of(f) is not None) for f in report.findings] == [
        ("userdata.yaml.tpl", 16, "EKS305", True),
        ("userdata.yaml.tpl", 19, "EKS327", False),
    ]


def test_schema_rules_run_on_the_rendered_template(tmp_path: Path) -> None:
    template = NODECONFIG_DIRECTIVES.replace("    flags:", "    flag:")
    assert lint_tree(_directive_tree(tmp_path, template)) == [
        ("userdata.yaml.tpl", 16, "EKS305", "error"),
        ("userdata.yaml.tpl", 18, "EKS013", "warning"),  # `flag` for `flags`, after lines the directives moved
    ]


def test_text_whose_lines_are_not_a_files_lines_is_reported_on_the_expression(tmp_path: Path) -> None:
    quoted = '"#!/bin/bash\\nset -e\\n/etc/eks/bootstrap.sh prod --container-runtime dockerd\\n"'
    tree = _tree(tmp_path, {"main.tf": CLUSTER + _lt(f"base64encode({quoted})") + ASG})
    assert lint_tree(tree) == [("main.tf", 11, "EKS322", "error")]


def test_trimspace_and_chomp_keep_the_template_lines(tmp_path: Path) -> None:
    template = "\n\n#!/bin/bash\nset -e\n%{ if true ~}\n\n%{ endif ~}\n/etc/eks/bootstrap.sh prod --container-runtime dockerd\n\n"
    for fn in ("trimspace", "chomp"):
        tree = _tree(tmp_path, {
            "main.tf": CLUSTER + _lt(f'base64encode({fn}(templatefile("${{path.module}}/u.sh.tpl", {{}})))') + ASG,
        })
        (tree / "u.sh.tpl").write_text(template)  # with its leading blank lines
        assert lint_tree(tree) == [("u.sh.tpl", 8, "EKS322", "error")], fn


# -- data "template_file" (the template provider) ---------------------------------------------------

TEMPLATE_FILE = """\
data "template_file" "userdata" {
  template = file("${path.module}/userdata.sh.tpl")
  vars = {
    cluster_name = "prod"
    endpoint     = %s
  }
}

resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  image_id    = "ami-0123456789abcdef0"
  user_data   = base64encode(data.template_file.userdata.rendered)
}
"""

TEMPLATE_SH = """\
#!/bin/bash
set -o xtrace
/etc/eks/bootstrap.sh ${cluster_name} --apiserver-endpont ${endpoint} --b64-cluster-ca LS0tLS1CRUdJTg==
"""


def test_template_file_data_source_is_rendered_like_templatefile(tmp_path: Path) -> None:
    endpoint = '"https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com"'
    tree = _tree(tmp_path, {"main.tf": TEMPLATE_FILE % endpoint, "userdata.sh.tpl": TEMPLATE_SH})
    assert lint_tree(tree, ["EKS317"]) == [("userdata.sh.tpl", 3, "EKS317", "warning")]
    report = run([tree], select=["EKS317"], base=tree)
    assert "`--apiserver-endpont`" in report.findings[0].message


def test_template_file_with_unknown_vars_reports_nothing_about_them(tmp_path: Path) -> None:
    text = TEMPLATE_FILE % "aws_eks_cluster.this.endpoint"
    tree = _tree(tmp_path, {"main.tf": text, "userdata.sh.tpl": TEMPLATE_SH.replace("--apiserver-endpont", "--apiserver-endpoint")})
    # the endpoint is unknown, not missing: no finding about it or about the CA that needs it
    assert lint_tree(tree, ["EKS317", "EKS318"]) == []
