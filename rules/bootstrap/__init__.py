"""Rules: node bootstrap (3xx): nodeadm NodeConfig, user data, bootstrap.sh."""

from ekslint.rules.bootstrap import (
    bootstrap_ca_not_base64,
    bootstrap_container_runtime,
    bootstrap_dns_ip_guessed,
    bootstrap_endpoint_without_ca,
    bootstrap_ip_family,
    bootstrap_kubelet_extra_args_unquoted,
    bootstrap_local_disks,
    bootstrap_missing_cluster_name,
    bootstrap_outpost_without_cluster_id,
    bootstrap_reserved_cpus,
    bootstrap_sh_on_al2023,
    bootstrap_unknown_flag,
    nodeconfig_ca_not_base64,
    nodeconfig_missing_cluster_field,
)

MODULES = [
    nodeconfig_missing_cluster_field,
    nodeconfig_ca_not_base64,
    bootstrap_sh_on_al2023,
    bootstrap_missing_cluster_name,
    bootstrap_unknown_flag,
    bootstrap_endpoint_without_ca,
    bootstrap_ca_not_base64,
    bootstrap_ip_family,
    bootstrap_dns_ip_guessed,
    bootstrap_container_runtime,
    bootstrap_outpost_without_cluster_id,
    bootstrap_local_disks,
    bootstrap_reserved_cpus,
    bootstrap_kubelet_extra_args_unquoted,
]
