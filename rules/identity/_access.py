"""Helpers of the access-entry rules (EKS450-EKS499): entry types, principals, policies, clusters.

Everything here stays silent on what it cannot know: an unknown or placeholder type, principal
or policy ARN gives None, and callers skip the entry.
"""

from __future__ import annotations

import difflib
import re

from ekslint.model import AccessEntry, AccessPolicy, Cluster, Model, RoleRef
from ekslint.rules.identity._common import clean, entry_label, principal_kind, role_key
from ekslint.values import UNKNOWN_CHAR, V, known_str, plain_ref, text_of

# CreateAccessEntry `type` values (the API reference; HYPERPOD_LINUX is the newest)
ENTRY_TYPES = ("STANDARD", "EC2", "EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX", "HYPERPOD_LINUX")

# the access policies ListAccessPolicies returned when the catalogue was written; AWS adds new ones,
# so a name outside this list is reported only when it is a near miss of one of them
KNOWN_POLICIES = (
    "AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy", "AmazonEKSAutoNodePolicy",
    "AmazonEKSBlockStorageClusterPolicy", "AmazonEKSBlockStoragePolicy", "AmazonEKSClusterAdminPolicy",
    "AmazonEKSComputeClusterPolicy", "AmazonEKSComputePolicy", "AmazonEKSEditPolicy", "AmazonEKSHybridPolicy",
    "AmazonEKSLoadBalancingClusterPolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingClusterPolicy",
    "AmazonEKSNetworkingPolicy", "AmazonEKSViewPolicy",
)
AUTO_NODE_POLICY = "AmazonEKSAutoNodePolicy"
_POLICY_ARN = re.compile(r"^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):eks::aws:"
                         r"cluster-access-policy/([A-Za-z0-9_+=,.@-]+)$")


def literal(v: V | None) -> str | None:
    """The known text of `v` when it is not a placeholder; None otherwise."""
    return clean(known_str(v))


def written_type(entry: AccessEntry) -> str | None:
    """The entry's type when known (STANDARD when not written); None when unknown or a placeholder."""
    if entry.type is None:
        return "STANDARD"
    return literal(entry.type)


def policy_name(text: str) -> str | None:
    """`AmazonEKSViewPolicy` from a well-formed cluster-access-policy ARN, else None."""
    m = _POLICY_ARN.match(text)
    return m.group(2) if m else None


def close_policy(name: str) -> str | None:
    """The known policy `name` was probably meant to be, when it is a near miss of one."""
    if name in KNOWN_POLICIES:
        return None
    for known in KNOWN_POLICIES:
        if known.lower() == name.lower():
            return known
    found = difflib.get_close_matches(name, KNOWN_POLICIES, n=1, cutoff=0.85)
    return found[0] if found else None


def ref_identity(ref: RoleRef | None) -> tuple[str, str] | None:
    """What a principal reference names, comparable across entries and node groups: the model role
    it resolves to, or the known ARN, or the bare
    Terraform reference; None when it cannot be known."""
    if ref is None:
        return None
    text = text_of(ref.value)
    if text and UNKNOWN_CHAR not in text and clean(text):
        kind = principal_kind(text)
        if kind == "role" and ref.role is not None:
            return ("role", ref.role.address)
        if kind is not None:
            return ("arn", text)
        return None
    if ref.role is not None and not ref.is_instance_profile:
        return ("role", ref.role.address)
    if ref.value.ref and not ref.value.known and getattr(ref.value, "func", None) is None:
        return ("ref", ref.value.ref)
    return None


def principal_identity(entry: AccessEntry) -> tuple[str, str] | None:
    return ref_identity(entry.principal)


def principal_shown(entry: AccessEntry) -> str:
    """How a message names the principal."""
    ref = entry.principal
    text = text_of(ref.value) if ref is not None else None
    if text and UNKNOWN_CHAR not in text:
        return text
    if ref is not None and ref.value.ref:
        return plain_ref(ref.value.ref) or ""
    if ref is not None and ref.role is not None:
        return ref.role.address
    return "this principal"


def same_cluster(a: AccessEntry, b: AccessEntry) -> bool:
    """True when both entries are known to belong to one cluster."""
    if a.cluster is not None and b.cluster is not None:
        return a.cluster is b.cluster
    if a.cluster is not None or b.cluster is not None or a.module_dir != b.module_dir:
        return False
    ca, cb = a.cluster_name, b.cluster_name
    if ca is None or cb is None:
        return False
    ta, tb = literal(ca), literal(cb)
    if ta is not None and tb is not None:
        return ta == tb
    return bool(ca.ref) and ca.ref == cb.ref


def entry_cluster(entry: AccessEntry, model: Model) -> Cluster | None:
    """The cluster the entry belongs to, when the model knows it."""
    if entry.cluster is not None:
        return entry.cluster
    return model.clusters[0] if len(model.clusters) == 1 and entry.cluster_name is None else None


def role_of(entry: AccessEntry) -> str | None:
    """Lower-cased role name of the principal when it is (or may be) a role, else None."""
    ref = entry.principal
    if ref is None or ref.is_instance_profile:
        return None
    kind = principal_kind(text_of(ref.value))
    if kind not in (None, "role"):
        return None
    return role_key(ref)


def all_policies(model: Model) -> list[tuple[AccessPolicy, AccessEntry | None]]:
    """Every access policy association with its entry (None for a Terraform association no entry
    of the same configuration matched), each once."""
    out: list[tuple[AccessPolicy, AccessEntry | None]] = []
    seen: set[int] = set()
    for entry in model.access_entries:
        for p in entry.policies:
            if id(p) not in seen:
                seen.add(id(p))
                out.append((p, entry))
    for p in model.orphan_policies:
        if id(p) not in seen:
            seen.add(id(p))
            out.append((p, None))
    return out


def policy_label(entry: AccessEntry | None) -> str:
    return f"the access policy of the {entry_label(entry)}" if entry is not None else "this access policy association"
