"""Identity rules EKS401-EKS409: access entries and the aws-auth ConfigMap."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import fixture_findings, lint_tree


def _lint(tmp_path: Path, files: dict[str, str], rule: str) -> list[tuple[str, int, str]]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return [(p, line, sev) for p, line, rid, sev in lint_tree(tmp_path, [rule]) if rid == rule]


def test_eks401_standard_entry_with_system_group() -> None:
    assert fixture_findings("EKS401", "bad") == [
        ("cloudformation/admins.yaml", 9, "error"),  # AWS::EKS::AccessEntry
        ("cloudformation/nodes.yaml", 35, "error"),  # STANDARD entry for !GetAtt NodeInstanceRole.Arn: system:bootstrappers
        ("cloudformation/nodes.yaml", 36, "error"),  # system:nodes
        ("cluster.yaml", 22, "error"),  # eksctl, type unset: system:bootstrappers
        ("cluster.yaml", 23, "error"),  # system:nodes
        ("cluster.yaml", 27, "error"),  # type STANDARD: system:masters
        ("main.tf", 29, "error"),  # module access_entries
        ("main.tf", 42, "error"),  # aws_eks_access_entry
    ]
    assert fixture_findings("EKS401", "good") == []


def test_eks402_node_entry_with_groups_or_username() -> None:
    assert fixture_findings("EKS402", "bad") == [
        ("cluster.yaml", 14, "error"),  # kubernetesUsername on EC2_LINUX
        ("cluster.yaml", 16, "error"),  # kubernetesGroups on EC2_LINUX (the empty list on FARGATE_LINUX is fine)
        ("main.tf", 24, "error"),  # kubernetes_groups = [] in Terraform
        ("main.tf", 40, "error"),  # module entry HYBRID_LINUX with user_name
    ]
    assert fixture_findings("EKS402", "good") == []


def test_eks403_cross_region_nodes_with_ec2_mapping() -> None:
    assert fixture_findings("EKS403", "bad") == [
        ("batch-nodes.tf", 33, "error"),  # `region` argument; aws-auth {{EC2PrivateDNSName}}
        ("ningxia-nodes.tf", 34, "error"),  # provider alias in another region; EC2_LINUX entry
    ]
    assert fixture_findings("EKS403", "good") == []


def test_eks403_cluster_region_from_nodeconfig_endpoint(tmp_path: Path) -> None:
    # no cluster in the tree: the cluster region comes from the apiServerEndpoint host
    nodes = """
resource "aws_iam_role" "edge" {
  name               = "edge-nodes"
  assume_role_policy = "{}"
}

resource "aws_iam_instance_profile" "edge" {
  name = "edge-nodes"
  role = aws_iam_role.edge.name
}

resource "aws_launch_template" "edge" {
  region    = "us-west-2"
  image_id  = "ami-0a1b2c3d4e5f60718"
  iam_instance_profile {
    name = aws_iam_instance_profile.edge.name
  }
  user_data = base64encode(<<-EOT
    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: east
        apiServerEndpoint: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
        certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
        cidr: 10.100.0.0/16
  EOT
  )
}

resource "aws_autoscaling_group" "edge" {
  region   = "us-west-2"
  name     = "edge"
  min_size = 1
  max_size = 3
  launch_template {
    id = aws_launch_template.edge.id
  }
}

resource "aws_eks_access_entry" "edge" {
  cluster_name  = "east"
  principal_arn = aws_iam_role.edge.arn
  type          = "EC2_LINUX"
}
"""
    assert _lint(tmp_path, {"nodes.tf": nodes}, "EKS403") == [("nodes.tf", 32, "error")]  # the ASG `region`
    (tmp_path / "nodes.tf").write_text(nodes.replace("us-east-1.eks", "us-west-2.eks"))
    assert _lint(tmp_path, {}, "EKS403") == []


def test_eks404_rolearn_with_path() -> None:
    assert fixture_findings("EKS404", "bad") == [
        ("aws-auth.tf", 42, "error"),  # reference to an aws_iam_role with path = "/eks/"
        ("aws-auth.yaml", 8, "error"),  # role/platform/eks/...
        ("aws-auth.yaml", 13, "error"),  # IAM Identity Center role
        ("cluster.yaml", 10, "error"),  # eksctl iamIdentityMappings
    ]
    assert fixture_findings("EKS404", "good") == []


def test_eks405_instance_profile_and_other_non_role_arns() -> None:
    assert fixture_findings("EKS405", "bad") == [
        ("aws-auth.yaml", 8, "error"),  # instance profile
        ("aws-auth.yaml", 13, "error"),  # sts assumed-role
        ("aws-auth.yaml", 17, "error"),  # user ARN in mapRoles
        ("cluster.yaml", 12, "error"),  # eksctl access entry principal
        ("cluster.yaml", 21, "error"),  # eksctl iam.instanceRoleARN
        ("main.tf", 28, "error"),  # aws_eks_node_group.node_role_arn
        ("main.tf", 41, "error"),  # aws_eks_access_entry.principal_arn
    ]
    assert fixture_findings("EKS405", "good") == []


def test_eks406_node_mapping_groups() -> None:
    assert fixture_findings("EKS406", "bad") == [
        ("aws-auth.tf", 12, "error"),  # "system:node" typo
        ("aws-auth.yaml", 11, "error"),  # only system:bootstrappers
        ("aws-auth.yaml", 15, "warning"),  # only system:nodes
        ("aws-auth.yaml", 20, "error"),  # EC2NodeClass role mapped without node groups
        ("aws-auth.yaml", 24, "error"),  # two groups merged into one string
        ("cluster.yaml", 13, "warning"),  # eksctl iamIdentityMappings without system:bootstrappers
    ]
    assert fixture_findings("EKS406", "good") == []


def test_eks406_skips_roles_with_a_node_access_entry(tmp_path: Path) -> None:
    files = {
        "cluster.yaml": """apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: demo
  region: us-east-1
accessConfig:
  authenticationMode: API_AND_CONFIG_MAP
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/demo-nodes
      type: EC2_LINUX
""",
        "aws-auth.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/demo-nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
""",
    }
    assert _lint(tmp_path, files, "EKS406") == []


def test_eks407_node_username() -> None:
    assert fixture_findings("EKS407", "bad") == [
        ("aws-auth.tf", 13, "error"),  # {{ EC2PrivateDNSName }} with spaces
        ("aws-auth.yaml", 9, "error"),  # {{EC2PrivateDnsName}}
        ("aws-auth.yaml", 15, "error"),  # no username
        ("cluster.yaml", 11, "error"),  # eksctl mapping with a plain username
    ]
    assert fixture_findings("EKS407", "good") == []


def test_eks407_ignores_helm_templates(tmp_path: Path) -> None:
    files = {
        "aws-auth.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/nodes
      username: "{{ .Values.nodeUsername }}"
      groups:
        - system:bootstrappers
        - system:nodes
""",
    }
    assert _lint(tmp_path, files, "EKS407") == []


def test_eks408_map_roles_not_yaml() -> None:
    assert fixture_findings("EKS408", "bad") == [
        ("aws-auth.tf", 14, "error"),  # heredoc in kubernetes_config_map
        ("aws-auth.yaml", 11, "error"),  # groups items at the indent of `- groups:`
    ]
    assert fixture_findings("EKS408", "good") == []


def test_eks409_access_entry_not_bound_to_managed_role() -> None:
    assert fixture_findings("EKS409", "bad") == [
        ("eks.tf", 17, "warning"),  # module access_entries with a literal ARN
        ("main.tf", 53, "warning"),  # literal ARN
        ("main.tf", 59, "warning"),  # ARN rebuilt from the role name
    ]
    assert fixture_findings("EKS409", "good") == []


def test_eks406_eks407_skip_mappings_replaced_by_a_later_one(tmp_path: Path) -> None:
    files = {
        "aws-auth.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/demo-nodes
      username: demo-node
      groups:
        - system:nodes
    - rolearn: arn:aws:iam::111122223333:role/Demo-Nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
""",
    }
    assert _lint(tmp_path, files, "EKS406") == []
    assert _lint(tmp_path, {}, "EKS407") == []
