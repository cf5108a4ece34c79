"""Rules: Karpenter (5xx): NodePool, EC2NodeClass and the roles their nodes use."""

from ekslint.rules.karpenter import (
    karpenter_controller_role_as_node_role,
    karpenter_node_role_unmapped,
    nodeclass_ami_selection,
    nodeclass_imds_disabled,
    nodeclass_restricted_tags,
    nodeclass_role_not_a_name,
    nodeclass_role_xor_instance_profile,
    nodeclass_selector_terms,
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
    karpenter_controller_role_as_node_role,
    karpenter_node_role_unmapped,
    nodepool_nodeclass_missing,
    nodeclass_role_xor_instance_profile,
    nodeclass_role_not_a_name,
    nodeclass_ami_selection,
    nodeclass_imds_disabled,
    nodeclass_restricted_tags,
    nodeclass_selector_terms,
    nodepool_nodeclassref_shape,
    nodepool_nodeclassref_kind,
    nodepool_label_kubelet_forbidden,
    nodepool_restricted_labels,
    nodepool_requirements,
    v1beta1_fields_in_v1,
    nodepool_static_replicas,
]
