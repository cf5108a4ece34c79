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
        ("cluster.yaml", 22, "error"),  # selectors: a mapping, not a list
        ("cluster.yaml", 25, "error"),  # desiredCapacity: "3"
        ("cluster.yaml", 26, "error"),  # volumeType: GP3
        ("cluster.yaml", 28, "error"),  # availabilityZones: a string
        ("cluster.yaml", 33, "error"),  # launchTemplate.version: 3
        ("cluster.yaml", 35, "error"),  # labels as a list
    ]
    assert fixture_findings("EKS012", "good") == []


def test_eks013_reports_unknown_nodeconfig_fields_in_every_container() -> None:
    assert fixture_findings("EKS013", "bad") == [
        ("karpenter.yaml", 20, "warning"),  # Karpenter supplies the cluster details; maxPodExpression is lost
        ("nodeconfig.yaml", 6, "error"),  # apiserverEndpoint: the node cannot join
        ("nodeconfig.yaml", 10, "warning"),  # kubelet.flag
        ("nodeconfig.yaml", 15, "warning"),  # localstorage: names are case-sensitive
        ("userdata.txt", 11, "error"),  # clusterName -> name, in MIME user data
    ]


def test_eks013_accepts_all_nodeconfig_sections_and_hybrid_nodes_fields() -> None:
    assert fixture_findings("EKS013", "good") == []


def test_eks014_reports_values_nodeadm_cannot_decode() -> None:
    assert fixture_findings("EKS014", "bad") == [
        ("eksctl.yaml", 23, "warning"),  # eksctl adds its own NodeConfig with the cluster details
        ("karpenter.yaml", 18, "warning"),  # kubelet.config as a string
        ("nodeconfig.yaml", 5, "error"),  # a number for the name
        ("nodeconfig.yaml", 9, "error"),  # "false" for a bool
        ("nodeconfig.yaml", 11, "error"),  # flags as one string
        ("nodeconfig.yaml", 13, "error"),  # quoted feature gate
    ]


def test_eks014_accepts_typed_values_and_terraform_unknowns() -> None:
    assert fixture_findings("EKS014", "good") == []


def test_eks015_reports_unknown_karpenter_fields_in_yaml_and_terraform() -> None:
    # v1beta1 fields in v1 objects (kubelet, nodeClassRef.apiVersion) belong to EKS517 / EKS512
    assert fixture_findings("EKS015", "bad") == [
        ("ec2nodeclass-v1beta1.yaml", 9, "error"),  # alias is a v1 field
        ("ec2nodeclass-v1beta1.yaml", 13, "error"),  # tag -> tags
        ("karpenter.tf", 22, "error"),  # encrypt -> encrypted, in a kubectl_manifest heredoc
        ("nodepool.yaml", 24, "error"),  # consolidateAftr
        ("nodepool.yaml", 25, "error"),  # limit
        ("nodepool.yaml", 27, "error"),  # weigth
    ]


def test_eks015_accepts_v1_and_v1beta1_objects() -> None:
    assert fixture_findings("EKS015", "good") == []


def test_eks016_reports_wrong_types_and_enum_values_of_karpenter_objects() -> None:
    assert fixture_findings("EKS016", "bad") == [
        ("karpenter.yaml", 19, "error"),  # NoScheduled
        ("karpenter.yaml", 21, "error"),  # WhenIdle
        ("karpenter.yaml", 23, "error"),  # budgets nodes: 10 (a string field)
        ("karpenter.yaml", 24, "error"),  # weight: "10"
        ("karpenter.yaml", 38, "error"),  # associatePublicIPAddress: "false"
        ("karpenter.yaml", 40, "error"),  # httpTokens: Required
        ("karpenter.yaml", 44, "error"),  # volumeSize: 100
    ]
    assert fixture_findings("EKS016", "good") == []
