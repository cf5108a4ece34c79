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


def test_eks316_reports_bootstrap_sh_without_cluster_name() -> None:
    assert fixture_findings("EKS316", "bad") == [
        ("eksctl.yaml", 14, "error"),  # only options
        ("userdata.sh", 3, "error"),
    ]


def test_eks316_accepts_names_from_variables_and_forwarded_arguments() -> None:
    assert fixture_findings("EKS316", "good") == []


def test_eks317_reports_unknown_bootstrap_sh_options() -> None:
    assert fixture_findings("EKS317", "bad") == [
        ("cloudformation/join.json", 16, "warning"),  # Fn::Join user data: --b64-cluster-ca-data
        ("cloudformation/nodegroup.yaml", 9, "warning"),  # --use-max-pod in the BootstrapArguments default
        ("cloudformation/nodegroup.yaml", 43, "warning"),  # --kubelet-extra-arg in the !Sub | block
        ("eksctl.yaml", 15, "warning"),  # --apiserver-endpoint=... after the name: ignored
        ("eksctl.yaml", 17, "warning"),  # --use-max-pod: ignored
        ("userdata.sh", 3, "error"),  # --kubelet-extra-arg before the name becomes the cluster name
    ]


def test_eks317_accepts_known_options() -> None:
    assert fixture_findings("EKS317", "good") == []


def test_eks318_reports_endpoint_or_ca_alone() -> None:
    assert fixture_findings("EKS318", "bad") == [
        ("launch-template.tf", 7, "warning"),  # CA without endpoint
        ("userdata.sh", 3, "warning"),  # endpoint without CA
    ]


def test_eks318_accepts_both_or_neither() -> None:
    assert fixture_findings("EKS318", "good") == []


def test_eks319_reports_ca_that_base64_cannot_decode() -> None:
    assert fixture_findings("EKS319", "bad") == [
        ("eksctl.yaml", 14, "error"),  # PEM text
        ("userdata.sh", 3, "error"),  # padding cut off
    ]


def test_eks319_accepts_base64_and_variables() -> None:
    assert fixture_findings("EKS319", "good") == []


def test_eks320_reports_ip_family_arguments_the_script_rejects() -> None:
    assert fixture_findings("EKS320", "bad") == [
        ("eksctl.yaml", 14, "error"),  # --service-ipv6-cidr with --ip-family ipv4
        ("userdata.sh", 3, "error"),  # --ip-family dual
        ("userdata.sh", 4, "error"),  # ipv6, DescribeCluster skipped, no service CIDR or DNS IP
    ]


def test_eks320_accepts_consistent_ip_family_arguments() -> None:
    assert fixture_findings("EKS320", "good") == []


def test_eks321_reports_guessed_dns_ip() -> None:
    assert fixture_findings("EKS321", "bad") == [
        ("eksctl.yaml", 16, "warning"),  # the cluster's service CIDR is 10.150.0.0/16
        ("userdata.sh", 3, "warning"),
    ]


def test_eks321_accepts_service_cidr_dns_ip_or_describe_cluster() -> None:
    assert fixture_findings("EKS321", "good") == []


def test_eks322_reports_docker_runtime() -> None:
    assert fixture_findings("EKS322", "bad") == [
        ("eksctl.yaml", 14, "warning"),  # Kubernetes 1.23: still allowed, deprecated
        ("userdata.sh", 3, "error"),
    ]


def test_eks322_accepts_containerd() -> None:
    assert fixture_findings("EKS322", "good") == []


def test_eks323_reports_local_outpost_without_cluster_id() -> None:
    assert fixture_findings("EKS323", "bad") == [
        ("launch-template.tf", 7, "error"),
        ("userdata.sh", 3, "error"),
    ]


def test_eks323_accepts_cluster_id_or_describe_cluster() -> None:
    assert fixture_findings("EKS323", "good") == []


def test_eks324_reports_local_disks_values_setup_local_disks_rejects() -> None:
    assert fixture_findings("EKS324", "bad") == [
        ("eksctl.yaml", 14, "error"),  # raid5
        ("userdata.sh", 3, "error"),  # RAID0: the helper is case-sensitive
    ]


def test_eks324_accepts_valid_strategies() -> None:
    assert fixture_findings("EKS324", "good") == []


def test_eks325_notes_reserved_cpus() -> None:
    assert fixture_findings("EKS325", "bad") == [
        ("eksctl.yaml", 14, "note"),
        ("userdata.sh", 3, "note"),
    ]


def test_eks325_accepts_other_kubelet_arguments() -> None:
    assert fixture_findings("EKS325", "good") == []


def test_eks326_reports_unquoted_kubelet_extra_args() -> None:
    assert fixture_findings("EKS326", "bad") == [
        ("launch-template.tf", 7, "warning"),
        ("userdata.sh", 3, "warning"),  # after the cluster name: ignored
        ("userdata.sh", 4, "error"),  # before the cluster name: becomes the cluster name
    ]


def test_eks326_accepts_quoted_kubelet_extra_args() -> None:
    assert fixture_findings("EKS326", "good") == []


def test_eks304_reports_nodeconfig_apiversion_and_kind_nodeadm_does_not_decode() -> None:
    assert fixture_findings("EKS304", "bad") == [
        ("launch-template.tf", 16, "error"),  # no apiVersion
        ("nodeconfig.yaml", 1, "error"),  # node.eks.aws/v1beta1
        ("userdata.txt", 7, "error"),  # node.eks.amazonaws.com group
        ("userdata.txt", 20, "error"),  # kind: Nodeconfig
    ]


def test_eks304_accepts_v1alpha1_and_other_products_nodeconfig_kinds() -> None:
    assert fixture_findings("EKS304", "good") == []


def test_eks305_reports_cidr_go_cannot_parse() -> None:
    assert fixture_findings("EKS305", "bad") == [
        ("eksctl.yaml", 16, "error"),  # /33
        ("karpenter.yaml", 29, "error"),  # leading zeros
        ("nodeconfig.yaml", 8, "error"),  # bare IP
    ]


def test_eks305_accepts_ipv4_ipv6_and_template_cidrs() -> None:
    assert fixture_findings("EKS305", "good") == []


def test_eks306_reports_cidr_that_is_not_the_service_cidr() -> None:
    assert fixture_findings("EKS306", "bad") == [
        ("cluster.tf", 32, "warning"),  # the cluster's service_ipv4_cidr is 172.20.0.0/16
        ("nodeconfig.yaml", 8, "warning"),  # 10.0.0.0/8: a VPC-sized range
    ]


def test_eks306_accepts_service_cidrs_and_explicit_cluster_dns() -> None:
    assert fixture_findings("EKS306", "good") == []


def test_eks307_reports_endpoint_hosts_in_the_wrong_partition_or_shape() -> None:
    assert fixture_findings("EKS307", "bad") == [
        ("eksctl.yaml", 17, "error"),  # aws endpoint, nodes in cn-northwest-1
        ("nodeconfig.yaml", 6, "error"),  # cn-north-1 under .amazonaws.com
        ("userdata.txt", 12, "warning"),  # http://
        ("userdata.txt", 12, "warning"),  # not an EKS host shape
    ]


def test_eks307_accepts_china_hosts_proxies_and_outposts() -> None:
    assert fixture_findings("EKS307", "good") == []


def test_eks308_reports_outpost_without_cluster_id() -> None:
    assert fixture_findings("EKS308", "bad") == [
        ("nodeconfig.yaml", 9, "error"),
        ("userdata.txt", 15, "error"),  # the second part's empty id overrides nothing
    ]


def test_eks308_accepts_outpost_with_id_in_any_part() -> None:
    assert fixture_findings("EKS308", "good") == []


def test_eks309_reports_local_storage_values_nodeadm_cannot_use() -> None:
    assert fixture_findings("EKS309", "bad") == [
        ("karpenter.yaml", 27, "error"),  # Raid-0
        ("nodeconfig.yaml", 11, "error"),  # RAID5
        ("nodeconfig.yaml", 12, "warning"),  # disabledMounts: Kubelet is ignored
    ]


def test_eks309_accepts_documented_strategies() -> None:
    assert fixture_findings("EKS309", "good") == []


def test_eks310_reports_unknown_feature_gates() -> None:
    assert fixture_findings("EKS310", "bad") == [
        ("eksctl.yaml", 17, "warning"),  # a kubelet feature gate in nodeadm's featureGates
        ("nodeconfig.yaml", 10, "warning"),  # InstanceIDNodeName
    ]


def test_eks310_accepts_nodeadm_gates_and_kubelet_gates_in_kubelet_config() -> None:
    assert fixture_findings("EKS310", "good") == []


def test_eks311_reports_kubelet_flags_nodeadm_sets() -> None:
    assert fixture_findings("EKS311", "bad") == [
        ("karpenter.yaml", 27, "warning"),  # --cloud-provider
        ("nodeconfig.yaml", 12, "warning"),  # --hostname-override
    ]


def test_eks311_accepts_other_kubelet_flags() -> None:
    assert fixture_findings("EKS311", "good") == []


def test_eks312_reports_invalid_containerd_toml_at_its_line() -> None:
    assert fixture_findings("EKS312", "bad") == [
        ("launch-template.tf", 23, "error"),  # table declared twice
        ("nodeconfig.yaml", 15, "error"),  # unquoted string
    ]


def test_eks312_accepts_valid_toml() -> None:
    assert fixture_findings("EKS312", "good") == []


def test_eks313_reports_nameservers_that_are_not_addresses() -> None:
    assert fixture_findings("EKS313", "bad") == [
        ("nodeconfig.yaml", 13, "warning"),  # host name
        ("userdata.txt", 12, "warning"),  # comma-separated list in one entry
    ]


def test_eks313_accepts_ipv4_ipv6_and_resolved_suffixes() -> None:
    assert fixture_findings("EKS313", "good") == []


def test_eks314_reports_nodeconfig_parts_with_another_content_type() -> None:
    assert fixture_findings("EKS314", "bad") == [
        ("cloudinit.tf", 14, "error"),  # Terraform cloudinit_config part typed application/yaml
        ("launch-template.tf", 26, "warning"),  # text/yaml next to a proper part: its settings are lost
        ("userdata.txt", 11, "error"),  # application/yaml, the only NodeConfig
    ]


def test_eks314_accepts_parameters_and_scripts_writing_drop_ins() -> None:
    assert fixture_findings("EKS314", "good") == []


def test_eks315_reports_mime_that_go_cannot_split() -> None:
    assert fixture_findings("EKS315", "bad") == [
        ("karpenter.yaml", 18, "error"),  # no empty line after the headers
        ("userdata.txt", 4, "warning"),  # the last part runs to the end: no closing boundary
    ]


def test_eks315_accepts_well_formed_mime_and_al2_scripts() -> None:
    assert fixture_findings("EKS315", "good") == []


def test_eks327_reports_node_labels_kubelet_refuses() -> None:
    assert fixture_findings("EKS327", "bad") == [
        ("nodeconfig.yaml", 11, "error"),  # node-role.kubernetes.io/worker in kubelet.flags
        ("userdata.sh", 2, "error"),  # kubernetes.io/role in --kubelet-extra-args
    ]


def test_eks327_accepts_kubelet_settable_labels() -> None:
    assert fixture_findings("EKS327", "good") == []


def test_eks328_reports_ca_that_is_not_pem_after_decoding() -> None:
    assert fixture_findings("EKS328", "bad") == [
        ("nodeconfig.yaml", 7, "warning"),  # base64 of the base64 text
        ("userdata.sh", 3, "warning"),  # DER certificate
    ]


def test_eks328_accepts_pem_and_test_stand_ins() -> None:
    assert fixture_findings("EKS328", "good") == []


def test_eks329_reports_kubelet_config_values_of_the_wrong_type() -> None:
    assert fixture_findings("EKS329", "bad") == [
        ("karpenter.yaml", 28, "warning"),  # feature gate "true" in quotes
        ("nodeconfig.yaml", 11, "warning"),  # maxPods: "110"
        ("nodeconfig.yaml", 12, "warning"),  # clusterDNS: a string, not a list
        ("nodeconfig.yaml", 14, "warning"),  # kubeReserved ephemeral-storage: a number
        ("nodeconfig.yaml", 17, "warning"),  # serializeImagePulls: "false"
    ]


def test_eks329_accepts_typed_values_and_templates() -> None:
    assert fixture_findings("EKS329", "good") == []
