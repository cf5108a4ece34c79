"""Cluster and network rules (EKS1xx): eksctl fully-private clusters."""

from pathlib import Path

from tests.helpers import fixture_findings, lint_tree


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


def test_eks106_apiversion_and_kind() -> None:
    # wrong version + wrong-case kind; kind without apiVersion; apiVersion without kind
    assert fixture_findings("EKS106", "bad") == [
        ("cluster.yaml", 2, "error"),
        ("cluster.yaml", 3, "error"),
        ("no-apiversion.yaml", 1, "error"),
        ("no-apiversion.yaml", 7, "error"),
    ]
    assert fixture_findings("EKS106", "good") == []


def test_eks107_metadata_required() -> None:
    assert fixture_findings("EKS107", "bad") == [
        ("empty-name.yaml", 5, "error"),
        ("no-metadata.yaml", 2, "error"),
        ("no-region.yaml", 4, "error"),
    ]
    assert fixture_findings("EKS107", "good") == []


def test_eks108_name_format() -> None:
    # cluster and nodeGroup names are errors; a managed node group name breaks its CloudFormation stack (warning)
    assert fixture_findings("EKS108", "bad") == [
        ("cluster.yaml", 5, "error"),
        ("cluster.yaml", 10, "error"),
        ("cluster.yaml", 16, "warning"),
    ]
    assert fixture_findings("EKS108", "good") == []


def test_eks109_region() -> None:
    # an AZ and a typo are errors; a well-formed region eksctl does not list is a warning
    assert fixture_findings("EKS109", "bad") == [
        ("az-instead-of-region.yaml", 6, "error"),
        ("typo.yaml", 6, "error"),
        ("unknown-region.yaml", 6, "warning"),
    ]
    assert fixture_findings("EKS109", "good") == []


def test_regions_partitions() -> None:
    from ekslint import regions

    assert regions.partition_of("cn-north-1") == "aws-cn"
    assert regions.partition_of("us-gov-east-1") == "aws-us-gov"
    assert regions.partition_of("us-isob-east-1") == "aws-iso-b"
    assert regions.partition_of("us-iso-west-1") == "aws-iso"
    assert regions.partition_of("eu-isoe-west-1") == "aws-iso-e"
    assert regions.partition_of("eu-west-1") == "aws"
    assert regions.partition_of("us-east-1a") is None
    assert regions.closest_region("us-east-1a") == "us-east-1"
    assert regions.closest_region("eu-west1") == "eu-west-1"
    assert regions.closest_region("US-EAST-1") == "us-east-1"


def test_eks110_unquoted_version() -> None:
    # 1.30 loses a digit (error, eksctl and Terraform); 1.34 survives but is fragile (warning)
    assert fixture_findings("EKS110", "bad") == [
        ("eksctl/cluster.yaml", 7, "error"),
        ("eksctl/fragile.yaml", 7, "warning"),
        ("terraform/main.tf", 4, "error"),
    ]
    assert fixture_findings("EKS110", "good") == []


def test_eks111_unsupported_version() -> None:
    # table date 2026-11-23: 1.28 / 1.29 ended (error); 1.32 / 1.33 in extended support (warning);
    # 1.34, a version newer than the table and eksctl's default are fine
    assert fixture_findings("EKS111", "bad") == [
        ("eksctl/cluster.yaml", 7, "error"),
        ("eksctl/extended-support.yaml", 7, "warning"),
        ("terraform-module/main.tf", 6, "warning"),
        ("terraform/main.tf", 4, "error"),
    ]
    assert fixture_findings("EKS111", "good") == []


def test_version_support_status() -> None:
    from ekslint import versions

    assert versions.support_status((1, 20)) == versions.ENDED  # older than the table
    assert versions.support_status((1, 30)) == versions.ENDED
    assert versions.support_status((1, 31)) == versions.EXTENDED
    assert versions.support_status((1, 34)) == versions.STANDARD
    assert versions.support_status((1, 40)) == versions.NEWER
    assert versions.support_status((1, 34), on="2027-12-03") == versions.ENDED
    assert versions.oldest_supported() == (1, 31)


def test_eks112_version_format() -> None:
    assert fixture_findings("EKS112", "bad") == [("eksctl/cluster.yaml", 7, "error"), ("terraform/main.tf", 4, "warning")]
    assert fixture_findings("EKS112", "good") == []


def test_eks113_private_cluster_existing_vpc_needs_private_subnets() -> None:
    assert fixture_findings("EKS113", "bad") == [("cluster.yaml", 13, "error")]
    assert fixture_findings("EKS113", "good") == []


def test_eks114_private_cluster_local_zones() -> None:
    assert fixture_findings("EKS114", "bad") == [("cluster.yaml", 12, "error")]
    assert fixture_findings("EKS114", "good") == []


def test_eks115_private_cluster_outpost_nodegroup() -> None:
    # the node group on the Outpost is reported; the in-region one is fine
    assert fixture_findings("EKS115", "bad") == [("cluster.yaml", 16, "error")]
    assert fixture_findings("EKS115", "good") == []


def test_eks116_endpoint_no_access() -> None:
    # eksctl: privateAccess unset defaults to false; Terraform resource and module inputs; CloudFormation
    assert fixture_findings("EKS116", "bad") == [
        ("cloudformation/stack.yaml", 12, "error"),
        ("eksctl/cluster.yaml", 11, "error"),
        ("terraform-module/main.tf", 8, "error"),
        ("terraform/main.tf", 8, "error"),
    ]
    assert fixture_findings("EKS116", "good") == []


def test_eks117_public_access_cidrs() -> None:
    # an address without prefix and a /33 are errors; a restricted list with private access off is a warning
    assert fixture_findings("EKS117", "bad") == [
        ("eksctl/cluster.yaml", 12, "error"),
        ("eksctl/lockout.yaml", 12, "warning"),
        ("terraform/main.tf", 8, "error"),
    ]
    assert fixture_findings("EKS117", "good") == []


def test_eks118_service_ipv4_cidr() -> None:
    # outside the private ranges; overlapping vpc.cidr; /26; no prefix (module input)
    assert fixture_findings("EKS118", "bad") == [
        ("eksctl/cluster.yaml", 10, "error"),
        ("eksctl/overlap.yaml", 13, "error"),
        ("terraform-module/main.tf", 7, "error"),
        ("terraform/main.tf", 11, "error"),
    ]
    assert fixture_findings("EKS118", "good") == []


def test_eks119_ip_family() -> None:
    # china.yaml: IPv6 in cn-north-1; cluster.yaml: vpc-cni without OIDC, serviceIPv4CIDR, nat, no coredns;
    # dualstack.yaml: invalid family; Terraform: 1.20 with ipv6, `ip6`
    assert fixture_findings("EKS119", "bad") == [
        ("eksctl/china.yaml", 10, "error"),
        ("eksctl/cluster.yaml", 10, "error"),
        ("eksctl/cluster.yaml", 11, "error"),
        ("eksctl/cluster.yaml", 14, "error"),
        ("eksctl/cluster.yaml", 17, "error"),
        ("eksctl/dualstack.yaml", 10, "error"),
        ("terraform/main.tf", 11, "error"),
        ("terraform/main.tf", 25, "error"),
    ]
    assert fixture_findings("EKS119", "good") == []


def test_eks120_zones_conflict() -> None:
    # top-level zones with subnets; node group with subnets + zones and localZones + zones; a single zone
    assert fixture_findings("EKS120", "bad") == [
        ("cluster.yaml", 9, "error"),
        ("cluster.yaml", 21, "error"),
        ("cluster.yaml", 21, "error"),
        ("single-zone.yaml", 8, "error"),
    ]
    assert fixture_findings("EKS120", "good") == []


def test_eks121_too_few_subnets() -> None:
    # one private / one public subnet, and private node groups without two private subnets; Outposts need one
    assert fixture_findings("EKS121", "bad") == [
        ("cluster.yaml", 15, "error"),
        ("cluster.yaml", 21, "error"),
        ("public-only.yaml", 11, "error"),
        ("public-only.yaml", 17, "error"),
    ]
    assert fixture_findings("EKS121", "good") == []


def test_eks122_vpc_conflicts() -> None:
    # cluster.yaml: securityGroup + controlPlaneSecurityGroupIDs, hostnameType with subnets, unmanaged shared SG
    # rules without a shared SG, private control plane in one zone, localZones with vpc.id;
    # new-vpc.yaml: bad hostnameType, extraCIDRs entry without prefix, HighlyAvailable NAT with localZones
    assert fixture_findings("EKS122", "bad") == [
        ("cluster.yaml", 11, "error"),
        ("cluster.yaml", 13, "error"),
        ("cluster.yaml", 14, "error"),
        ("cluster.yaml", 15, "error"),
        ("cluster.yaml", 21, "error"),
        ("new-vpc.yaml", 11, "error"),
        ("new-vpc.yaml", 12, "error"),
        ("new-vpc.yaml", 14, "error"),
    ]
    assert fixture_findings("EKS122", "good") == []


def test_eks123_endpoint_private_only() -> None:
    assert fixture_findings("EKS123", "bad") == [("cluster.yaml", 11, "note")]
    assert fixture_findings("EKS123", "good") == []


def test_cluster_rules_survive_malformed_configs(tmp_path: Path) -> None:
    bodies = [
        "metadata: hello", "metadata: {name: 5, region: 7, version: true}",
        "metadata: {name: a, region: us-east-1, version: .inf}", "vpc: 5",
        "vpc: {clusterEndpoints: 5, publicAccessCIDRs: 5, subnets: 5}",
        'vpc: {clusterEndpoints: {publicAccess: "no"}, publicAccessCIDRs: [null, 5, "x/y"], subnets: {private: [a]}}',
        "availabilityZones: us-east-1a", "localZones: 5\nprivateCluster: {enabled: true}",
        "nodeGroups: [null, 5, {name: [x], availabilityZones: [a], subnets: {a: b}, privateNetworking: true}]",
        'kubernetesNetworkConfig: {ipFamily: IPv6, serviceIPv4CIDR: "::/0"}\naddons: [null, {name: 5}, "x"]',
        "vpc: {controlPlaneOnPrivateSubnets: true, subnets: {private: {a: 5, b: [1]}}}",
        "outpost: 5\nprivateCluster: {enabled: true}\nnodeGroups: [{outpostARN: 5}]",
    ]
    for i, body in enumerate(bodies):
        (tmp_path / f"c{i}.yaml").write_text(f"apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n{body}\n")
    (tmp_path / "main.tf").write_text(
        'resource "aws_eks_cluster" "a" {\n  version = 1e400\n  vpc_config {\n    public_access_cidrs = "x"\n  }\n'
        '  kubernetes_network_config {\n    ip_family = 6\n  }\n}\n')
    findings = lint_tree(tmp_path, ["EKS1"])  # asserts that no rule raised
    assert findings


def test_eks124_private_cluster_unsupported_region() -> None:
    assert fixture_findings("EKS124", "bad") == [("cluster.yaml", 6, "warning")]
    assert fixture_findings("EKS124", "good") == []


def test_eks125_eks_module_unknown_input() -> None:
    assert fixture_findings("EKS125", "bad") == [
        ("main.tf", 6, "error"),
        ("main.tf", 7, "error"),
        ("main.tf", 8, "error"),
        ("main.tf", 9, "error"),
        ("main.tf", 24, "error"),
        ("main.tf", 25, "error"),
        ("main.tf", 35, "error"),
        ("main.tf", 36, "error"),
        ("main.tf", 46, "error"),
    ]
    assert fixture_findings("EKS125", "good") == []


def test_eks125_module_version_constraints() -> None:
    from ekslint.extract.terraform import _eks_module_source, _major

    assert _major("~> 20.0") == 20
    assert _major("~>21.1.0") == 21
    assert _major("20.8.5") == 20
    assert _major("= 19.21.0") == 19
    assert _major("v20.1.0") == 20
    assert _major(">= 21.0, < 22.0") == 21
    assert _major(">= 20.5.0, < 21.0.0, != 20.8.0") == 20
    assert _major(">= 20.0, <= 20.37.2") == 20
    for spread in ("~> 20", ">= 20.0", ">= 20.0, < 22.0", "< 21.0", "20.1.0, 21.0.0", "latest", "master", "", None):
        assert _major(spread) is None, spread
    assert _eks_module_source("git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.1.0") == ("", "v20.1.0")
    assert _eks_module_source("terraform-aws-modules/eks/aws//modules/karpenter") == ("modules/karpenter", None)


def test_eks125_advice_matches_the_module_data() -> None:
    from ekslint.rules.cluster.eks_module_unknown_input import REMOVED, RENAMED, advice
    from ekslint.tf_module_inputs import GENERATED_FROM, INPUTS

    assert set(GENERATED_FROM) == {19, 20, 21}
    for sub, renames in RENAMED.items():
        for old, (since, new) in renames.items():
            assert old in INPUTS[(sub, since - 1)] and old not in INPUTS[(sub, since)], (sub, old)
            assert new in INPUTS[(sub, since)], (sub, new)
    for sub, removed in REMOVED.items():
        for name, (since, _) in removed.items():
            assert name in INPUTS[(sub, since - 1)] and name not in INPUTS[(sub, since)], (sub, name)
    assert advice("", 21, "cluster_version") == 'v21 renamed it: use "kubernetes_version" instead'
    assert advice("", 20, "name") == 'that is its v21 name: with v20 use "cluster_name" instead'
    assert advice("modules/karpenter", 21, "irsa_name") == 'v20 renamed it: use "iam_role_name" instead'
    assert advice("", 21, "subnet_idz") == 'did you mean "subnet_ids"?'
    assert advice("", 21, "completely_unrelated") is None
