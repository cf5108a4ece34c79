"""Cluster and network rules (EKS1xx): eksctl fully-private clusters."""

from tests.helpers import fixture_findings


def test_eks101_private_cluster_node_groups_need_private_networking() -> None:
    # unset (points at the name), `false`, and YAML 1.1 `no`; `true` passes
    assert fixture_findings("EKS101", "bad") == [
        ("private-cluster.yaml", 16, "error"),
        ("private-cluster.yaml", 25, "error"),
        ("private-cluster.yaml", 30, "error"),
    ]
    assert fixture_findings("EKS101", "good") == []


def test_eks102_skip_endpoint_creation_with_additional_services() -> None:
    assert fixture_findings("EKS102", "bad") == [("cluster.yaml", 20, "error")]
    assert fixture_findings("EKS102", "good") == []


def test_eks103_unsupported_and_duplicate_endpoint_services() -> None:
    # cloudwatch (alias of logs), Logs (case), ecr.dkr (always created), autoscaling (duplicate)
    assert fixture_findings("EKS103", "bad") == [
        ("cluster.yaml", 13, "error"),
        ("cluster.yaml", 14, "error"),
        ("cluster.yaml", 15, "error"),
        ("cluster.yaml", 16, "error"),
    ]
    assert fixture_findings("EKS103", "good") == []


def test_eks103_suggestions() -> None:
    from ekslint.rules.cluster.private_cluster_endpoint_service_unsupported import _suggest

    assert "`logs`" in _suggest("cloudwatch")
    assert "`logs`" in _suggest("com.amazonaws.us-east-1.logs")
    assert "`autoscaling`" in _suggest("autoscalling")
    assert "always creates" in _suggest("sts")
    assert "one of" in _suggest("dynamodb")


def test_eks104_cluster_endpoints_in_private_cluster() -> None:
    assert fixture_findings("EKS104", "bad") == [("cluster.yaml", 15, "error"), ("cluster.yaml", 16, "error")]
    assert fixture_findings("EKS104", "good") == []


def test_eks105_public_subnets_in_private_cluster() -> None:
    assert fixture_findings("EKS105", "bad") == [("cluster.yaml", 15, "warning")]
    assert fixture_findings("EKS105", "good") == []
