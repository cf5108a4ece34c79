"""helm_release values in Terraform: objects of raw charts and the Karpenter chart's controller role."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekslint.engine import build
from tests.helpers import lint_tree

NODEPOOL = """\
resource "helm_release" "nodepools" {
  name       = "karpenter-nodepools"
  repository = "https://bedag.github.io/helm-charts/"
  chart      = "raw"
  values = [
    <<-EOT
    resources:
      - apiVersion: karpenter.sh/v1
        kind: NodePool
        metadata:
          name: default
        spec:
          template:
            spec:
              nodeClassRef:
                group: karpenter.k8s.aws
                kind: %s
                name: default
    EOT
  ]
%s}
"""


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def _findings(tmp_path: Path, files: dict[str, str], rule: str) -> list[tuple[str, int, str]]:
    return [(p, line, sev) for p, line, rid, sev in lint_tree(_tree(tmp_path, files), [rule]) if rid == rule]


def test_raw_chart_nodepool_in_heredoc_is_checked_on_its_tf_line(tmp_path: Path) -> None:
    assert _findings(tmp_path, {"main.tf": NODEPOOL % ("NodeClass", "")}, "EKS513") == [("main.tf", 17, "error")]


def test_good_nodepool_in_raw_chart_is_quiet(tmp_path: Path) -> None:
    assert _findings(tmp_path, {"main.tf": NODEPOOL % ("EC2NodeClass", "")}, "EKS513") == []


def test_set_overrides_a_value_of_the_values_document(tmp_path: Path) -> None:
    bad_set = """\
  set {
    name  = "resources[0].spec.template.spec.nodeClassRef.kind"
    value = "NodeClass"
  }
"""
    assert _findings(tmp_path, {"main.tf": NODEPOOL % ("EC2NodeClass", bad_set)}, "EKS513") == [("main.tf", 23, "error")]


def test_set_fixes_a_value_of_the_values_document(tmp_path: Path) -> None:
    fix = """\
  set = [{
    name  = "resources[0].spec.template.spec.nodeClassRef.kind"
    value = "EC2NodeClass"
  }]
"""
    assert _findings(tmp_path, {"main.tf": NODEPOOL % ("NodeClass", fix)}, "EKS513") == []


def test_unknown_interpolation_reports_nothing(tmp_path: Path) -> None:
    files = {"main.tf": NODEPOOL % ("${var.kind}", "") + 'variable "kind" {\n  type = string\n}\n'}
    assert _findings(tmp_path, files, "EKS513") == []


def test_unknown_values_document_hides_what_came_before(tmp_path: Path) -> None:
    text = (NODEPOOL % ("NodeClass", "")).replace("    EOT\n  ]", "    EOT\n    , data.external.values.result.yaml\n  ]")
    assert _findings(tmp_path, {"main.tf": text}, "EKS513") == []


def test_dynamic_set_hides_the_values(tmp_path: Path) -> None:
    dyn = """\
  dynamic "set" {
    for_each = var.overrides
    content {
      name  = set.key
      value = set.value
    }
  }
"""
    assert _findings(tmp_path, {"main.tf": NODEPOOL % ("NodeClass", dyn)}, "EKS513") == []


YAMLENCODE = """\
resource "helm_release" "classes" {
  name  = "karpenter-classes"
  chart = "raw"
  values = [yamlencode({
    resources = [
      {
        apiVersion = "karpenter.k8s.aws/v1"
        kind       = "EC2NodeClass"
        metadata   = { name = "default" }
        spec = {
          role                       = "arn:aws:iam::111122223333:role/KarpenterNodeRole-prod"
          amiSelectorTerms           = [{ alias = "al2023@latest" }]
          subnetSelectorTerms        = [{ tags = { "karpenter.sh/discovery" = "prod" } }]
          securityGroupSelectorTerms = [{ tags = { "karpenter.sh/discovery" = "prod" } }]
        }
      }
    ]
  })]
}
"""


def test_yamlencode_values_keep_their_hcl_lines(tmp_path: Path) -> None:
    assert _findings(tmp_path, {"main.tf": YAMLENCODE}, "EKS505") == [("main.tf", 11, "warning")]


def test_values_from_file_point_into_that_file(tmp_path: Path) -> None:
    files = {
        "main.tf": 'resource "helm_release" "x" {\n  chart  = "raw"\n  values = [file("${path.module}/values.yaml")]\n}\n',
        "values.yaml": (NODEPOOL % ("NodeClass", "")).split("<<-EOT\n", 1)[1].split("    EOT", 1)[0].replace("\n    ", "\n")[4:],
    }
    got = _findings(tmp_path, files, "EKS513")
    assert got == [("values.yaml", 11, "error")]


TEMPLATES = """\
resource "helm_release" "nodepools" {
  name       = "nodepools"
  repository = "https://dysnix.github.io/charts"
  chart      = "raw"
  values = [
    <<-EOT
    templates:
      - |
        apiVersion: karpenter.sh/v1
        kind: NodePool
        metadata:
          name: {{ .Release.Name }}
        spec:
          template:
            spec:
              nodeClassRef:
                group: karpenter.k8s.aws
                kind: Ec2NodeClass
                name: default
    EOT
  ]
}
"""


def test_templates_strings_with_helm_directives(tmp_path: Path) -> None:
    assert _findings(tmp_path, {"main.tf": TEMPLATES}, "EKS513") == [("main.tf", 18, "error")]


AWS_AUTH = """\
resource "aws_iam_role" "nodes" {
  name               = "prod-nodes"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}

resource "helm_release" "aws_auth" {
  name  = "aws-auth"
  chart = "itscontained/raw"
  values = [
    <<-EOT
    resources:
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: aws-auth
          namespace: kube-system
        data:
          mapRoles: |
            - rolearn: ${aws_iam_role.nodes.arn}
              username: system:node:{{EC2PrivateDNSName}}
              groups:
                - system:bootstrappers
            - rolearn: arn:aws:iam::111122223333:instance-profile/prod-nodes
              username: system:node:{{EC2PrivateDNSName}}
              groups:
                - system:bootstrappers
                - system:nodes
    EOT
  ]
}
"""


def test_aws_auth_configmap_in_heredoc_values(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"main.tf": AWS_AUTH})
    got = [f for f in lint_tree(root) if f[2] in ("EKS405", "EKS406")]
    assert got == [("main.tf", 22, "EKS406", "error"), ("main.tf", 23, "EKS405", "error")]
    ctx, errors = build([root], base=root)
    assert errors == []
    (auth,) = ctx.model.aws_auth
    first = auth.mappings[0]
    assert first.arn is not None and first.arn.known is False and first.arn.ref == "aws_iam_role.nodes.arn"
    assert first.role is not None and first.role.role is not None and first.role.role.role_name == "prod-nodes"


CONTROLLER = """\
resource "aws_iam_role" "karpenter" {
  name               = "prod-pods"
  assume_role_policy = data.aws_iam_policy_document.irsa.json
}

resource "helm_release" "karpenter" {
  namespace  = "kube-system"
  name       = "karpenter"
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
  version    = "1.1.1"
  values = [
    <<-EOT
    settings:
      clusterName: prod
      clusterEndpoint: ${var.endpoint}
    EOT
  ]
  set {
    name  = "serviceAccount.annotations.eks\\\\.amazonaws\\\\.com/role-arn"
    value = %s
  }
}

variable "endpoint" {
  type = string
}

resource "kubernetes_config_map" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([{
      rolearn  = %s
      username = "system:node:{{EC2PrivateDNSName}}"
      groups   = ["system:bootstrappers", "system:nodes"]
    }])
  }
}
"""


def test_karpenter_chart_controller_role_mapped_as_node_role(tmp_path: Path) -> None:
    files = {"main.tf": CONTROLLER % ("aws_iam_role.karpenter.arn", "aws_iam_role.karpenter.arn")}
    assert _findings(tmp_path, files, "EKS501") == [("main.tf", 36, "error")]
    ctx, _ = build([tmp_path], base=tmp_path)
    assert list(ctx.model.controller_roles) == ["prod-pods"]
    assert ctx.model.controller_roles["prod-pods"].line == 21


def test_karpenter_chart_controller_role_as_arn_literal(tmp_path: Path) -> None:
    arn = '"arn:aws:iam::111122223333:role/prod-pods"'
    files = {"main.tf": CONTROLLER % (arn, arn)}
    assert _findings(tmp_path, files, "EKS501") == [("main.tf", 36, "error")]


def test_karpenter_chart_settings_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ekslint.extract import tf_helm

    captured: list[tf_helm.HelmRelease] = []
    original = tf_helm.read_helm_releases

    def spy(r: object) -> list[tf_helm.HelmRelease]:
        out = original(r)  # type: ignore[arg-type]
        captured.extend(out)
        return out

    monkeypatch.setattr(tf_helm, "read_helm_releases", spy)
    root = _tree(tmp_path, {"main.tf": CONTROLLER % ("aws_iam_role.karpenter.arn", '"arn:aws:iam::111122223333:role/other"')})
    build([root], base=root)
    (rel,) = captured
    assert rel.karpenter and rel.cluster_name.value == "prod" and rel.cluster_name.span.line == 15
    assert rel.cluster_endpoint.known is False
    assert rel.controller_role.ref == "aws_iam_role.karpenter.arn"


def test_unknown_controller_role_registers_nothing(tmp_path: Path) -> None:
    files = {"main.tf": CONTROLLER % ("var.role_arn", '"arn:aws:iam::111122223333:role/prod-pods"')
             + 'variable "role_arn" {\n  type = string\n}\n'}
    assert _findings(tmp_path, files, "EKS501") == []


def test_templatefile_values_with_an_unknown_variable(tmp_path: Path) -> None:
    files = {
        "main.tf": """\
resource "helm_release" "a" {
  chart  = "raw"
  values = [templatefile("${path.module}/values.yaml.tpl", { kind = "NodeClass", name = var.name })]
}

variable "name" {
  type = string
}
""",
        "values.yaml.tpl": """\
resources:
  - apiVersion: karpenter.sh/v1
    kind: NodePool
    metadata:
      name: ${name}
    spec:
      template:
        spec:
          nodeClassRef:
            group: karpenter.k8s.aws
            kind: ${kind}
            name: default
""",
    }
    assert _findings(tmp_path, files, "EKS513") == [("values.yaml.tpl", 11, "error")]


def test_resources_of_other_charts_are_not_objects(tmp_path: Path) -> None:
    files = {"main.tf": """\
resource "helm_release" "lbc" {
  chart  = "aws-load-balancer-controller"
  values = [yamlencode({ resources = { limits = { cpu = "1" } } })]
  set_list {
    name  = "extraArgs"
    value = ["--a", "--b"]
  }
}
"""}
    assert lint_tree(_tree(tmp_path, files)) == []


def test_set_on_unknown_values_still_gives_the_controller_role(tmp_path: Path) -> None:
    text = (CONTROLLER % ("aws_iam_role.karpenter.arn", "aws_iam_role.karpenter.arn")).replace(
        "    EOT\n  ]", "    EOT\n    , local.base_values\n  ]")
    assert _findings(tmp_path, {"main.tf": text + 'locals {\n  base_values = yamlencode(var.endpoint)\n}\n'}, "EKS501") == [
        ("main.tf", 37, "error")]
