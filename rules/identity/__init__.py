"""Rules: identity (4xx): access entries and the aws-auth ConfigMap."""

from ekslint.rules.identity import (
    access_entry_principal_not_bound_to_role,
    access_entry_session_name_colon,
    access_entry_type_invalid,
    access_entry_username_reserved,
    aws_auth_instance_profile_arn,
    aws_auth_map_not_yaml,
    aws_auth_node_groups_missing,
    aws_auth_node_username,
    aws_auth_role_arn_with_path,
    aws_auth_top_level_key_case,
    aws_auth_value_not_string,
    aws_auth_wrong_name_or_namespace,
    cross_region_node_ec2_mapping,
    node_entry_groups_or_username,
    node_role_standard_entry,
    standard_entry_system_group,
)

MODULES = [
    standard_entry_system_group,
    node_entry_groups_or_username,
    cross_region_node_ec2_mapping,
    aws_auth_role_arn_with_path,
    aws_auth_instance_profile_arn,
    aws_auth_node_groups_missing,
    aws_auth_node_username,
    aws_auth_map_not_yaml,
    access_entry_principal_not_bound_to_role,
    aws_auth_wrong_name_or_namespace,
    aws_auth_top_level_key_case,
    aws_auth_value_not_string,
    access_entry_type_invalid,
    node_role_standard_entry,
    access_entry_username_reserved,
    access_entry_session_name_colon,
]
