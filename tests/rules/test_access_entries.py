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
        ("cluster.yaml", 20, "error"),  # eksctl node group role, type not set
        ("main.tf", 40, "error"),  # EC2NodeClass role, type not set: points at principal_arn
        ("main.tf", 46, "error"),  # aws_eks_node_group role, type = "STANDARD"
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
