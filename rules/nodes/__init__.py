"""Rules: node groups and versions (2xx)."""

from ekslint.rules.nodes import (
    al2_on_kubernetes_1_33,
    al2023_override_not_nodeconfig,
    ami_family_unknown,
    ami_family_unsupported_field,
    container_runtime_unsupported,
    custom_ami_needs_ami_family,
    custom_ami_needs_override_bootstrap,
    iam_settings_conflict,
    kubelet_extra_config_forbidden_key,
    mng_custom_ami_unsupported,
    mng_launch_template_conflict,
    mng_unsupported_setting,
    node_label_invalid,
    node_label_reserved_prefix,
    node_newer_than_control_plane,
    node_older_than_skew_policy,
    nodegroup_name_invalid,
    override_bootstrap_without_custom_ami,
    scaling_bounds,
    ssh_settings_invalid,
    taint_invalid,
    volume_options_invalid,
)

MODULES = [node_newer_than_control_plane, node_older_than_skew_policy, al2_on_kubernetes_1_33,
           scaling_bounds, node_label_reserved_prefix, node_label_invalid, taint_invalid,
           ami_family_unknown, custom_ami_needs_ami_family, custom_ami_needs_override_bootstrap,
           override_bootstrap_without_custom_ami, al2023_override_not_nodeconfig,
           ami_family_unsupported_field, kubelet_extra_config_forbidden_key, container_runtime_unsupported,
           mng_launch_template_conflict, mng_custom_ami_unsupported, nodegroup_name_invalid,
           ssh_settings_invalid, mng_unsupported_setting, volume_options_invalid, iam_settings_conflict]
