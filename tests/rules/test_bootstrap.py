"""Bootstrap rules (3xx): NodeConfig completeness and encoding, bootstrap.sh on AL2023."""

from tests.helpers import fixture_findings


def test_eks301_reports_each_missing_cluster_field_after_merging() -> None:
    assert fixture_findings("EKS301", "bad") == [
        ("karpenter-custom.yaml", 27, "error"),  # cidr missing (Custom AMI family: nothing is added)
        ("karpenter-custom.yaml", 28, "error"),  # name: "" is empty
        ("nodeconfig.yaml", 5, "error"),  # cidr missing
        ("self-managed.tf", 15, "error"),  # apiServerEndpoint missing in a custom-AMI launch template
        ("userdata.txt", 11, "error"),  # certificateAuthority missing from both MIME parts
        ("userdata.txt", 11, "error"),  # cidr missing from both MIME parts
    ]


def test_eks301_accepts_overrides_where_the_cluster_section_is_supplied() -> None:
    # managed node group on the EKS AL2023 AMI, eksctl, Karpenter AL2023, drop-ins, hybrid nodes, MIME merges
    assert fixture_findings("EKS301", "good") == []


def test_eks302_reports_certificate_authorities_go_cannot_decode() -> None:
    assert fixture_findings("EKS302", "bad") == [
        ("eksctl.yaml", 20, "error"),  # plain multi-line scalar: lines joined with spaces
        ("karpenter.yaml", 23, "error"),  # padding stripped
        ("nodeconfig-pem.yaml", 8, "error"),  # PEM block
        ("userdata.txt", 13, "error"),  # PEM on one line
    ]


def test_eks302_accepts_base64_wrapped_lines_fakes_and_unknown_values() -> None:
    assert fixture_findings("EKS302", "good") == []


def test_eks303_reports_bootstrap_sh_on_al2023() -> None:
    assert fixture_findings("EKS303", "bad") == [
        ("eksctl.yaml", 14, "error"),  # amiFamily: AmazonLinux2023
        ("eksctl.yaml", 21, "error"),  # amiFamily omitted: eksctl's default is AL2023
        ("karpenter.yaml", 17, "warning"),  # Karpenter's own NodeConfig still joins the node
        ("managed-nodegroup.tf", 12, "warning"),  # EKS adds the NodeConfig for AL2023_* managed nodes
        ("userdata-mixed.txt", 19, "error"),  # the user data also carries a NodeConfig
    ]


def test_eks303_accepts_bootstrap_sh_on_al2() -> None:
    assert fixture_findings("EKS303", "good") == []
