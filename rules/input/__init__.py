"""Rules: input files."""

from ekslint.rules.input import (
    eksctl_nodegroup_field_of_other_kind,
    eksctl_unknown_field,
    eksctl_wrong_value_type,
    file_does_not_parse,
    file_not_readable,
    karpenter_unknown_field,
    karpenter_wrong_value_type,
    nodeconfig_unknown_field,
    nodeconfig_wrong_value_type,
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
]
