"""One EKS model built from every format.

Extractors (``ekslint.extract.*``) fill a `Model`; model rules read it, so one rule serves every
format that can express a mistake. Every field is a positioned `V` (or None when the source does
not say), so a finding can point at the exact key or value that is wrong, and unknown Terraform
values stay unknown.

``source`` names the format an object came from: ``eksctl``, ``terraform`` (AWS-provider
resources), ``tf-module-eks`` (terraform-aws-modules/eks), ``tf-module-karpenter``,
``karpenter`` (NodePool / EC2NodeClass YAML), ``aws-auth`` (ConfigMap YAML), ``nodeconfig``,
``userdata``, ``cloudformation`` (CloudFormation templates).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ekslint import assume
from ekslint.values import UNKNOWN_CHAR, Span, V, known_str

# Normalised AMI families used across formats.
AL2 = "AL2"
AL2023 = "AL2023"
BOTTLEROCKET = "Bottlerocket"
WINDOWS = "Windows"
UBUNTU = "Ubuntu"
CUSTOM = "Custom"

NODE_ENTRY_TYPES = ("EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX")
EC2_NODE_ENTRY_TYPES = ("EC2_LINUX", "EC2_WINDOWS")


@dataclass
class IamRole:
    """An IAM role defined in the scanned configuration (Terraform ``aws_iam_role``, module roles)."""

    address: str  # e.g. "aws_iam_role.nodes" or "module.karpenter.node_role"
    name: V | None  # known name; None / unknown when generated (name_prefix, use_name_prefix)
    span: Span
    source: str
    path: V | None = None
    name_prefix: V | None = None
    trusted_services: set[str] = field(default_factory=set)  # ec2.amazonaws.com, pods.eks.amazonaws.com
    trusts_federated: bool = False  # web identity (IRSA)
    purpose: str | None = None  # "node" | "controller" when the source says so (karpenter module)
    module_dir: str = ""  # Terraform module directory it was declared in

    @property
    def role_name(self) -> str | None:
        return known_str(self.name)


@dataclass
class RoleRef:
    """A reference to an IAM role by ARN, name, or Terraform reference.

    ``value`` is what the user wrote. ``role`` is set when it resolves to a role of the model.
    ``is_instance_profile`` is True when the value is an instance-profile ARN or a reference to
    an ``aws_iam_instance_profile``.
    """

    value: V
    role: IamRole | None = None
    is_instance_profile: bool = False

    @property
    def text(self) -> str | None:
        """Known ARN or name text (or a partial template with UNKNOWN_CHAR)."""
        if self.value.known and isinstance(self.value.value, str):
            return self.value.value
        return self.value.partial

    @property
    def name(self) -> str | None:
        """The role name (last path segment), when it can be known."""
        if self.role is not None and self.role.role_name:
            return self.role.role_name
        t = self.text
        if not t:
            return None
        last = t.rsplit("/", 1)[-1] if t.startswith("arn:") or "/" in t else t
        if not last or UNKNOWN_CHAR in last:
            return None
        return last

    @property
    def iam_path(self) -> str | None:
        """The IAM path in an ARN (``/team/`` in ``role/team/name``), '/' when none, None if unknown."""
        t = self.text
        if t and t.startswith("arn:") and ":role/" in t:
            rest = t.split(":role/", 1)[1]
            if UNKNOWN_CHAR in rest:
                return None
            parts = rest.split("/")
            return "/" + "/".join(parts[:-1]) + "/" if len(parts) > 1 else "/"
        if self.role is not None:
            p = known_str(self.role.path)
            return p if p else ("/" if self.role.path is None else None)
        return None


@dataclass
class Cluster:
    source: str
    span: Span
    name: V | None = None
    region: V | None = None
    version: V | None = None
    authentication_mode: V | None = None
    # mode EKS uses when the source does not set one; None when not knowable
    default_authentication_mode: str | None = None
    # bootstrapClusterCreatorAdminPermissions as written (or as a module hard-codes it); None = not said
    bootstrap_admin: V | None = None
    service_ipv4_cidr: V | None = None
    endpoint_private_access: V | None = None
    endpoint_public_access: V | None = None
    # (public, private) endpoint access the source gives when they are not written; None when not knowable
    default_endpoint_access: tuple[bool, bool] | None = None
    private_cluster: V | None = None  # eksctl privateCluster mapping
    module_dir: str = ""
    address: str = ""  # Terraform address
    ip_family: V | None = None  # eksctl kubernetesNetworkConfig.ipFamily, Terraform ip_family
    public_access_cidrs: V | None = None  # eksctl vpc.publicAccessCIDRs, Terraform public_access_cidrs
    outpost: V | None = None  # eksctl outpost, Terraform outpost_config (control plane on Outposts)

    @property
    def auth_mode(self) -> str | None:
        m = known_str(self.authentication_mode)
        if m:
            return m.upper()
        if self.authentication_mode is None:
            return self.default_authentication_mode or assume.authentication_mode()
        return None


@dataclass
class UserDataPart:
    """One part of MIME user data: its Content-Type (None when the part has none) and the
    NodeConfig documents found in its body."""

    span: Span
    content_type: V | None = None
    nodeconfigs: list[V] = field(default_factory=list)

    @property
    def media_type(self) -> str | None:
        t = known_str(self.content_type)
        return t.split(";", 1)[0].strip().lower() if t is not None else None


@dataclass
class NodeBootstrap:
    """How a node finds and joins its cluster: NodeConfig documents, bootstrap.sh calls, or both.

    ``nodeconfigs`` are the NodeConfig documents (positioned mappings) in the order nodeadm merges
    them. ``bootstrap_calls`` are the `/etc/eks/bootstrap.sh` invocations, each a list of
    positioned words (the first is the script itself).
    ``cluster_details_supplied`` is True when something outside the user data supplies the
    cluster section (managed node groups on EKS AMIs, Karpenter, eksctl-generated parts), so a
    NodeConfig that only overrides is complete.
    """

    span: Span
    source: str
    container: str = "plain"  # plain | mime | script
    nodeconfigs: list[V] = field(default_factory=list)
    bootstrap_calls: list[list[V]] = field(default_factory=list)
    cluster_details_supplied: bool = False
    region: V | None = None  # region where the node runs, when known
    # MIME user data as written: every part with its Content-Type and the NodeConfig documents it
    # holds (whatever the type); problems nodeadm's MIME reader trips on: (where, what)
    parts: list[UserDataPart] = field(default_factory=list)
    structure_problems: list[tuple[Span, str]] = field(default_factory=list)
    # documents written as a NodeConfig that nodeadm cannot decode as one (wrong kind or group)
    rejected_docs: list[V] = field(default_factory=list)
    # template text that may or may not be part of the user data (a %{ if } / %{ for } block over
    # unknown values): what it might write is not missing
    hidden_text: str = ""

    def merged_cluster_field(self, name: str) -> V | None:
        """The last NodeConfig value of ``spec.cluster.<name>`` (nodeadm merges later over earlier)."""
        found: V | None = None
        for doc in self.nodeconfigs:
            v = doc.get("spec", "cluster", name)
            if v is not None:
                found = v
        return found


@dataclass
class NodeGroup:
    """A set of nodes: eksctl / Terraform managed or self-managed group, or a Karpenter EC2NodeClass."""

    kind: str  # "managed" | "self-managed" | "karpenter"
    source: str
    span: Span
    name: V | None = None
    cluster_name: V | None = None
    cluster: Cluster | None = None  # linked by the model builder
    region: V | None = None  # region the nodes launch in (provider alias / region argument)
    version: V | None = None  # node Kubernetes version, when set separately from the cluster
    release_version: V | None = None
    ami_family: str | None = None  # normalised: AL2, AL2023, Bottlerocket, Windows, Ubuntu, Custom
    ami_family_value: V | None = None  # where the family was written (amiFamily, ami_type, alias)
    custom_ami: V | None = None
    role: RoleRef | None = None
    private_networking: V | None = None
    bootstrap: NodeBootstrap | None = None
    value: V | None = None  # the node group's own mapping / block, for document-level lookups
    module_dir: str = ""
    address: str = ""
    # sizes as written (None when not written): eksctl minSize / maxSize / desiredCapacity,
    # Terraform scaling_config, aws_autoscaling_group, module min_size / max_size / desired_size
    min_size: V | None = None
    max_size: V | None = None
    desired_size: V | None = None
    labels: V | None = None  # Kubernetes node labels (a mapping), as the source writes them
    taints: list[Taint] = field(default_factory=list)
    instance_types: list[V] = field(default_factory=list)  # instanceType(s) / instance_types
    condition: str | None = None  # CloudFormation: the condition the resource is created under


@dataclass
class Taint:
    """A node taint. ``style`` says which effect spelling the source expects: ``k8s`` (eksctl:
    NoSchedule, PreferNoSchedule, NoExecute) or ``eks-api`` (Terraform, the EKS API:
    NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE)."""

    span: Span
    style: str
    key: V | None = None
    value: V | None = None
    effect: V | None = None


@dataclass
class RoleMapping:
    """An aws-auth entry: mapRoles / mapUsers / mapAccounts, or eksctl iamIdentityMappings."""

    kind: str  # "role" | "user" | "account"
    source: str
    span: Span
    arn: V | None = None
    username: V | None = None
    groups: list[V] | None = None  # None when the entry has no groups key
    groups_value: V | None = None
    entry: V | None = None
    role: RoleRef | None = None  # for kind == "role"


@dataclass
class AwsAuth:
    """One aws-auth ConfigMap (YAML or Terraform)."""

    source: str
    span: Span
    name: V | None = None
    namespace: V | None = None
    data: V | None = None
    mappings: list[RoleMapping] = field(default_factory=list)
    module_dir: str = ""
    # mapRoles / mapUsers strings that are not valid YAML: (the data key's value, message, error span)
    problems: list[tuple[V, str, Span]] = field(default_factory=list)
    # Terraform: what writes the ConfigMap ("kubernetes_config_map_v1_data", "terraform-aws-eks",
    # "terraform-aws-eks//modules/aws-auth", ...), its address, and `force` of a _v1_data resource
    manager: str = ""
    address: str = ""
    force: V | None = None


@dataclass
class AccessPolicy:
    policy_arn: V | None
    span: Span
    scope_type: V | None = None
    namespaces: V | None = None
    principal: V | None = None  # the association's principal_arn, where written separately (Terraform)


@dataclass
class AccessEntry:
    """An EKS access entry from eksctl accessConfig, aws_eks_access_entry, module inputs, ...

    ``type`` None means not written (the API default is STANDARD). ``groups`` None means the
    attribute was not written; an empty list means it was written empty.
    """

    source: str
    span: Span
    principal: RoleRef | None = None
    type: V | None = None
    groups: list[V] | None = None
    groups_value: V | None = None
    username: V | None = None
    cluster_name: V | None = None
    cluster: Cluster | None = None
    policies: list[AccessPolicy] = field(default_factory=list)
    address: str = ""
    module_dir: str = ""
    implicit: bool = False  # created by a module or EKS itself, not written by the user
    replace_triggered_by: list[str] = field(default_factory=list)  # Terraform lifecycle addresses
    condition: str | None = None  # CloudFormation: the condition the resource is created under

    @property
    def entry_type(self) -> str | None:
        if self.type is None:
            return "STANDARD"
        t = known_str(self.type)
        return t if t else None


@dataclass
class FargateProfile:
    """An EKS Fargate profile (eksctl fargateProfiles, aws_eks_fargate_profile, module fargate_profiles).

    ``role`` is the pod execution role, when the source names one (None when a tool creates it).
    """

    source: str
    span: Span
    name: V | None = None
    cluster_name: V | None = None
    cluster: Cluster | None = None
    role: RoleRef | None = None
    address: str = ""
    module_dir: str = ""


@dataclass
class NodeClass:
    """A Karpenter EC2NodeClass."""

    span: Span
    api_version: str
    doc: V
    name: V | None = None
    role: V | None = None
    instance_profile: V | None = None
    ami_family: V | None = None
    alias: V | None = None
    user_data: V | None = None
    source: str = "karpenter"


@dataclass
class NodePool:
    """A Karpenter NodePool."""

    span: Span
    api_version: str
    doc: V
    name: V | None = None
    node_class_ref: V | None = None
    source: str = "karpenter"

    @property
    def node_class_name(self) -> V | None:
        return self.node_class_ref.get("name") if self.node_class_ref is not None else None


def may_coexist(a: NodeGroup | AccessEntry, b: NodeGroup | AccessEntry) -> bool:
    """False when two objects exist under different CloudFormation conditions, which may exclude
    each other (conditions are decided at deploy time)."""
    return a.condition is None or b.condition is None or a.condition == b.condition


@dataclass
class ModuleCall:
    """A Terraform ``module`` block calling terraform-aws-modules/eks (root module or a submodule),
    whatever its ``count`` / ``for_each`` / ``create`` (Terraform checks the arguments of every call).

    ``submodule`` is "" for the root module, else e.g. "modules/karpenter". ``major`` is the major
    version the ``version`` constraint or the git ``ref`` selects, None when it selects none or
    several. ``inputs`` maps each argument other than the meta-arguments to the span of its name.
    """

    name: str
    span: Span
    source: str
    submodule: str
    major: int | None
    version: str | None = None
    inputs: dict[str, Span] = field(default_factory=dict)
    module_dir: str = ""


@dataclass
class Model:
    clusters: list[Cluster] = field(default_factory=list)
    node_groups: list[NodeGroup] = field(default_factory=list)
    bootstraps: list[NodeBootstrap] = field(default_factory=list)  # every bootstrap, with or without group
    aws_auth: list[AwsAuth] = field(default_factory=list)
    access_entries: list[AccessEntry] = field(default_factory=list)
    iam_roles: list[IamRole] = field(default_factory=list)
    node_classes: list[NodeClass] = field(default_factory=list)
    node_pools: list[NodePool] = field(default_factory=list)
    fargate_profiles: list[FargateProfile] = field(default_factory=list)
    # names of roles known to be Karpenter controller roles, with where that is said
    controller_roles: dict[str, Span] = field(default_factory=dict)
    # Terraform policy associations that no access entry of the same configuration matched
    orphan_policies: list[AccessPolicy] = field(default_factory=list)
    # terraform-aws-modules/eks calls as written (Terraform only)
    module_calls: list[ModuleCall] = field(default_factory=list)
    # files Terraform reads as user data (templatefile(), file()): file → the reading expression
    user_data_files: dict[str, Span] = field(default_factory=dict)

    @property
    def role_mappings(self) -> list[RoleMapping]:
        return [m for a in self.aws_auth for m in a.mappings]

    def merge(self, other: Model) -> None:
        for name in self.__dataclass_fields__:
            mine = getattr(self, name)
            if isinstance(mine, list):
                mine.extend(getattr(other, name))
            elif isinstance(mine, dict):
                for k, v in getattr(other, name).items():
                    mine.setdefault(k, v)
