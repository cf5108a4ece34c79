"""Karpenter rules (5xx): node roles and NodePool references."""

from tests.helpers import fixture_findings


def test_eks501_reports_the_controller_role_where_the_node_role_belongs() -> None:
    assert fixture_findings("EKS501", "bad") == [
        ("aws-auth.yaml", 13, "warning"),  # mapped as a node; named KarpenterControllerRole-*
        ("eksctl.yaml", 18, "warning"),  # EC2_LINUX access entry
        ("helm.tf", 32, "error"),  # raw chart EC2NodeClass with the Karpenter chart's IRSA role
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


def test_eks504_reports_role_and_instance_profile_together_missing_or_empty() -> None:
    assert fixture_findings("EKS504", "bad") == [
        ("karpenter.tf", 9, "error"),  # kubectl_manifest: both, from references
        ("karpenter.tf", 26, "error"),  # kubernetes_manifest: neither
        ("nodeclasses.yaml", 7, "error"),  # both
        ("nodeclasses.yaml", 21, "error"),  # neither
        ("nodeclasses.yaml", 37, "error"),  # v1beta1 role: ""
    ]


def test_eks504_accepts_one_of_them_and_documentation_fragments() -> None:
    assert fixture_findings("EKS504", "good") == []


def test_eks505_reports_role_arns_paths_and_arn_references() -> None:
    assert fixture_findings("EKS505", "bad") == [
        ("karpenter.tf", 15, "warning"),  # module.karpenter.node_iam_role_arn
        ("nodeclass.yaml", 6, "warning"),  # ARN
        ("nodeclass.yaml", 22, "warning"),  # path/name
    ]


def test_eks505_accepts_role_names_placeholders_and_name_references() -> None:
    assert fixture_findings("EKS505", "good") == []


def test_eks506_reports_ami_selection_the_crd_rejects() -> None:
    assert fixture_findings("EKS506", "bad") == [
        ("karpenter.tf", 8, "error"),  # alias without @version
        ("nodeclasses.yaml", 7, "error"),  # amiFamily AL2 with an al2023 alias
        ("nodeclasses.yaml", 10, "error"),  # alias and tags in one term
        ("nodeclasses.yaml", 26, "error"),  # pinned Windows version
        ("nodeclasses.yaml", 40, "error"),  # id term without amiFamily
        ("nodeclasses.yaml", 56, "error"),  # upper-case alias family
        ("nodeclasses.yaml", 56, "error"),  # alias next to another term
        ("nodeclasses.yaml", 69, "error"),  # v1 without amiSelectorTerms
        ("nodeclasses.yaml", 71, "error"),  # Ubuntu in v1
        ("nodeclasses.yaml", 83, "error"),  # v1beta1 without amiFamily
    ]


def test_eks506_accepts_aliases_custom_families_and_placeholders() -> None:
    assert fixture_findings("EKS506", "good") == []


def test_eks509_reports_tags_karpenter_reserves() -> None:
    assert fixture_findings("EKS509", "bad") == [
        ("karpenter.tf", 12, "error"),  # karpenter.sh/nodepool
        ("nodeclass.yaml", 16, "error"),  # kubernetes.io/cluster/...
        ("nodeclass.yaml", 17, "error"),  # eks:eks-cluster-name (v1)
        ("nodeclass.yaml", 34, "error"),  # karpenter.sh/managed-by (v1beta1)
        ("nodeclass.yaml", 35, "error"),  # empty key
    ]


def test_eks509_accepts_ordinary_tags_and_the_other_versions_reserved_keys() -> None:
    assert fixture_findings("EKS509", "good") == []


def test_eks510_reports_disabled_instance_metadata() -> None:
    assert fixture_findings("EKS510", "bad") == [
        ("karpenter.tf", 17, "error"),  # Bottlerocket
        ("nodeclass.yaml", 16, "error"),  # AL2023 alias
        ("nodeclass.yaml", 35, "warning"),  # Custom family
    ]


def test_eks510_accepts_imdsv2_with_hop_limit_one() -> None:
    assert fixture_findings("EKS510", "good") == []


def test_eks511_reports_selector_terms_the_crd_rejects() -> None:
    assert fixture_findings("EKS511", "bad") == [
        ("karpenter.tf", 11, "error"),  # security group name with tags
        ("nodeclass.yaml", 10, "error"),  # subnet id with tags in the only term
        ("nodeclass.yaml", 15, "error"),  # empty tag value
        ("nodeclass.yaml", 16, "error"),  # subnet id as a security group id
        ("nodeclass.yaml", 25, "error"),  # empty subnetSelectorTerms
        ("nodeclass.yaml", 27, "error"),  # term with no selector
    ]


def test_eks511_accepts_separate_terms_wildcards_and_placeholders() -> None:
    assert fixture_findings("EKS511", "good") == []


def test_eks512_reports_incomplete_or_v1beta1_style_nodeclassref() -> None:
    assert fixture_findings("EKS512", "bad") == [
        ("karpenter.tf", 10, "error"),  # no group
        ("karpenter.tf", 10, "error"),  # no kind
        ("nodepools.yaml", 9, "error"),  # apiVersion instead of group
        ("nodepools.yaml", 25, "error"),  # group with a version
        ("nodepools.yaml", 27, "error"),  # empty name
        ("nodepools.yaml", 39, "error"),  # no nodeClassRef at all
    ]


def test_eks512_accepts_v1_refs_v1beta1_pools_and_fragments() -> None:
    assert fixture_findings("EKS512", "good") == []


def test_eks513_reports_group_and_kind_that_do_not_belong_together() -> None:
    assert fixture_findings("EKS513", "bad") == [
        ("karpenter.tf", 10, "error"),  # EC2NodeClass in group karpenter.sh
        ("nodepools.yaml", 10, "error"),  # NodeClass in karpenter.k8s.aws
        ("nodepools.yaml", 22, "error"),  # Ec2NodeClass
        ("nodepools.yaml", 34, "error"),  # v1beta1 apiVersion of Auto Mode with EC2NodeClass
    ]


def test_eks513_accepts_ec2nodeclass_auto_mode_and_other_providers() -> None:
    assert fixture_findings("EKS513", "good") == []


def test_eks514_reports_labels_kubelet_refuses() -> None:
    assert fixture_findings("EKS514", "bad") == [
        ("karpenter.tf", 11, "error"),  # kubernetes.io/role
        ("nodepool.yaml", 9, "error"),  # node-role.kubernetes.io/worker
        ("nodepool.yaml", 11, "error"),  # k8s.io/...
    ]


def test_eks514_accepts_node_kubernetes_io_and_kubelet_labels() -> None:
    assert fixture_findings("EKS514", "good") == []


def test_eks515_reports_reserved_label_and_requirement_keys() -> None:
    assert fixture_findings("EKS515", "bad") == [
        ("karpenter.tf", 9, "error"),  # karpenter.sh/discovery as a label
        ("nodepool.yaml", 9, "error"),  # karpenter.sh/team
        ("nodepool.yaml", 10, "error"),  # kubernetes.io/hostname
        ("nodepool.yaml", 17, "error"),  # misspelt karpenter.k8s.aws label
        ("nodepool.yaml", 20, "error"),  # karpenter.sh/nodepool requirement
    ]


def test_eks515_accepts_well_known_and_own_domain_keys() -> None:
    assert fixture_findings("EKS515", "good") == []


def test_eks516_reports_operators_and_values_the_crd_rejects() -> None:
    assert fixture_findings("EKS516", "bad") == [
        ("karpenter.tf", 11, "error"),  # Gt with a negative value
        ("nodepool.yaml", 14, "error"),  # GreaterThan
        ("nodepool.yaml", 17, "error"),  # In without values
        ("nodepool.yaml", 20, "error"),  # Lt with two values
        ("nodepool.yaml", 24, "error"),  # minValues above the number of values
        ("nodepool.yaml", 37, "error"),  # Gte in v1beta1
    ]


def test_eks516_accepts_valid_requirements_and_placeholders() -> None:
    assert fixture_findings("EKS516", "good") == []


def test_eks517_reports_v1beta1_fields_in_v1_nodepools() -> None:
    assert fixture_findings("EKS517", "bad") == [
        ("karpenter.tf", 17, "warning"),  # disruption.expireAfter
        ("nodepool.yaml", 12, "warning"),  # template.spec.kubelet
        ("nodepool.yaml", 15, "error"),  # WhenUnderutilized
        ("nodepool.yaml", 16, "warning"),  # disruption.expireAfter
    ]


def test_eks517_accepts_v1_fields_and_v1beta1_objects() -> None:
    assert fixture_findings("EKS517", "good") == []


def test_eks518_reports_weight_and_resource_limits_on_static_nodepools() -> None:
    assert fixture_findings("EKS518", "bad") == [
        ("karpenter.tf", 8, "error"),  # limits.memory
        ("nodepool.yaml", 7, "error"),  # weight
        ("nodepool.yaml", 9, "error"),  # limits.cpu
    ]


def test_eks518_accepts_node_limits_on_static_and_weights_on_dynamic_pools() -> None:
    assert fixture_findings("EKS518", "good") == []


def test_eks507_reports_custom_families_without_the_unregistered_taint() -> None:
    assert fixture_findings("EKS507", "bad") == [
        ("karpenter.tf", 18, "error"),  # NodeConfig without registerWithTaints
        ("nodeclasses.yaml", 16, "error"),  # bootstrap.sh without --register-with-taints
        ("nodeclasses.yaml", 25, "warning"),  # no userData at all
    ]


def test_eks507_accepts_the_taint_templated_taints_and_v1beta1() -> None:
    assert fixture_findings("EKS507", "good") == []


def test_eks508_reports_user_data_the_family_cannot_use() -> None:
    assert fixture_findings("EKS508", "bad") == [
        ("karpenter.tf", 22, "warning"),  # cluster name overridden by Karpenter
        ("karpenter.tf", 23, "warning"),  # cidr overridden by Karpenter
        ("nodeclasses.yaml", 15, "error"),  # Bottlerocket TOML that does not parse
        ("nodeclasses.yaml", 35, "warning"),  # cloud-config on AL2023
        ("nodeclasses.yaml", 54, "warning"),  # NodeConfig on AL2
    ]


def test_eks508_accepts_toml_nodeconfig_shell_and_mime_user_data() -> None:
    assert fixture_findings("EKS508", "good") == []


def test_eks519_reports_literal_roles_of_prefixed_module_node_roles() -> None:
    assert fixture_findings("EKS519", "bad") == [
        ("karpenter.tf", 23, "error"),  # default Karpenter-<cluster> name, prefix on by default
        ("karpenter.yaml", 6, "error"),  # node_iam_role_name without use_name_prefix = false
    ]


def test_eks519_accepts_unprefixed_roles_unknown_inputs_and_references() -> None:
    assert fixture_findings("EKS519", "good") == []
