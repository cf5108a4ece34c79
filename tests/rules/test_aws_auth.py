"""aws-auth rules EKS410-EKS449."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import fixture_findings, lint_tree


def _lint(tmp_path: Path, files: dict[str, str], rule: str) -> list[tuple[str, int, str]]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return [(p, line, sev) for p, line, rid, sev in lint_tree(tmp_path, [rule]) if rid == rule]


def test_eks410_wrong_name_or_namespace() -> None:
    assert fixture_findings("EKS410", "bad") == [
        ("aws-auth.tf", 3, "error"),  # kubernetes_config_map without namespace: `default`
        ("aws-auth.tf", 20, "error"),  # namespace kube-public
        ("aws-auth.yaml", 5, "error"),  # namespace default
        ("aws-auth.yaml", 17, "error"),  # name aws-auth-extra
        ("no-namespace.yaml", 4, "warning"),  # YAML without namespace
    ]
    assert fixture_findings("EKS410", "good") == []


def test_eks411_top_level_key_case_and_outside_data() -> None:
    assert fixture_findings("EKS411", "bad") == [
        ("aws-auth.tf", 10, "error"),  # maproles in Terraform data
        ("aws-auth.yaml", 7, "error"),  # maproles
        ("aws-auth.yaml", 13, "error"),  # MapUsers
        ("outside-data.yaml", 6, "error"),  # mapRoles next to data
    ]
    assert fixture_findings("EKS411", "good") == []  # entry keys are case-insensitive


def test_eks412_value_not_string() -> None:
    assert fixture_findings("EKS412", "bad") == [
        ("aws-auth.tf", 10, "error"),  # list in Terraform data
        ("aws-auth.yaml", 8, "error"),  # mapRoles without |
        ("aws-auth.yaml", 13, "error"),  # mapAccounts as a number
    ]
    assert fixture_findings("EKS412", "good") == []  # Terraform turns a number into a string


def test_eks413_group_indentation_merge() -> None:
    assert fixture_findings("EKS413", "bad") == [
        ("aws-auth.yaml", 16, "error"),  # "catalog-deployers - catalog-viewers"
        ("main.tf", 14, "error"),  # module aws_auth_roles
    ]
    # the node mapping missing system:nodes through a merge is EKS406's finding
    assert fixture_findings("EKS413", "good") == []


def test_eks414_field_type() -> None:
    assert fixture_findings("EKS414", "bad") == [
        ("aws-auth.tf", 14, "error"),  # groups = "system:nodes" through yamlencode
        ("aws-auth.yaml", 15, "error"),  # groups: system:masters
        ("aws-auth.yaml", 18, "error"),  # username: 4711 (a number)
        ("aws-auth.yaml", 20, "error"),  # a nested list as a group
        ("cluster.yaml", 12, "error"),  # eksctl groups as a string
    ]
    assert fixture_findings("EKS414", "good") == []


def test_eks415_entry_missing_arn() -> None:
    assert fixture_findings("EKS415", "bad") == [
        ("aws-auth.yaml", 8, "error"),  # role_arn instead of rolearn
        ("aws-auth.yaml", 14, "error"),  # rolearn and sso
        ("aws-auth.yaml", 21, "error"),  # mapUsers entry without userarn
        ("main.tf", 12, "error"),  # module aws_auth_roles with role_arn
    ]
    assert fixture_findings("EKS415", "good") == []  # sso alone, key case ignored


def test_eks416_duplicate_arn() -> None:
    assert fixture_findings("EKS416", "bad") == [
        ("aws-auth.yaml", 8, "error"),  # node role mapped again (other case) with other groups
        ("aws-auth.yaml", 13, "warning"),  # admin role mapped again with other groups
        ("aws-auth.yaml", 26, "note"),  # identical mapUsers entries
        ("cluster.yaml", 14, "error"),  # eksctl repeat with noDuplicateARNs: true
        ("main.tf", 12, "error"),  # the same aws_iam_role reference twice in module aws_auth_roles
    ]
    # placeholders are not compared; eksctl skips an identical repeat with noDuplicateARNs
    assert fixture_findings("EKS416", "good") == []


def test_eks417_arn_partition_mismatch() -> None:
    assert fixture_findings("EKS417", "bad") == [
        ("cluster.yaml", 10, "warning"),  # arn:aws: in a cn-north-1 eksctl cluster
        ("gov/main.tf", 25, "warning"),  # arn:aws: with a us-gov-west-1 aws_eks_cluster
    ]
    assert fixture_findings("EKS417", "good") == []  # arn:aws-cn:, data.aws_partition


def test_eks418_ignored_in_api_mode() -> None:
    assert fixture_findings("EKS418", "bad") == [
        ("cluster.yaml", 19, "error"),  # node mapping, no access entry
        ("cluster.yaml", 28, "warning"),  # reader without an entry (the admin role has one)
        ("tf/main.tf", 18, "error"),  # module aws-auth with a module cluster in API mode
    ]
    assert fixture_findings("EKS418", "good") == []  # API_AND_CONFIG_MAP; entry for the node role


def test_eks419_terraform_drops_eks_entries() -> None:
    assert fixture_findings("EKS419", "bad") == [
        ("main.tf", 68, "error"),  # aws_eks_cluster without access_config: CONFIG_MAP
        ("v20/main.tf", 24, "warning"),  # v20 module default API_AND_CONFIG_MAP
    ]
    assert fixture_findings("EKS419", "good") == []


def test_eks420_windows_kube_proxy_group() -> None:
    assert fixture_findings("EKS420", "bad") == [
        ("aws-auth.yaml", 16, "warning"),  # Karpenter windows2022 node class role
        ("tf/main.tf", 43, "warning"),  # aws_eks_node_group WINDOWS_CORE_2022_x86_64
    ]
    assert fixture_findings("EKS420", "good") == []


def test_eks421_arn_malformed() -> None:
    assert fixture_findings("EKS421", "bad") == [
        ("aws-auth.yaml", 8, "error"),  # a role name
        ("aws-auth.yaml", 13, "error"),  # region in an IAM ARN
        ("aws-auth.yaml", 17, "error"),  # policy ARN
        ("aws-auth.yaml", 22, "error"),  # 11-digit account
        ("main.tf", 12, "error"),  # module input without arn:aws:iam::
    ]
    assert fixture_findings("EKS421", "good") == []  # placeholders are skipped


def test_eks422_map_accounts_for_nodes() -> None:
    assert fixture_findings("EKS422", "bad") == [
        ("aws-auth.yaml", 13, "warning"),  # Karpenter node role covered only by mapAccounts
    ]
    assert fixture_findings("EKS422", "good") == []


EKS422_TF = """
resource "aws_iam_role" "batch_nodes" {
  name               = "shop-batch-nodes"
  assume_role_policy = "{}"
}

resource "aws_iam_instance_profile" "batch_nodes" {
  name = "shop-batch-nodes"
  role = aws_iam_role.batch_nodes.name
}

resource "aws_launch_template" "batch" {
  name_prefix = "shop-batch-"
  image_id    = "ami-0a1b2c3d4e5f60718"
  iam_instance_profile {
    name = aws_iam_instance_profile.batch_nodes.name
  }
}

resource "aws_autoscaling_group" "batch" {
  name                = "shop-batch"
  min_size            = 1
  max_size            = 4
  vpc_zone_identifier = ["subnet-0a1b2c3d4e5f60718"]
  launch_template {
    id      = aws_launch_template.batch.id
    version = "$Latest"
  }
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode([%s
      {
        rolearn  = "arn:aws:iam::111122223333:role/shop-admins"
        username = "shop-admin"
        groups   = ["system:masters"]
      },
    ])
    mapAccounts = yamlencode(["111122223333"])
  }
}
"""

EKS422_NODE_ENTRY = """
      {
        rolearn  = aws_iam_role.batch_nodes.arn
        username = "system:node:{{EC2PrivateDNSName}}"
        groups   = ["system:bootstrappers", "system:nodes"]
      },"""


def test_eks422_terraform_self_managed_nodes(tmp_path: Path) -> None:
    assert _lint(tmp_path / "bad", {"main.tf": EKS422_TF % ""}, "EKS422") == [("main.tf", 45, "warning")]
    assert _lint(tmp_path / "good", {"main.tf": EKS422_TF % EKS422_NODE_ENTRY}, "EKS422") == []
    # a mapRoles list that is not known could map the role: nothing is said
    unknown = EKS422_TF.replace("mapRoles = yamlencode([%s", "mapRoles = yamlencode(concat(var.extra_roles, [").replace(
        "    ])\n    mapAccounts", "    ]))\n    mapAccounts")
    assert _lint(tmp_path / "unknown", {"main.tf": unknown}, "EKS422") == []


EKS419_V19 = """
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "fleet-v19"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true

  eks_managed_node_groups = {
    general = {
      instance_types = ["m6i.large"]
    }
  }
%s}

resource "aws_iam_role" "extra" {
  name               = "fleet-v19-extra-nodes"
  assume_role_policy = "{}"
}

resource "aws_eks_node_group" "extra" {
  cluster_name    = module.eks.cluster_name
  node_group_name = "extra"
  node_role_arn   = aws_iam_role.extra.arn
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
}
"""

EKS419_V19_ROLES = """
  aws_auth_roles = [
    {
      rolearn  = aws_iam_role.extra.arn
      username = "system:node:{{EC2PrivateDNSName}}"
      groups   = ["system:bootstrappers", "system:nodes"]
    },
  ]
"""


def test_eks419_v19_module_maps_its_own_node_groups(tmp_path: Path) -> None:
    # the module maps the role of its own managed node group; the extra aws_eks_node_group is dropped
    assert _lint(tmp_path / "bad", {"main.tf": EKS419_V19 % ""}, "EKS419") == [("main.tf", 2, "error")]
    assert _lint(tmp_path / "good", {"main.tf": EKS419_V19 % EKS419_V19_ROLES}, "EKS419") == []


def test_eks423_fargate_mapping() -> None:
    assert fixture_findings("EKS423", "bad") == [
        ("aws-auth.yaml", 9, "error"),  # {{EC2PrivateDNSName}} for a Fargate role
        ("aws-auth.yaml", 17, "warning"),  # no system:node-proxier
        ("tf/main.tf", 40, "warning"),  # aws_eks_fargate_profile role without system:node-proxier
    ]
    assert fixture_findings("EKS423", "good") == []


EKS419_FARGATE = """
resource "aws_eks_cluster" "this" {
  name     = "reports"
  role_arn = "arn:aws:iam::111122223333:role/reports-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60718"]
  }
}

resource "aws_iam_role" "fargate" {
  name               = "reports-fargate"
  assume_role_policy = "{}"
}

resource "aws_eks_fargate_profile" "reports" {
  cluster_name           = aws_eks_cluster.this.name
  fargate_profile_name   = "reports"
  pod_execution_role_arn = aws_iam_role.fargate.arn
  subnet_ids             = ["subnet-0a1b2c3d4e5f60718"]
  selector {
    namespace = "reports"
  }
}

resource "kubernetes_config_map" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([%s
      {
        rolearn  = "arn:aws:iam::111122223333:role/reports-admins"
        username = "reports-admin"
        groups   = ["system:masters"]
      },
    ])
  }
}
"""

EKS419_FARGATE_ENTRY = """
      {
        rolearn  = aws_iam_role.fargate.arn
        username = "system:node:{{SessionName}}"
        groups   = ["system:bootstrappers", "system:nodes", "system:node-proxier"]
      },"""


def test_eks419_fargate_profiles(tmp_path: Path) -> None:
    assert _lint(tmp_path / "bad", {"main.tf": EKS419_FARGATE % ""}, "EKS419") == [("main.tf", 31, "error")]
    assert _lint(tmp_path / "good", {"main.tf": EKS419_FARGATE % EKS419_FARGATE_ENTRY}, "EKS419") == []
