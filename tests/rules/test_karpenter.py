"""Karpenter rules (5xx): node roles and NodePool references."""

from tests.helpers import fixture_findings


def test_eks501_reports_the_controller_role_where_the_node_role_belongs() -> None:
    assert fixture_findings("EKS501", "bad") == [
        ("aws-auth.yaml", 13, "warning"),  # mapped as a node; named KarpenterControllerRole-*
        ("eksctl.yaml", 18, "warning"),  # EC2_LINUX access entry
        ("nodeclass.yaml", 6, "warning"),  # spec.role named like the controller role
        ("nodeclass.yaml", 21, "error"),  # spec.role is the karpenter module's controller role
        ("nodeclass.yaml", 36, "error"),  # spec.role is the role of eksctl's karpenter pod identity association
    ]


def test_eks501_accepts_node_roles_and_non_node_mappings_of_the_controller() -> None:
    assert fixture_findings("EKS501", "good") == []


def test_eks502_reports_node_roles_that_nothing_maps() -> None:
    assert fixture_findings("EKS502", "bad") == [
        ("karpenter.yaml", 6, "error"),  # v1
        ("karpenter.yaml", 22, "error"),  # v1beta1
    ]


def test_eks502_accepts_roles_mapped_by_aws_auth_entries_node_groups_or_eksctl() -> None:
    assert fixture_findings("EKS502", "good") == []


def test_eks503_reports_nodeclassref_names_without_ec2nodeclass() -> None:
    assert fixture_findings("EKS503", "bad") == [
        ("gpu-nodepool.yaml", 11, "error"),  # v1beta1
        ("karpenter.yaml", 11, "error"),  # typo: did you mean 'default'
    ]


def test_eks503_accepts_existing_classes_and_placeholders() -> None:
    assert fixture_findings("EKS503", "good") == []
