"""Rules: cluster and network (1xx)."""

from ekslint.rules.cluster import (
    cluster_version_format,
    cluster_version_unquoted,
    cluster_version_unsupported,
    eksctl_apiversion_kind,
    eksctl_metadata_required,
    eksctl_name_format,
    eksctl_region_unsupported,
    private_cluster_endpoint_service_unsupported,
    private_cluster_endpoints_set,
    private_cluster_existing_vpc_no_private_subnets,
    private_cluster_local_zones,
    private_cluster_nodegroup_not_private,
    private_cluster_outpost_nodegroup,
    private_cluster_public_subnets,
    private_cluster_skip_endpoints_with_additional,
)

MODULES = [
    private_cluster_nodegroup_not_private,
    private_cluster_skip_endpoints_with_additional,
    private_cluster_endpoint_service_unsupported,
    private_cluster_endpoints_set,
    private_cluster_public_subnets,
    eksctl_apiversion_kind,
    eksctl_metadata_required,
    eksctl_name_format,
    eksctl_region_unsupported,
    cluster_version_unquoted,
    cluster_version_unsupported,
    cluster_version_format,
    private_cluster_existing_vpc_no_private_subnets,
    private_cluster_local_zones,
    private_cluster_outpost_nodegroup,
]
