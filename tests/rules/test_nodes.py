"""Node group and version rules (EKS2xx), and the version table they use."""

import itertools
import re
from datetime import date

import pytest

from ekslint import versions
from ekslint.values import Span, V
from tests.helpers import FIXTURES, fixture_findings, lint_tree


def test_eks201_node_newer_than_control_plane() -> None:
    assert fixture_findings("EKS201", "bad") == [
        ("eksctl/cluster.yaml", 17, "error"),  # releaseVersion 1.32.x on a 1.31 cluster
        ("terraform-module/main.tf", 20, "error"),  # per-group kubernetes_version
        ("terraform/main.tf", 16, "error"),  # aws_eks_node_group.version
        ("terraform/main.tf", 33, "error"),  # aws_eks_node_group.release_version
    ]
    assert fixture_findings("EKS201", "good") == []


def test_eks202_node_older_than_skew_policy() -> None:
    assert fixture_findings("EKS202", "bad") == [
        ("eksctl/cluster.yaml", 13, "warning"),
        ("terraform-module/main.tf", 21, "warning"),  # 1.24 node: two minors allowed
        ("terraform/main.tf", 16, "warning"),
    ]
    assert fixture_findings("EKS202", "good") == []


def test_eks203_al2_on_kubernetes_1_33() -> None:
    assert fixture_findings("EKS203", "bad") == [
        ("eksctl/cluster.yaml", 11, "error"),
        ("eksctl/cluster.yaml", 18, "error"),
        ("eksctl/tools-cluster.yaml", 11, "warning"),  # metadata.version omitted: eksctl's default
        ("terraform-module/main.tf", 22, "error"),
        ("terraform/main.tf", 16, "error"),
    ]
    assert fixture_findings("EKS203", "good") == []


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        ("bad/karpenter-eksctl", [("ec2nodeclass.yaml", 8, "EKS203", "error")]),
        ("bad/karpenter-terraform", [("nodeclass.yaml", 7, "EKS203", "error")]),
        ("good/karpenter", []),
    ],
)
def test_eks203_karpenter_next_to_one_cluster(tree: str, expected: list) -> None:
    # an EC2NodeClass names no cluster: it belongs to the only cluster of its tree
    assert lint_tree(FIXTURES / "EKS203" / tree, ["EKS203"]) == expected


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("1.30", (1, 30)),
        ("1.30.2", (1, 30)),
        ("v1.31", (1, 31)),
        ("1.30.4-20240917", (1, 30)),
        (" 1.29 ", (1, 29)),
        (1.31, (1, 31)),
        (1.3, (1, 3)),  # YAML `version: 1.30` as eksctl reads it
        ("auto", None),
        ("latest", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_minor(text, minor) -> None:
    assert versions.parse_minor(text) == minor


def test_minor_of_skips_unknown_placeholders_and_ambiguous_numbers() -> None:
    at = Span("f.yaml", 1)
    assert versions.minor_of(V("1.33", at)) == (1, 33)
    assert versions.minor_of(V(1.33, at)) == (1, 33)
    assert versions.minor_of(V(1.3, at)) is None  # unquoted 1.30: eksctl sees "1.3"
    assert versions.minor_of(V(None, at, known=False)) is None
    assert versions.minor_of(V("${K8S_VERSION}", at)) is None
    assert versions.minor_of(V("<version>", at)) is None
    assert versions.release_minor(V("1.31.2-20241109", at)) == (1, 31)
    assert versions.release_minor(V("1.40.0-18e1d7ff", at)) is None  # Bottlerocket OS version


def test_skew_policy() -> None:
    assert versions.max_skew((1, 24)) == 2
    assert versions.max_skew((1, 25)) == 3


def test_version_table_is_consistent() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", versions.LAST_CHECKED)
    minors = [v.minor for v in versions.VERSIONS]
    assert minors == sorted(minors)
    assert all(b[1] - a[1] == 1 for a, b in itertools.pairwise(minors))
    assert minors[-1] == versions.NEWEST_KNOWN
    assert versions.lookup(versions.LAST_AL2_VERSION) is not None
    for v in versions.VERSIONS:
        release, standard = date.fromisoformat(v.eks_release), date.fromisoformat(v.end_of_standard_support)
        assert release < standard
        if v.end_of_extended_support:
            extended = date.fromisoformat(v.end_of_extended_support)
            assert (extended.year - standard.year, extended.month, extended.day) == (1, standard.month, standard.day)


def test_eks204_node_group_scaling_bounds() -> None:
    assert fixture_findings("EKS204", "bad") == [
        ("eksctl/cluster.yaml", 13, "error"),  # desired below min
        ("eksctl/cluster.yaml", 18, "error"),  # min above max
        ("eksctl/cluster.yaml", 25, "error"),  # self-managed: desired above max
        ("terraform-module/main.tf", 16, "error"),
        ("terraform/main.tf", 14, "error"),  # max from a variable default
        ("terraform/main.tf", 22, "error"),  # aws_autoscaling_group
    ]
    assert fixture_findings("EKS204", "good") == []


def test_eks205_node_label_reserved_prefix() -> None:
    assert fixture_findings("EKS205", "bad") == [
        ("eksctl/cluster.yaml", 14, "error"),  # node-role.kubernetes.io/worker
        ("eksctl/cluster.yaml", 21, "error"),  # kubernetes.io/lifecycle
        ("eksctl/cluster.yaml", 22, "error"),  # subdomain of k8s.io
        ("terraform-module/main.tf", 16, "error"),
        ("terraform/main.tf", 8, "error"),
    ]
    # node.kubernetes.io/*, kubelet.kubernetes.io/*, topology.kubernetes.io/zone and look-alike domains pass
    assert fixture_findings("EKS205", "good") == []


def test_eks206_node_label_invalid() -> None:
    assert fixture_findings("EKS206", "bad") == [
        ("eksctl/cluster.yaml", 13, "error"),  # two '/'
        ("eksctl/cluster.yaml", 14, "error"),  # space in value
        ("eksctl/cluster.yaml", 15, "error"),  # key starts with '-'
        ("terraform/main.tf", 12, "error"),  # value from a local
        ("terraform/main.tf", 13, "error"),  # upper-case prefix
    ]
    assert fixture_findings("EKS206", "good") == []


def test_eks207_taint_invalid() -> None:
    assert fixture_findings("EKS207", "bad") == [
        ("eksctl/cluster.yaml", 15, "error"),  # EKS API spelling in eksctl
        ("eksctl/cluster.yaml", 16, "error"),  # no key
        ("eksctl/cluster.yaml", 23, "error"),  # map form, misspelled effect
        ("eksctl/cluster.yaml", 24, "error"),  # map form, two ':'
        ("terraform/main.tf", 12, "error"),  # Kubernetes spelling in Terraform
        ("terraform/main.tf", 38, "error"),  # module taints
    ]
    assert fixture_findings("EKS207", "good") == []


def test_eks208_ami_family_unknown() -> None:
    assert fixture_findings("EKS208", "bad") == [
        ("cluster.yaml", 11, "error"),  # AmazonLinux2023-arm
        ("cluster.yaml", 14, "note"),  # BottleRocket: accepted, other case
        ("cluster.yaml", 19, "error"),  # deprecated Windows family
        ("cluster.yaml", 22, "error"),  # Ubuntu22.04
    ]
    assert fixture_findings("EKS208", "good") == []


def test_eks209_custom_ami_needs_ami_family() -> None:
    assert fixture_findings("EKS209", "bad") == [("cluster.yaml", 11, "error"), ("cluster.yaml", 16, "error")]
    assert fixture_findings("EKS209", "good") == []


def test_eks210_custom_ami_needs_override_bootstrap() -> None:
    assert fixture_findings("EKS210", "bad") == [("cluster.yaml", 11, "error"), ("cluster.yaml", 17, "error")]
    assert fixture_findings("EKS210", "good") == []


def test_eks211_override_bootstrap_without_custom_ami() -> None:
    assert fixture_findings("EKS211", "bad") == [("cluster.yaml", 13, "error")]
    assert fixture_findings("EKS211", "good") == []


def test_eks212_al2023_override_not_nodeconfig() -> None:
    assert fixture_findings("EKS212", "bad") == [
        ("cluster.yaml", 13, "error"),  # shell script without bootstrap.sh
        ("cluster.yaml", 20, "error"),  # family omitted (AL2023 default), a YAML list
    ]
    assert fixture_findings("EKS212", "good") == []


def test_eks213_ami_family_unsupported_field() -> None:
    assert fixture_findings("EKS213", "bad") == [
        ("cluster.yaml", 13, "error"),  # Bottlerocket MNG preBootstrapCommands
        ("cluster.yaml", 18, "error"),  # Windows MNG overrideBootstrapCommand
        ("cluster.yaml", 26, "error"),  # Bottlerocket kubeletExtraConfig
        ("cluster.yaml", 31, "error"),  # settings.kubernetes.node-labels
        ("cluster.yaml", 33, "error"),  # cluster-dns-ip with clusterDNS
        ("cluster.yaml", 36, "error"),  # bottlerocket block on the default family
        ("cluster.yaml", 41, "error"),  # Windows kubeletExtraConfig
    ]
    assert fixture_findings("EKS213", "good") == []


def test_eks214_kubelet_extra_config_forbidden_key() -> None:
    assert fixture_findings("EKS214", "bad") == [("cluster.yaml", 13, "error"), ("cluster.yaml", 15, "error")]
    assert fixture_findings("EKS214", "good") == []


def test_eks215_container_runtime_unsupported() -> None:
    assert fixture_findings("EKS215", "bad") == [
        ("cluster.yaml", 13, "error"),  # dockerd on 1.32
        ("cluster.yaml", 16, "error"),  # not a runtime eksctl knows (case matters)
        ("cluster.yaml", 21, "error"),  # with overrideBootstrapCommand
    ]
    assert fixture_findings("EKS215", "good") == []  # dockerd on a 1.23 cluster is allowed


def test_eks216_mng_launch_template_conflict() -> None:
    assert fixture_findings("EKS216", "bad") == [
        ("cluster.yaml", 13, "error"),  # version $Latest
        ("cluster.yaml", 14, "error"),  # instanceType
        ("cluster.yaml", 15, "error"),  # volumeSize
        ("cluster.yaml", 17, "error"),  # ssh.allow: true
        ("cluster.yaml", 18, "error"),  # disableIMDSv1: false
        ("cluster.yaml", 20, "error"),  # no id
    ]
    assert fixture_findings("EKS216", "good") == []


def test_eks217_mng_custom_ami_unsupported() -> None:
    assert fixture_findings("EKS217", "bad") == [
        ("cluster.yaml", 14, "error"),  # maxPodsPerNode
        ("cluster.yaml", 15, "error"),  # releaseVersion
        ("cluster.yaml", 18, "error"),  # Windows family
        ("cluster.yaml", 21, "error"),  # not an AMI id
    ]
    assert fixture_findings("EKS217", "good") == []


def test_eks218_nodegroup_name_invalid() -> None:
    assert fixture_findings("EKS218", "bad") == [
        ("cluster.yaml", 12, "error"),  # '_' in a nodeGroups name
        ("cluster.yaml", 14, "error"),  # empty entry
        ("cluster.yaml", 17, "error"),  # duplicate across both lists
        ("cluster.yaml", 19, "error"),  # no name
    ]
    assert fixture_findings("EKS218", "good") == []


def test_eks219_ssh_settings_invalid() -> None:
    assert fixture_findings("EKS219", "bad") == [
        ("cluster.yaml", 15, "error"),  # two public key sources
        ("cluster.yaml", 16, "error"),  # enableSsm: false
        ("cluster.yaml", 22, "note"),  # enableSsm: true is deprecated
    ]
    assert fixture_findings("EKS219", "good") == []


def test_eks220_mng_unsupported_setting() -> None:
    assert fixture_findings("EKS220", "bad") == [
        ("cluster.yaml", 11, "error"),  # instanceType with instanceTypes
        ("cluster.yaml", 14, "error"),  # instanceProfileARN
        ("cluster.yaml", 16, "error"),  # securityGroups.withShared
        ("cluster.yaml", 21, "error"),  # maxUnavailable > maxSize
        ("cluster.yaml", 24, "error"),  # empty updateConfig
    ]
    assert fixture_findings("EKS220", "good") == []  # the same settings on nodeGroups are fine


def test_eks221_volume_options_invalid() -> None:
    assert fixture_findings("EKS221", "bad") == [
        ("cluster.yaml", 13, "error"),  # IOPS on gp2
        ("cluster.yaml", 14, "error"),  # KMS key without volumeSize
        ("cluster.yaml", 18, "error"),  # gp3 (default) IOPS range
        ("cluster.yaml", 19, "error"),  # throughput range
        ("cluster.yaml", 26, "error"),  # throughput on io2
        ("cluster.yaml", 28, "error"),  # KMS key without encryption
    ]
    assert fixture_findings("EKS221", "good") == []


def test_eks222_iam_settings_conflict() -> None:
    assert fixture_findings("EKS222", "bad") == [
        ("cluster.yaml", 13, "error"),  # existing role + addon policies
        ("cluster.yaml", 18, "error"),  # disablePodIMDS + addon policies
        ("cluster.yaml", 21, "error"),  # policy name instead of ARN
        ("cluster.yaml", 29, "error"),  # managed: existing role + attachPolicyARNs
    ]
    assert fixture_findings("EKS222", "good") == []


def test_eks223_outpost_node_group_invalid() -> None:
    assert fixture_findings("EKS223", "bad") == [
        ("cluster.yaml", 16, "error"),  # gp3
        ("cluster.yaml", 17, "error"),  # Bottlerocket
        ("cluster.yaml", 18, "error"),  # availabilityZones
        ("cluster.yaml", 21, "error"),  # another Outpost
        ("cluster.yaml", 24, "error"),  # managed node group
    ]
    assert fixture_findings("EKS223", "good") == []


def test_eks224_auto_mode_with_node_groups() -> None:
    assert fixture_findings("EKS224", "bad") == [("cluster.yaml", 12, "warning")]
    assert fixture_findings("EKS224", "good") == []


def test_eks225_ami_family_version_window() -> None:
    assert fixture_findings("EKS225", "bad") == [
        ("cluster.yaml", 11, "error"),  # Ubuntu2004 after 1.29
        ("cluster.yaml", 14, "error"),  # Windows Server 2025 before 1.35
        ("cluster.yaml", 19, "error"),  # Ubuntu2404 before 1.31
        ("default-version/cluster.yaml", 10, "warning"),  # version omitted: eksctl's default
    ]
    assert fixture_findings("EKS225", "good") == []  # custom AMIs are not looked up


def test_ami_family_windows_table() -> None:
    assert versions.ami_family_window("Ubuntu2004") == ((1, 21), (1, 29))
    assert versions.ami_family_window("AmazonLinux2") == ((1, 10), versions.LAST_AL2_VERSION)
    assert versions.ami_family_window("Bottlerocket") is None
    assert versions.families_for((1, 30), ("Ubuntu2004", "Ubuntu2204", "Bottlerocket")) == ["Ubuntu2204", "Bottlerocket"]


def test_eks226_instance_type_ami_mismatch() -> None:
    assert fixture_findings("EKS226", "bad") == [
        ("eksctl/cluster.yaml", 12, "error"),  # Windows on arm64
        ("eksctl/cluster.yaml", 15, "error"),  # self-managed AL2 on arm64 NVIDIA
        ("eksctl/cluster.yaml", 20, "error"),  # Inferentia on Ubuntu
        ("eksctl/cluster.yaml", 23, "warning"),  # NVIDIA on Ubuntu: no driver
        ("terraform/main.tf", 6, "error"),  # no ami_type: x86_64 default
        ("terraform/main.tf", 21, "error"),  # x86 type in an arm64 group
        ("terraform/main.tf", 41, "error"),  # module v21 default ami_type
    ]
    assert fixture_findings("EKS226", "good") == []


def test_eks227_bootstrap_cluster_name_mismatch() -> None:
    assert fixture_findings("EKS227", "bad") == [
        ("eksctl/cluster.yaml", 17, "warning"),
        ("terraform/main.tf", 18, "warning"),  # launch template of an aws_eks_node_group
    ]
    assert fixture_findings("EKS227", "good") == []
