"""Schema rules (EKS010-EKS016): unknown fields, wrong node-group kind, wrong types and values."""

from tests.helpers import fixture_findings


def test_eks010_reports_unknown_and_miscased_clusterconfig_fields() -> None:
    assert fixture_findings("EKS010", "bad") == [
        ("cluster.yaml", 7, "error"),  # metadata.zone
        ("cluster.yaml", 9, "error"),  # vpc.clusterEndpoint -> clusterEndpoints
        ("cluster.yaml", 14, "warning"),  # subnet spec key dropped by eksctl's lenient subnet decoding
        ("cluster.yaml", 18, "warning"),  # withOidc: letter case only, silently ignored
        ("cluster.yaml", 22, "error"),  # privateNetwork -> privateNetworking
        ("cluster.yaml", 25, "warning"),  # enableSSM
        ("cluster.yaml", 26, "warning"),  # sourceSecurityGroupIDs
        ("cluster.yaml", 29, "warning"),  # autoscaler
        ("cluster.yaml", 34, "error"),  # lables
    ]


def test_eks010_accepts_every_section_and_free_form_parts() -> None:
    assert fixture_findings("EKS010", "good") == []


def test_eks011_reports_fields_of_the_other_node_group_kind() -> None:
    assert fixture_findings("EKS011", "bad") == [
        ("cluster.yaml", 10, "error"),  # instanceTypes under nodeGroups
        ("cluster.yaml", 11, "error"),  # spot
        ("cluster.yaml", 14, "error"),  # releaseVersion
        ("cluster.yaml", 19, "error"),  # instancesDistribution under managedNodeGroups
        ("cluster.yaml", 22, "error"),  # kubeletExtraConfig
        ("cluster.yaml", 24, "error"),  # targetGroupARNs
    ]
    assert fixture_findings("EKS011", "good") == []


def test_eks012_reports_wrong_types_and_enum_values() -> None:
    assert fixture_findings("EKS012", "bad") == [
        ("cluster.yaml", 10, "error"),  # supportType: Standard
        ("cluster.yaml", 13, "error"),  # nat.gateway: single
        ("cluster.yaml", 15, "error"),  # "true" for a bool
        ("cluster.yaml", 18, "error"),  # enableTypes: API
        ("cluster.yaml", 21, "error"),  # groups: a string, not a list
        ("cluster.yaml", 25, "error"),  # desiredCapacity: "3"
        ("cluster.yaml", 26, "error"),  # volumeType: GP3
        ("cluster.yaml", 28, "error"),  # availabilityZones: a string
        ("cluster.yaml", 33, "error"),  # launchTemplate.version: 3
        ("cluster.yaml", 35, "error"),  # labels as a list
    ]
    assert fixture_findings("EKS012", "good") == []
