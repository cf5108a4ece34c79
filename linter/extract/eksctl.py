"""eksctl ClusterConfig → clusters, node groups, access entries, identity mappings, bootstrap."""

from __future__ import annotations

from ekslint import model as m
from ekslint.documents import Document
from ekslint.extract.aws_auth import block_scalar_first_line
from ekslint.extract.userdata import bootstrap_from_user_data
from ekslint.model import AccessEntry, AccessPolicy, AwsAuth, Cluster, Model, NodeGroup, RoleMapping, RoleRef
from ekslint.values import Span, V

# eksctl amiFamily (case-insensitive, as eksctl normalises it) → normalised family
AMI_FAMILIES = {
    "amazonlinux2": m.AL2,
    "amazonlinux2023": m.AL2023,
    "bottlerocket": m.BOTTLEROCKET,
    "bottlerocketfips": m.BOTTLEROCKET,
}
DEFAULT_AMI_FAMILY = m.AL2023  # eksctl's default amiFamily


def ami_family(name: str | None) -> str | None:
    if name is None:
        return None
    low = name.lower()
    if low in AMI_FAMILIES:
        return AMI_FAMILIES[low]
    if low.startswith("windowsserver"):
        return m.WINDOWS
    if low.startswith("ubuntu"):
        return m.UBUNTU
    return None


def extract(doc: Document, model: Model) -> None:
    root = doc.root
    span = root.where() or Span(doc.file.display, 1)
    meta = root.get("metadata")
    cluster = Cluster(
        source="eksctl",
        span=meta.where() if meta is not None and meta.where() else span,
        name=root.get("metadata", "name"),
        region=root.get("metadata", "region"),
        version=root.get("metadata", "version"),
        authentication_mode=root.get("accessConfig", "authenticationMode"),
        bootstrap_admin=root.get("accessConfig", "bootstrapClusterCreatorAdminPermissions"),
        service_ipv4_cidr=root.get("kubernetesNetworkConfig", "serviceIPv4CIDR"),
        endpoint_private_access=root.get("vpc", "clusterEndpoints", "privateAccess"),
        endpoint_public_access=root.get("vpc", "clusterEndpoints", "publicAccess"),
        default_endpoint_access=(True, False),  # SetClusterEndpointAccessDefaults
        private_cluster=root.get("privateCluster"),
        module_dir=doc.file.display,
        ip_family=root.get("kubernetesNetworkConfig", "ipFamily"),
        public_access_cidrs=root.get("vpc", "publicAccessCIDRs"),
        outpost=root.get("outpost"),
    )
    model.clusters.append(cluster)

    for key, kind in (("nodeGroups", "self-managed"), ("managedNodeGroups", "managed")):
        groups = root.get(key)
        if groups is None:
            continue
        for ng in groups.list():
            if ng.is_map:
                model.node_groups.append(_node_group(doc, ng, kind, cluster, model))

    for i, entry in enumerate((root.get("accessConfig", "accessEntries") or V([], None)).list()):
        if not entry.is_map:
            continue
        policies = []
        for pol in (entry.get("accessPolicies") or V([], None)).list():
            if pol.is_map and pol.where():
                policies.append(AccessPolicy(pol.get("policyARN"), pol.where(), pol.get("accessScope", "type"),
                                             pol.get("accessScope", "namespaces")))
        groups_v = entry.get("kubernetesGroups")
        principal = entry.get("principalARN")
        model.access_entries.append(AccessEntry(
            source="eksctl",
            span=entry.where() or span,
            principal=RoleRef(principal, is_instance_profile=":instance-profile/" in (principal.str() or ""))
            if principal is not None else None,
            type=entry.get("type"),
            groups=groups_v.list() if groups_v is not None and groups_v.is_list else None,
            groups_value=groups_v,
            username=entry.get("kubernetesUsername"),
            cluster_name=cluster.name,
            cluster=cluster,
            policies=policies,
            address=f"accessConfig.accessEntries[{i}]",
            module_dir=doc.file.display,
        ))

    for fp in (root.get("fargateProfiles") or V([], None)).list():
        role_v = fp.get("podExecutionRoleARN") if fp.is_map else None
        if role_v is not None and fp.where() is not None:
            model.fargate_profiles.append(m.FargateProfile(
                "eksctl", fp.where(), name=fp.get("name"), cluster_name=cluster.name, cluster=cluster,
                role=RoleRef(role_v), module_dir=doc.file.display))

    mappings = root.get("iamIdentityMappings")
    if mappings is not None and mappings.is_list:
        auth = AwsAuth("eksctl", mappings.where() or span, data=mappings, module_dir=doc.file.display)
        for entry in mappings.list():
            if not entry.is_map or entry.where() is None:
                continue
            arn = entry.get("arn")
            if arn is None and entry.get("account") is not None:
                auth.mappings.append(RoleMapping("account", "eksctl", entry.where(), arn=entry.get("account"), entry=entry))
                continue
            if arn is None:
                continue  # serviceName mappings (EMR) are not node mappings
            text = arn.str() or ""
            kind = "user" if ":user/" in text else "role"
            groups_v = entry.get("groups")
            mp = RoleMapping(kind, "eksctl", entry.where(), arn=arn, username=entry.get("username"),
                             groups=groups_v.list() if groups_v is not None and groups_v.is_list else None,
                             groups_value=groups_v, entry=entry)
            if kind == "role":
                mp.role = RoleRef(arn, is_instance_profile=":instance-profile/" in text)
            auth.mappings.append(mp)
        model.aws_auth.append(auth)


def _node_group(doc: Document, ng: V, kind: str, cluster: Cluster, model: Model) -> NodeGroup:
    fam_v = ng.get("amiFamily")
    fam_text = fam_v.str() if fam_v is not None else None
    # eksctl defaults amiFamily only when no custom AMI is given
    if fam_v is not None:
        family = ami_family(fam_text)
    else:
        family = None if ng.str("ami") and ng.str("ami").startswith("ami-") else DEFAULT_AMI_FAMILY
    role_v = ng.get("iam", "instanceRoleARN")
    profile_v = ng.get("iam", "instanceProfileARN")
    role = None
    if role_v is not None:
        role = RoleRef(role_v, is_instance_profile=":instance-profile/" in (role_v.str() or ""))
    elif profile_v is not None:
        role = RoleRef(profile_v, is_instance_profile=True)
    group = NodeGroup(
        kind=kind,
        source="eksctl",
        span=ng.where() or cluster.span,
        name=ng.get("name"),
        cluster_name=cluster.name,
        cluster=cluster,
        region=cluster.region,
        release_version=ng.get("releaseVersion"),
        ami_family=family,
        ami_family_value=fam_v,
        custom_ami=ng.get("ami"),
        role=role,
        private_networking=ng.get("privateNetworking"),
        value=ng,
        module_dir=doc.file.display,
        min_size=ng.get("minSize"),
        max_size=ng.get("maxSize"),
        desired_size=ng.get("desiredCapacity"),
        labels=ng.get("labels"),
        taints=_taints(ng.get("taints")),
        instance_types=_instance_types(ng),
    )
    override = ng.get("overrideBootstrapCommand")
    if override is not None and override.is_str and override.where():
        first, indent = block_scalar_first_line(override, doc.file.lines)
        line = first if first is not None else override.where().line
        boot = bootstrap_from_user_data(override.value, doc.file.display, line, source="eksctl",
                                        col=indent + 1 if first is not None else override.where().col)
        if boot is not None:
            # eksctl puts its own NodeConfig with the cluster details before the override
            boot.cluster_details_supplied = True
            boot.region = cluster.region
            group.bootstrap = boot
            model.bootstraps.append(boot)
    return group


def _taints(v: V | None) -> list[m.Taint]:
    """eksctl taints: a list of {key, value, effect}, or (nodeGroups) a map of key → "value:Effect"."""
    out: list[m.Taint] = []
    if v is None:
        return out
    if v.is_map:
        for key, val in v.items():
            span = val.where() or v.where()
            if span is None:
                continue
            text = val.str()
            if text is None:
                continue
            parts = text.split(":")  # as eksctl splits it: "effect" or "value:effect"; anything else has no effect
            value, effect = ("", parts[0]) if len(parts) == 1 else (parts[0], parts[1]) if len(parts) == 2 else ("", "")
            out.append(m.Taint(span, "k8s", key=V(key, val.key_span or span),
                               value=V(value, span), effect=V(effect, span)))
        return out
    for t in v.list():
        if t.is_map and t.where() is not None:
            out.append(m.Taint(t.where(), "k8s", key=t.get("key"), value=t.get("value"), effect=t.get("effect")))
    return out


def _instance_types(ng: V) -> list[V]:
    types = ng.get("instanceTypes")
    out = types.list() if types is not None else []
    one = ng.get("instanceType")
    if one is not None:
        out.append(one)
    dist = ng.get("instancesDistribution", "instanceTypes")
    if dist is not None:
        out.extend(dist.list())
    return out
