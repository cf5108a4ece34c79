"""Rules: input files."""

from ekslint.rules.input import (
    eksctl_nodegroup_field_of_other_kind,
    eksctl_unknown_field,
    eksctl_wrong_value_type,
    expired_suppression,
    file_does_not_parse,
    file_not_readable,
    karpenter_unknown_field,
    karpenter_wrong_value_type,
    malformed_suppression,
    nodeconfig_unknown_field,
    nodeconfig_wrong_value_type,
    suppression_without_reason,
    unused_suppression,
)

MODULES = [
    file_does_not_parse,
    file_not_readable,
    eksctl_unknown_field,
    eksctl_nodegroup_field_of_other_kind,
    eksctl_wrong_value_type,
    nodeconfig_unknown_field,
    nodeconfig_wrong_value_type,
    karpenter_unknown_field,
    karpenter_wrong_value_type,
    suppression_without_reason,
    unused_suppression,
    expired_suppression,
    malformed_suppression,
]
