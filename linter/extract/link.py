"""Link model objects across files: node groups and entries to clusters, role references to roles.

Links are made only on known names. When the scanned tree holds exactly one cluster, node
groups and entries that do not name a cluster (Karpenter manifests, user data) belong to it:
a repository that describes one cluster describes that cluster's nodes.
"""

from __future__ import annotations

from ekslint.model import Cluster, Model, RoleRef
from ekslint.values import is_placeholder, known_str


def _cluster_by_name(model: Model) -> dict[str, list[Cluster]]:
    out: dict[str, list[Cluster]] = {}
    for c in model.clusters:
        name = known_str(c.name)
        if name and not is_placeholder(name):
            out.setdefault(name, []).append(c)
    return out


def link(model: Model) -> None:
    by_name = _cluster_by_name(model)
    only = model.clusters[0] if len(model.clusters) == 1 else None

    def find(name_v, current: Cluster | None) -> Cluster | None:
        if current is not None:
            return current
        name = known_str(name_v)
        if name and name in by_name and len(by_name[name]) == 1:
            return by_name[name][0]
        if name_v is None and only is not None:
            return only
        return None

    for ng in model.node_groups:
        ng.cluster = find(ng.cluster_name, ng.cluster)
        if ng.bootstrap is not None and ng.bootstrap.region is None:
            ng.bootstrap.region = ng.region
    for e in model.access_entries:
        e.cluster = find(e.cluster_name, e.cluster)
    for fp in model.fargate_profiles:
        fp.cluster = find(fp.cluster_name, fp.cluster)

    roles_by_name: dict[str, list] = {}
    for r in model.iam_roles:
        if r.role_name:
            roles_by_name.setdefault(r.role_name.lower(), []).append(r)

    def resolve(ref: RoleRef | None) -> None:
        if ref is None or ref.role is not None:
            return
        name = ref.name
        if name and len(roles_by_name.get(name.lower(), [])) == 1:
            ref.role = roles_by_name[name.lower()][0]

    for ng in model.node_groups:
        resolve(ng.role)
    for e in model.access_entries:
        resolve(e.principal)
    for fp in model.fargate_profiles:
        resolve(fp.role)
    for mp in model.role_mappings:
        resolve(mp.role)
