"""Rules: Karpenter (5xx): NodePool, EC2NodeClass and the roles their nodes use."""

from ekslint.rules.karpenter import (
    karpenter_controller_role_as_node_role,
    karpenter_node_role_unmapped,
    karpenter_role_name_prefix,
    nodeclass_ami_selection,
    nodeclass_custom_unregistered_taint,
    nodeclass_imds_disabled,
    nodeclass_restricted_tags,
    nodeclass_role_not_a_name,
    nodeclass_role_xor_instance_profile,
    nodeclass_selector_terms,
    nodeclass_userdata_format,
    nodepool_label_kubelet_forbidden,
    nodepool_nodeclass_missing,
    nodepool_nodeclassref_kind,
    nodepool_nodeclassref_shape,
    nodepool_requirements,
    nodepool_restricted_labels,
    nodepool_static_replicas,
    v1beta1_fields_in_v1,
)

MODULES = [
    karpenter_controller_role_as_node_role,  # EKS501
    karpenter_node_role_unmapped,  # EKS502
    nodepool_nodeclass_missing,  # EKS503
    nodeclass_role_xor_instance_profile,  # EKS504
    nodeclass_role_not_a_name,  # EKS505
    nodeclass_ami_selection,  # EKS506
    nodeclass_custom_unregistered_taint,  # EKS507
    nodeclass_userdata_format,  # EKS508
    nodeclass_restricted_tags,  # EKS509
    nodeclass_imds_disabled,  # EKS510
    nodeclass_selector_terms,  # EKS511
    nodepool_nodeclassref_shape,  # EKS512
    nodepool_nodeclassref_kind,  # EKS513
    nodepool_label_kubelet_forbidden,  # EKS514
    nodepool_restricted_labels,  # EKS515
    nodepool_requirements,  # EKS516
    v1beta1_fields_in_v1,  # EKS517
    nodepool_static_replicas,  # EKS518
    karpenter_role_name_prefix,  # EKS519
]
