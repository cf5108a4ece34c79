"""Rules: node bootstrap (3xx): nodeadm NodeConfig, user data, bootstrap.sh."""

from ekslint.rules.bootstrap import bootstrap_sh_on_al2023, nodeconfig_ca_not_base64, nodeconfig_missing_cluster_field

MODULES = [nodeconfig_missing_cluster_field, nodeconfig_ca_not_base64, bootstrap_sh_on_al2023]
