"""Access-entry rules EKS450-EKS499: entry types, usernames, policies, scopes, principals, modes."""

from __future__ import annotations

from tests.helpers import fixture_findings


def test_eks450_access_entry_type_invalid() -> None:
    assert fixture_findings("EKS450", "bad") == [
        ("cluster.yaml", 14, "error"),  # EC2_Linux from the user guide's CLI example
        ("cluster.yaml", 16, "error"),  # ADMIN
        ("main.tf", 17, "error"),  # EC2_WINDOW
        ("main.tf", 25, "error"),  # karpenter submodule access_entry_type = "ec2_linux"
    ]
    assert fixture_findings("EKS450", "good") == []


def test_eks451_node_role_with_standard_entry() -> None:
    assert fixture_findings("EKS451", "bad") == [
        ("cloudformation/nodes.yaml", 37, "error"),  # a role without RoleName, named by !GetAtt on both sides
        ("cluster.yaml", 20, "error"),  # eksctl node group role, type not set
        ("main.tf", 40, "error"),  # EC2NodeClass role, type not set: points at principal_arn
        ("main.tf", 46, "error"),  # aws_eks_node_group role, type = "STANDARD"
        ("name-prefix.tf", 20, "error"),  # a role named by name_prefix, referenced on both sides
    ]
    # the good tree also holds a STANDARD entry with a custom group for cross-region nodes
    assert fixture_findings("EKS451", "good") == []


def test_eks452_username_reserved_prefix() -> None:
    assert fixture_findings("EKS452", "bad") == [
        ("cluster.yaml", 13, "error"),  # eks:
        ("cluster.yaml", 17, "error"),  # system:node:{{EC2PrivateDNSName}} on a STANDARD entry
        ("main.tf", 13, "error"),  # module access_entries user_name aws:
        ("main.tf", 22, "error"),  # aws_eks_access_entry user_name iam:
    ]
    assert fixture_findings("EKS452", "good") == []


def test_eks453_session_name_without_colon() -> None:
    assert fixture_findings("EKS453", "bad") == [
        ("cluster.yaml", 13, "warning"),
        ("main.tf", 17, "warning"),
    ]
    assert fixture_findings("EKS453", "good") == []


def test_eks454_access_policy_on_node_entry() -> None:
    assert fixture_findings("EKS454", "bad") == [
        ("cluster.yaml", 20, "error"),  # eksctl FARGATE_LINUX with accessPolicies
        ("main.tf", 16, "error"),  # module EC2_LINUX entry with policy_associations
        ("main.tf", 35, "error"),  # association resource for a HYBRID_LINUX entry (via .principal_arn)
    ]
    assert fixture_findings("EKS454", "good") == []


def test_eks455_auto_mode_entry_without_node_policy() -> None:
    assert fixture_findings("EKS455", "bad") == [
        ("eks.tf", 17, "warning"),  # module entry of type EC2 with only AmazonEKSViewPolicy
        ("main.tf", 34, "warning"),  # aws_eks_access_entry of type EC2 with no association
    ]
    # the good tree associates the policy through an ARN with an interpolated partition
    assert fixture_findings("EKS455", "good") == []


def test_eks456_access_policy_arn_format() -> None:
    assert fixture_findings("EKS456", "bad") == [
        ("cluster.yaml", 14, "error"),  # IAM managed policy
        ("cluster.yaml", 19, "warning"),  # AmazonEKSEditpolicy: near miss
        ("main.tf", 15, "error"),  # bare policy name in module policy_associations
        ("main.tf", 33, "error"),  # IAM policy with an interpolated partition
    ]
    # the good tree also uses a policy that is newer than the known list
    assert fixture_findings("EKS456", "good") == []


def test_eks457_access_scope_shape() -> None:
    assert fixture_findings("EKS457", "bad") == [
        ("cluster.yaml", 16, "error"),  # namespace scope without namespaces
        ("cluster.yaml", 22, "error"),  # cluster scope with namespaces: eksctl refuses
        ("cluster.yaml", 25, "error"),  # no accessScope
        ("main.tf", 25, "error"),  # "Namespace"
        ("main.tf", 37, "warning"),  # cluster scope with namespaces outside eksctl
    ]
    assert fixture_findings("EKS457", "good") == []


def test_eks458_node_entry_principal_not_a_role() -> None:
    assert fixture_findings("EKS458", "bad") == [
        ("cluster.yaml", 13, "error"),  # STS assumed-role session
        ("cluster.yaml", 15, "error"),  # IAM user with FARGATE_LINUX
        ("main.tf", 3, "error"),  # IAM user (account interpolated) with HYBRID_LINUX
    ]
    assert fixture_findings("EKS458", "good") == []


def test_eks459_duplicate_principal() -> None:
    assert fixture_findings("EKS459", "bad") == [
        ("cloudformation/access.yaml", 32, "error"),  # second entry for !GetAtt NodeRole.Arn (one conditional)
        ("cluster.yaml", 19, "error"),  # eksctl: the same role twice
        ("main.tf", 44, "error"),  # the Karpenter submodule already creates the entry
        ("main.tf", 69, "warning"),  # EKS creates the entry of a managed node group role
        ("main.tf", 91, "warning"),  # ... and of a Fargate pod execution role
    ]
    assert fixture_findings("EKS459", "good") == []


def test_eks460_access_entries_in_config_map_mode() -> None:
    assert fixture_findings("EKS460", "bad") == [
        ("cluster.yaml", 12, "error"),  # eksctl authenticationMode: CONFIG_MAP
        ("main.tf", 13, "error"),  # aws_eks_cluster without access_config
        ("main.tf", 17, "error"),  # the Karpenter submodule's own entry
    ]
    assert fixture_findings("EKS460", "good") == []


def test_eks461_config_map_mode_without_bootstrap_admin() -> None:
    assert fixture_findings("EKS461", "bad") == [
        ("cluster.yaml", 11, "error"),  # eksctl
        ("main.tf", 11, "error"),  # terraform-aws-modules/eks v20 hard-codes false
        ("main.tf", 20, "error"),  # aws_eks_cluster access_config
    ]
    assert fixture_findings("EKS461", "good") == []


def test_eks462_windows_nodes_with_linux_entry() -> None:
    assert fixture_findings("EKS462", "bad") == [
        ("cluster.yaml", 20, "warning"),  # eksctl Windows managed node group, EC2_LINUX entry
        ("karpenter.tf", 11, "warning"),  # Karpenter submodule default EC2_LINUX, Windows EC2NodeClass
    ]
    assert fixture_findings("EKS462", "good") == []


def test_eks463_fargate_role_shared_with_nodes() -> None:
    assert fixture_findings("EKS463", "bad") == [
        ("cluster.yaml", 18, "error"),  # eksctl: podExecutionRoleARN is the node group's role
        ("main.tf", 28, "error"),  # aws_eks_fargate_profile with the role of an EC2_LINUX entry
    ]
    assert fixture_findings("EKS463", "good") == []


def test_eks464_managed_node_role_with_fixed_name() -> None:
    assert fixture_findings("EKS464", "bad") == [
        ("eks.tf", 13, "note"),  # module node group with iam_role_use_name_prefix = false
        ("main.tf", 15, "note"),  # aws_iam_role name of an aws_eks_node_group role
    ]
    assert fixture_findings("EKS464", "good") == []
