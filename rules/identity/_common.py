"""Shared helpers of the identity rules: role names, node roles, ARN shapes, mapping labels.

Role names are compared case-insensitively (IAM role names are unique without regard to case,
and the authenticator lower-cases the ARNs it looks up). Nothing here guesses: a name that is
unknown or still a placeholder (``${CLUSTER_NAME}``, ``<role>``) is treated as absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from ekslint import assume
from ekslint.model import EC2_NODE_ENTRY_TYPES, AccessEntry, AwsAuth, Cluster, IamRole, Model, RoleMapping, RoleRef
from ekslint.values import UNKNOWN_CHAR, V, is_placeholder, known_str, plain_ref, text_of

NODE_USERNAME_EC2 = "system:node:{{EC2PrivateDNSName}}"
NODE_USERNAME_SESSION = "system:node:{{SessionName}}"
NODE_USERNAMES = (NODE_USERNAME_EC2, NODE_USERNAME_SESSION)
AUTH_TEMPLATES = ("EC2PrivateDNSName", "AccountID", "SessionName", "SessionNameRaw", "AccessKeyID")

_TEMPLATE = re.compile(r"\{\{(.*?)\}\}")
# https://<id>.<tag>.<region>.eks.amazonaws.com[.cn]
_ENDPOINT = re.compile(
    r"^https?://[A-Za-z0-9.-]*?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.eks\.amazonaws\.com(?:\.cn)?(?::\d+)?/?$", re.I
)


def clean(text: str | None) -> str | None:
    """`text` when it is a usable literal, None when unknown or a placeholder."""
    if text is None or is_placeholder(text):
        return None
    return text


def ref_name(ref: RoleRef | None) -> str | None:
    """The lower-cased role name of a reference, when known and not a placeholder."""
    if ref is None:
        return None
    name = clean(ref.name)
    return name.lower() if name else None


def unnamed_role_key(role: IamRole) -> str:
    """The key `role_key` gives a role whose name is generated at deploy or apply time."""
    return f"\0{role.source}:{role.module_dir}:{role.address}"


def role_key(ref: RoleRef | None) -> str | None:
    """`ref_name`, or for a reference resolved to a role whose name is generated (CloudFormation
    without RoleName, Terraform name_prefix), a key standing for that role: two references to the
    same unnamed role then agree, and no known name can equal it."""
    name = ref_name(ref)
    if name or ref is None or ref.role is None or clean(ref.role.role_name):
        return name
    return unnamed_role_key(ref.role)


def role_shown(key: str, ref: RoleRef | None = None) -> str:
    """How a message names the role of a `role_key`."""
    if not key.startswith("\0"):
        return key
    return ref.role.address if ref is not None and ref.role is not None else key.rsplit(":", 1)[-1]


def value_role_name(v: V | None) -> str | None:
    """Lower-cased role name from a value holding a role name or ARN (EC2NodeClass `spec.role`)."""
    text = clean(known_str(v))
    if not text:
        return None
    last = text.rsplit("/", 1)[-1]
    return last.lower() or None


def node_role_names(model: Model) -> dict[str, V | None]:
    """Names (lower-cased) of roles the model says nodes run with, each with where that is said.

    Node group roles, EC2NodeClass roles and roles whose source marks them as node roles. Access
    entries are not used: an entry of a node type makes the role a node role, but it also wins over
    any aws-auth mapping of the same role, so the mapping no longer matters.
    """
    out: dict[str, V | None] = {}
    for ng in model.node_groups:
        if ng.role is None or ng.role.is_instance_profile:
            continue
        name = role_key(ng.role)
        if name:
            out.setdefault(name, ng.role.value)
    for nc in model.node_classes:
        name = value_role_name(nc.role)
        if name:
            out.setdefault(name, nc.role)
    for role in model.iam_roles:
        if role.purpose == "node":
            name = clean(role.role_name)
            if name:
                out.setdefault(name.lower(), role.name)
            else:
                out.setdefault(unnamed_role_key(role), role.name)
    return out


def entries_for_role(model: Model, name: str) -> list[AccessEntry]:
    """Access entries whose principal is the role `name` (lower-cased).

    Looked up in an index built once per model (rebuilt when the entry list changes), so rules
    that ask for every mapping stay linear in the size of the tree.
    """
    entries = model.access_entries
    cached = model.__dict__.get("_entries_by_role")
    if cached is None or cached[0] is not entries or cached[1] != len(entries):
        index: dict[str, list[AccessEntry]] = {}
        for e in entries:
            key = role_key(e.principal)
            if key:
                index.setdefault(key, []).append(e)
        cached = (entries, len(entries), index)
        model.__dict__["_entries_by_role"] = cached
    return list(cached[2].get(name, ()))


def has_node_entry(model: Model, name: str) -> bool:
    """True when an access entry of an EC2 / Fargate / hybrid node type names the role."""
    for e in entries_for_role(model, name):
        t = e.entry_type
        if t is not None and t != "STANDARD":
            return True
    return False


def has_ec2_node_entry(model: Model, name: str) -> list[AccessEntry]:
    return [e for e in entries_for_role(model, name) if e.entry_type in EC2_NODE_ENTRY_TYPES]


def group_texts(groups: list[V] | None) -> list[str] | None:
    """The known group names, or None when any group is unknown or a placeholder (could be anything)."""
    if groups is None:
        return []
    out: list[str] = []
    for g in groups:
        t = known_str(g)
        if t is None or is_placeholder(t):
            return None
        out.append(t.strip())
    return out


def misspelled_templates(text: str) -> list[str]:
    """`{{...}}` placeholders that look like an authenticator template but are not written exactly."""
    bad = []
    for m in _TEMPLATE.finditer(text):
        inner = m.group(1)
        if inner in AUTH_TEMPLATES:
            continue
        norm = inner.strip().replace(" ", "").lower()
        if any(norm == t.lower() for t in AUTH_TEMPLATES):
            bad.append(m.group(0))
    return bad


def username_text(v: V | None) -> str | None:
    """The known username, misspelled authenticator templates kept; None for unknown/placeholders."""
    text = known_str(v)
    if text is None:
        return None
    if misspelled_templates(text):
        return text
    return clean(text)


def is_node_username(text: str | None) -> bool:
    if not text:
        return False
    low = text.lower()
    return low.startswith("system:node:") or "{{ec2privatednsname}}" in low.replace(" ", "")


def cluster_auth_mode(cluster: Cluster | None) -> str | None:
    """The cluster's authentication mode; without a cluster, the configuration's assumed one."""
    return cluster.auth_mode if cluster is not None else assume.authentication_mode()


def only_cluster(model: Model) -> Cluster | None:
    return model.clusters[0] if len(model.clusters) == 1 else None


def configmap_ignored(model: Model) -> bool:
    """True when the only cluster of the tree is known to run in API mode (aws-auth is not read)."""
    return cluster_auth_mode(only_cluster(model)) == "API"


def arn_resource(text: str | None) -> tuple[str, str] | None:
    """(service, resource) of an ARN text such as ("iam", "role/team/name"); None when not an ARN."""
    if not text or not text.startswith("arn:"):
        return None
    parts = text.split(":", 5)
    if len(parts) < 6:
        return None
    return parts[2], parts[5]


def role_path_segments(text: str | None) -> list[str] | None:
    """The IAM path segments of a role ARN (``role/team/x`` → ["team"]), [] when none, None if unknown.

    Works on partial templates too: the path is known when every segment before the name is.
    """
    res = arn_resource(text)
    if res is None or res[0] != "iam" or not res[1].startswith("role/"):
        return None
    segs = res[1][len("role/"):].split("/")
    if len(segs) == 1:
        return [] if UNKNOWN_CHAR not in segs[0] else None
    path = segs[:-1]
    if any(not s or UNKNOWN_CHAR in s or is_placeholder(s) for s in path):
        return None
    return path


def principal_kind(text: str | None) -> str | None:
    """What an ARN names: role, user, instance-profile, assumed-role, or None when not known."""
    res = arn_resource(text)
    if res is None:
        return None
    service, resource = res
    head = resource.split("/", 1)[0]
    if UNKNOWN_CHAR in head or is_placeholder(head) or "/" not in resource:
        return None
    if service == "sts" and head == "assumed-role":
        return "assumed-role"
    if service == "iam" and head in ("role", "user", "instance-profile"):
        return head
    return None


def endpoint_region(text: str | None) -> str | None:
    """The region in an EKS API server endpoint URL, when it has the standard EKS host name."""
    if not text or UNKNOWN_CHAR in text:
        return None
    m = _ENDPOINT.match(text.strip())
    return m.group(1).lower() if m else None


def mapping_label(mp: RoleMapping) -> str:
    arn = text_of(mp.arn)
    key = "rolearn" if mp.kind == "role" else "userarn"
    if mp.source == "eksctl":
        key = "iamIdentityMappings arn"
    return f"{key} {arn}" if arn and UNKNOWN_CHAR not in arn else f"this {key}"


def entry_label(entry: AccessEntry) -> str:
    arn = text_of(entry.principal.value) if entry.principal is not None else None
    if arn and UNKNOWN_CHAR not in arn:
        return f"access entry for {arn}"
    if entry.address:
        return f"access entry {entry.address}"
    return "this access entry"


def is_bare_reference(v: V, prefix: str) -> bool:
    """True when `v` is a plain Terraform reference starting with `prefix`, not a function's result
    (`provider::aws::trim_iam_role_path(aws_iam_role.x.arn)` keeps the reference but is not bare)."""
    ref = plain_ref(v.ref) or ""
    return not v.known and ref.startswith(prefix) and getattr(v, "func", None) is None


def effective_role_mappings(model: Model) -> list[RoleMapping]:
    """Role mappings the authenticator keeps: a later mapping of the same rolearn in the same
    ConfigMap replaces an earlier one (it keys its map by the lower-cased ARN)."""
    out: list[RoleMapping] = []
    for auth in model.aws_auth:
        roles = [m for m in auth.mappings if m.kind == "role"]
        for i, mp in enumerate(roles):
            arn = clean(known_str(mp.arn))
            if arn and any(clean(known_str(later.arn)) and known_str(later.arn).lower() == arn.lower()
                           for later in roles[i + 1:]):
                continue
            out.append(mp)
    return out


# -- aws-auth: the ConfigMap's cluster, partitions ------------------------------------------------


def arn_partition(text: str | None) -> str | None:
    """The partition field of a known ARN text, None when not an ARN or not known."""
    if not text or not text.startswith("arn:") or text.count(":") < 5:
        return None
    part = text.split(":", 2)[1]
    if not part or UNKNOWN_CHAR in part or is_placeholder(part):
        return None
    return part


def auth_cluster(model: Model, auth: AwsAuth) -> Cluster | None:
    """The cluster an aws-auth ConfigMap belongs to: the eksctl cluster of the same file, the
    terraform-aws-eks cluster of the same module call, else the tree's only cluster."""
    if auth.source == "eksctl":
        same = [c for c in model.clusters if c.source == "eksctl" and c.module_dir == auth.module_dir]
        return same[0] if len(same) == 1 else None
    if auth.address.startswith("module."):
        same = [c for c in model.clusters if c.address == auth.address and c.module_dir == auth.module_dir]
        if len(same) == 1:
            return same[0]
    if auth.source != "aws-auth":
        same = [c for c in model.clusters if c.source != "eksctl" and c.module_dir == auth.module_dir]
        if len(same) == 1:
            return same[0]
    return only_cluster(model)


def auth_mode_of(model: Model, auth: AwsAuth) -> str | None:
    """The authentication mode of the ConfigMap's cluster, None when not known."""
    return cluster_auth_mode(auth_cluster(model, auth))


def mapping_groups_text(mp: RoleMapping) -> list[str] | None:
    """Known group names of a mapping (None when unknown or not a list)."""
    if mp.groups_value is not None and not mp.groups_value.known:
        return None
    return group_texts(mp.groups)


def is_node_mapping(mp: RoleMapping) -> bool:
    """True when the mapping is written for nodes (system:nodes group or a node username)."""
    groups = mapping_groups_text(mp) or []
    return "system:nodes" in groups or is_node_username(username_text(mp.username))


def same_role(a: RoleRef | None, b: RoleRef | None) -> bool | None:
    """Whether two role references name the same role: True, False, or None when it cannot be told
    offline (an unknown ARN that resolves to no role of the configuration)."""
    if a is None or b is None:
        return None
    if a.value is b.value:
        return True
    na, nb = ref_name(a), ref_name(b)
    if na and nb:
        return na == nb
    for name, other in ((na, b), (nb, a)):
        # a generated name (name_prefix, use_name_prefix) can only equal a name with that prefix
        if name and other.role is not None and ref_name(other) is None:
            prefix = clean(known_str(other.role.name_prefix))
            if prefix and not name.startswith(prefix.lower()):
                return False
    if a.role is not None and b.role is not None:
        return a.role is b.role or a.role.address == b.role.address
    ra = a.value.ref if not a.value.known else None
    rb = b.value.ref if not b.value.known else None
    if ra and rb and ra == rb:
        return True
    return None


# -- aws-auth: the ConfigMap's keys, the mappings a rule walks ------------------------------------

# the three `data` keys the authenticator reads, by their lower-case spelling
MAP_KEYS = {"maproles": "mapRoles", "mapusers": "mapUsers", "mapaccounts": "mapAccounts"}


def key_at(v: V) -> V:
    """A value spanning the key `v` is written under (the value itself when the key is not known)."""
    return V(None, v.key_span) if v.key_span is not None else v


def configmaps(model: Model) -> Iterator[AwsAuth]:
    """aws-auth ConfigMaps written as such (YAML, Terraform `kubernetes_config_map*`) that have `data`."""
    for auth in model.aws_auth:
        if auth.source in ("aws-auth", "terraform") and auth.data is not None:
            yield auth


def map_keys(auth: AwsAuth) -> Iterator[tuple[str, str, V]]:
    """(key as written, its exact spelling, value) of the ConfigMap's mapRoles / mapUsers / mapAccounts
    keys, in any case."""
    if auth.data is None:
        return
    for key, val in auth.data.items():
        right = MAP_KEYS.get(key.lower())
        if right is not None:
            yield key, right, val


def role_arn_mappings(model: Model) -> Iterator[tuple[RoleMapping, str | None]]:
    """Role mappings that have an ARN, each with the ARN's text (None when not known at all)."""
    for mp in model.role_mappings:
        if mp.kind == "role" and mp.arn is not None:
            yield mp, text_of(mp.arn)


class _HasRole(Protocol):
    @property
    def role(self) -> RoleRef | None: ...


_Owner = TypeVar("_Owner", bound=_HasRole)


def mapped_owners(model: Model, owners: Iterable[_Owner]) -> Iterator[tuple[RoleMapping, _Owner]]:
    """Each mapping of `mappings_without_node_entry` that certainly maps the role of one of `owners`
    (Fargate profiles, node groups; those without a role or with an instance profile left out), with
    the first such owner."""
    with_role = [o for o in owners if o.role is not None and not o.role.is_instance_profile]
    if not with_role:
        return
    for mp in mappings_without_node_entry(model):
        owner = next((o for o in with_role if same_role(mp.role, o.role) is True), None)
        if owner is not None:
            yield mp, owner


def mappings_without_node_entry(model: Model) -> Iterator[RoleMapping]:
    """Role mappings the authenticator keeps, less those of roles with an access entry of a node
    type (the entry wins over the mapping, so the mapping no longer matters)."""
    for mp in effective_role_mappings(model):
        role = ref_name(mp.role)
        if role is None or not has_node_entry(model, role):
            yield mp
