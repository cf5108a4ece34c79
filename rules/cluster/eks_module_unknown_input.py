"""terraform-aws-eks module input that does not exist in the pinned major version.

## What it does
Reports an argument of a Terraform `module` block calling `terraform-aws-modules/eks/aws` (the
root module, or its `//modules/karpenter`, `//modules/eks-managed-node-group`,
`//modules/self-managed-node-group`, `//modules/fargate-profile`, `//modules/aws-auth`,
`//modules/hybrid-node-role` and `//modules/capability` submodules) that is not an input variable
of that module in the major version the call pins (v19, v20 or v21). The major version is taken
from `version` (`"~> 20.0"`, `"20.8.5"`, `">= 21.0, < 22.0"`) or from a git source's `?ref=v20.1.0`;
a constraint that allows several majors, or none that can be read, reports nothing. The
meta-arguments (`source`, `version`, `count`, `for_each`, `providers`, `depends_on`) are never
reported, and a call with `count = 0` or `create = false` is still checked, as Terraform checks it.

When the input was renamed or removed between majors, the message says what to use in the pinned
major (v21 dropped the `cluster_` prefix: `cluster_name` → `name`, `cluster_version` →
`kubernetes_version`, `cluster_addons` → `addons`, …; v20 moved the aws-auth ConfigMap out of the
root module; v20 renamed the Karpenter submodule's `irsa_*` inputs to `iam_role_*` and its node role
inputs to `node_iam_role_*`). Otherwise it suggests the closest existing input.

## Why is this bad
Terraform rejects the whole configuration before anything is planned:
`Error: Unsupported argument ... An argument named "cluster_name" is not expected here.` This is
what happens when a module's `version` is raised to a new major without renaming its inputs, or
when an example written for another major is copied.

## Example
```hcl
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  cluster_name    = "prod"
  cluster_version = "1.33"
}
```

## Use instead
```hcl
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "prod"
  kubernetes_version = "1.33"
}
```

## References
- research `domain-karpenter-auth-terraform.md` §3.6 (terraform-aws-eks inputs) and T11
  `tf-module-input-version-mismatch`
- terraform-aws-modules/terraform-aws-eks `variables.tf` and `modules/*/variables.tf` at every
  v19, v20 and v21 release (v19.0.0 … v19.21.0, v20.0.0 … v20.37.2, v21.0.0 … v21.19.0), read into
  `ekslint/tf_module_inputs.py` by `scripts/update_module_inputs.py`
- terraform-aws-modules/terraform-aws-eks `docs/UPGRADE-20.0.md` ("Variable and output changes") and
  `docs/UPGRADE-21.0.md` ("Renamed variables", "Removed variables"; "The aws-auth sub-module has been removed")
- https://developer.hashicorp.com/terraform/language/modules/syntax (module arguments are the
  module's input variables plus the meta-arguments)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import ModuleCall
from ekslint.rule import Rule
from ekslint.tf_module_inputs import INPUTS

RULE = Rule("EKS125", "eks-module-unknown-input", Severity.ERROR, tags=("cluster", "terraform"),
            precision="very-high")

_ROOT_V21_RENAMES = (
    "cluster_name", "cluster_version", "cluster_enabled_log_types", "cluster_force_update_version",
    "cluster_compute_config", "cluster_upgrade_policy", "cluster_remote_network_config", "cluster_zonal_shift_config",
    "cluster_additional_security_group_ids", "cluster_endpoint_private_access", "cluster_endpoint_public_access",
    "cluster_endpoint_public_access_cidrs", "cluster_ip_family", "cluster_service_ipv4_cidr", "cluster_service_ipv6_cidr",
    "cluster_encryption_config", "create_cluster_primary_security_group_tags", "cluster_timeouts",
    "create_cluster_security_group", "cluster_security_group_id", "cluster_security_group_name",
    "cluster_security_group_use_name_prefix", "cluster_security_group_description",
    "cluster_security_group_additional_rules", "cluster_security_group_tags", "attach_cluster_encryption_policy",
    "cluster_encryption_policy_use_name_prefix", "cluster_encryption_policy_name",
    "cluster_encryption_policy_description", "cluster_encryption_policy_path", "cluster_encryption_policy_tags",
    "cluster_addons", "cluster_addons_timeouts", "cluster_identity_providers",
)

# submodule → {input of earlier majors: (major that renamed it, its name from then on)}
RENAMED: dict[str, dict[str, tuple[int, str]]] = {
    "": {old: (21, "kubernetes_version" if old == "cluster_version" else old.replace("cluster_", "", 1))
         for old in _ROOT_V21_RENAMES},
    "modules/eks-managed-node-group": {
        "cluster_version": (21, "kubernetes_version"),
        "cluster_service_ipv4_cidr": (21, "cluster_service_cidr"),
    },
    "modules/self-managed-node-group": {
        "cluster_version": (21, "kubernetes_version"),
        "delete_timeout": (21, "timeouts"),
    },
    "modules/karpenter": {
        # v20: the controller role lost its IRSA naming, the node role gained a node_ prefix
        "create_irsa": (20, "create_iam_role"),
        "irsa_name": (20, "iam_role_name"),
        "irsa_use_name_prefix": (20, "iam_role_use_name_prefix"),
        "irsa_path": (20, "iam_role_path"),
        "irsa_description": (20, "iam_role_description"),
        "irsa_max_session_duration": (20, "iam_role_max_session_duration"),
        "irsa_permissions_boundary_arn": (20, "iam_role_permissions_boundary_arn"),
        "irsa_tags": (20, "iam_role_tags"),
        "irsa_policy_name": (20, "iam_policy_name"),
        "irsa_ssm_parameter_arns": (20, "ami_id_ssm_parameter_arns"),
        "policies": (20, "iam_role_policies"),
        "iam_role_arn": (20, "node_iam_role_arn"),
        "iam_role_additional_policies": (20, "node_iam_role_additional_policies"),
        "iam_role_attach_cni_policy": (20, "node_iam_role_attach_cni_policy"),
        "iam_role_permissions_boundary": (20, "node_iam_role_permissions_boundary"),
    },
}

_AWS_AUTH = ("the module stopped managing the aws-auth ConfigMap in v20: give access with access_entries "
             "(or manage the ConfigMap with the //modules/aws-auth submodule, which exists only in v20)")
_DEFAULTS = ("v21 removed the *_defaults inputs: set these attributes in each entry of the map "
             "(for example by merging a local into every entry)")
_IRSA_V21 = ("v21 removed the Karpenter submodule's IRSA support: the controller role is used with EKS Pod "
             "Identity (create_pod_identity_association, true by default)")
_SCHEDULES = "v21 removed autoscaling group schedules: write aws_autoscaling_schedule resources instead"
_NOT_IN_EKS = "v21 removed it (not valid for EKS node groups): delete it"

# submodule → {input: (major that removed it, what to do instead)}
REMOVED: dict[str, dict[str, tuple[int, str]]] = {
    "": {
        **dict.fromkeys(
            ("manage_aws_auth_configmap", "create_aws_auth_configmap", "aws_auth_roles", "aws_auth_users",
             "aws_auth_accounts", "aws_auth_node_iam_role_arns_non_windows", "aws_auth_node_iam_role_arns_windows",
             "aws_auth_fargate_profile_pod_execution_role_arns"), (20, _AWS_AUTH)),
        "cluster_iam_role_dns_suffix": (20, "v20 removed it (the module uses amazonaws.com): delete it"),
        "eks_managed_node_group_defaults": (21, _DEFAULTS),
        "self_managed_node_group_defaults": (21, _DEFAULTS),
        "fargate_profile_defaults": (21, _DEFAULTS),
        "enable_efa_support": (21, "v21 removed it: set enable_efa_support on the node groups that need EFA"),
        "enable_security_groups_for_pods": (21, "v21 removed it: attach arn:aws:iam::aws:policy/AmazonEKSVPCResourceController "
                                                "through iam_role_additional_policies"),
        "bootstrap_self_managed_addons": (21, "v21 removed it (the module always sets it to false): delete it"),
    },
    "modules/karpenter": {
        **dict.fromkeys(("irsa_tag_key", "irsa_tag_values", "irsa_subnet_account_id"),
                        (20, "v20 removed it with the IRSA naming of the controller role: delete it")),
        "enable_karpenter_instance_profile_creation": (20, "v20 removed it: Karpenter (v0.32+) creates the instance "
                                                           "profile from the node role; see create_instance_profile"),
        **dict.fromkeys(("enable_irsa", "irsa_oidc_provider_arn", "irsa_namespace_service_accounts",
                         "irsa_assume_role_condition_test", "enable_pod_identity"), (21, _IRSA_V21)),
        "enable_v1_permissions": (21, "v21 removed it (the Karpenter v1 permissions are the default): delete it"),
    },
    "modules/eks-managed-node-group": {
        "platform": (21, "v21 removed it: ami_type says the OS"),
        "create_schedule": (21, _SCHEDULES),
        "schedules": (21, _SCHEDULES),
        "placement_group_az": (21, "v21 removed it: give a subnet of that zone in subnet_ids"),
        "placement_group_strategy": (21, "v21 removed it (the module uses the cluster strategy): delete it"),
    },
    "modules/self-managed-node-group": {
        "platform": (21, "v21 removed it: ami_type says the OS"),
        "create_schedule": (21, _SCHEDULES),
        "schedules": (21, _SCHEDULES),
        "placement_group_az": (21, "v21 removed it: give a subnet of that zone in subnet_ids"),
        **dict.fromkeys(("hibernation_options", "min_elb_capacity", "wait_for_elb_capacity", "wait_for_capacity_timeout",
                         "default_cooldown", "target_group_arns", "service_linked_role_arn", "warm_pool",
                         "force_delete_warm_pool"), (21, _NOT_IN_EKS)),
    },
}


def module_label(call: ModuleCall) -> str:
    base = "terraform-aws-modules/eks/aws"
    return f"{base}//{call.submodule}" if call.submodule else base


def advice(submodule: str, major: int, name: str) -> str | None:
    """What to write instead of `name`, an input the module does not have in `major`."""
    inputs = INPUTS.get((submodule, major), frozenset())
    renamed = RENAMED.get(submodule, {})
    hit = renamed.get(name)
    if hit is not None and major >= hit[0] and hit[1] in inputs:
        return f'v{hit[0]} renamed it: use "{hit[1]}" instead'
    for old, (since, new) in renamed.items():
        if new == name and major < since and old in inputs:
            return f'that is its v{since} name: with v{major} use "{old}" instead'
    gone = REMOVED.get(submodule, {}).get(name)
    if gone is not None and major >= gone[0]:
        return gone[1]
    close = difflib.get_close_matches(name, sorted(inputs), n=1, cutoff=0.8)
    if close:
        return f'did you mean "{close[0]}"?'
    return None


def check(ctx: Context) -> Iterator[Finding | None]:
    for call in ctx.model.module_calls:
        if call.major is None:
            continue
        inputs = INPUTS.get((call.submodule, call.major))
        if inputs is None:
            continue  # a major or submodule ekslint has no data for
        for name, span in call.inputs.items():
            if name in inputs:
                continue
            hint = advice(call.submodule, call.major, name) or "remove it or use an input the module has in that version"
            yield RULE.finding(span, f'module "{call.name}" ({module_label(call)} v{call.major}) has no input "{name}", '
                                     f"so Terraform rejects the call (Unsupported argument); {hint}")
