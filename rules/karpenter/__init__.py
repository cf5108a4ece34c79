"""Rules: Karpenter (5xx): NodePool, EC2NodeClass and the roles their nodes use."""

from ekslint.rules.karpenter import (
    karpenter_controller_role_as_node_role,
    karpenter_node_role_unmapped,
    nodepool_nodeclass_missing,
)

MODULES = [karpenter_controller_role_as_node_role, karpenter_node_role_unmapped, nodepool_nodeclass_missing]
