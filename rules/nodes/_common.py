"""Helpers shared by the node-group rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ekslint.context import Context
from ekslint.documents import EKSCTL, Document
from ekslint.model import Model, NodeGroup
from ekslint.values import V, is_placeholder

# eksctl `SupportedAMIFamilies()` (pkg/apis/eksctl.io/v1alpha5/types.go), in eksctl's order
EKSCTL_AMI_FAMILIES = (
    "AmazonLinux2023", "AmazonLinux2",
    "UbuntuPro2604", "Ubuntu2604", "UbuntuPro2404", "Ubuntu2404", "UbuntuPro2204", "Ubuntu2204", "UbuntuPro2004", "Ubuntu2004",
    "Bottlerocket", "BottlerocketFips",
    "WindowsServer2019CoreContainer", "WindowsServer2019FullContainer",
    "WindowsServer2022CoreContainer", "WindowsServer2022FullContainer",
    "WindowsServer2025CoreContainer", "WindowsServer2025FullContainer",
)
EKSCTL_DEPRECATED_FAMILIES = ("WindowsServer2004CoreContainer", "WindowsServer20H2CoreContainer")
EKSCTL_DEFAULT_FAMILY = "AmazonLinux2023"


@dataclass
class EksctlGroup:
    """One entry of an eksctl `nodeGroups` / `managedNodeGroups` list."""

    doc: Document
    managed: bool
    index: int
    ng: V

    @property
    def path(self) -> str:
        return f"{'managedNodeGroups' if self.managed else 'nodeGroups'}[{self.index}]"

    @property
    def label(self) -> str:
        name = self.ng.str("name")
        return f"{self.path} ({name})" if name else self.path

    @property
    def cluster_name(self) -> str:
        return self.doc.root.str("metadata", "name") or "<cluster-name>"

    def get(self, *path: str | int) -> V | None:
        return self.ng.get(*path)

    def has(self, *path: str | int) -> bool:
        """The key is written with a non-null value (eksctl's pointer fields are then set)."""
        v = self.ng.get(*path)
        return v is not None and not (v.known and v.value is None)

    def is_true(self, *path: str | int) -> bool:
        v = self.ng.get(*path)
        return v is not None and v.known and v.value is True

    def is_false(self, *path: str | int) -> bool:
        v = self.ng.get(*path)
        return v is not None and v.known and v.value is False

    @property
    def family(self) -> str | None:
        """The amiFamily as eksctl reads it: canonical spelling, eksctl's default when omitted,
        '' when omitted with a custom AMI (no default then), None when not known or unsupported."""
        v = self.ng.get("amiFamily")
        if v is None or (v.known and v.value in (None, "")):
            ami = self.ng.str("ami")
            return "" if ami else EKSCTL_DEFAULT_FAMILY
        text = v.str()
        if text is None or is_placeholder(text):
            return None
        return canonical_family(text)

    @property
    def custom_ami(self) -> str | None:
        """The known `ami` value when it is an AMI id (ami-...)."""
        ami = self.ng.str("ami")
        return ami if ami and ami.startswith("ami-") else None


def canonical_family(text: str) -> str | None:
    """eksctl's canonical spelling of an amiFamily (it compares case-insensitively), None if unsupported."""
    for fam in EKSCTL_AMI_FAMILIES:
        if fam.lower() == text.lower():
            return fam
    return None


def is_bottlerocket(family: str | None) -> bool:
    return family in ("Bottlerocket", "BottlerocketFips")


def is_windows(family: str | None) -> bool:
    return family is not None and family.startswith("WindowsServer")


def is_ubuntu(family: str | None) -> bool:
    return family is not None and family.startswith(("Ubuntu", "UbuntuPro"))


def is_amazon_linux(family: str | None) -> bool:
    return family in ("AmazonLinux2", "AmazonLinux2023")


def eksctl_groups(ctx: Context) -> Iterator[EksctlGroup]:
    """Every mapping entry of `nodeGroups` and `managedNodeGroups` in eksctl ClusterConfig files."""
    for doc in ctx.documents_of(EKSCTL):
        for key, managed in (("nodeGroups", False), ("managedNodeGroups", True)):
            groups = doc.root.get(key)
            if groups is None or not groups.is_list:
                continue
            for i, ng in enumerate(groups.list()):
                if ng.is_map and ng.where() is not None:
                    yield EksctlGroup(doc, managed, i, ng)


def known_int(v: V | None) -> int | None:
    """A known integer (also from a numeric string, as Terraform coerces them), else None."""
    if v is None or not v.known or isinstance(v.value, bool):
        return None
    if isinstance(v.value, int):
        return v.value
    if isinstance(v.value, float) and v.value.is_integer():
        return int(v.value)
    if isinstance(v.value, str) and v.value.strip().lstrip("-").isdigit():
        return int(v.value.strip())
    return None


def node_labels(model: Model) -> Iterator[tuple[NodeGroup, str, V]]:
    """(node group, key, value) of the node labels of each node group that is not a Karpenter
    NodePool, keys that are placeholders left out."""
    for ng in model.node_groups:
        if ng.kind == "karpenter" or ng.labels is None or not ng.labels.is_map:
            continue
        for key, val in ng.labels.items():
            if not is_placeholder(key):
                yield ng, key, val


def group_name_label(ng: NodeGroup) -> str:
    """How a message names a node group by its name alone ("this node group" when it has none)."""
    name = ng.name.str() if ng.name is not None else None
    return f"node group {name!r}" if name else "this node group"


def group_label(ng: NodeGroup) -> str:
    """How a message names a node group of the model."""
    name = ng.name.str() if ng.name is not None else None
    if name:
        return f"node group {name!r}"
    if ng.address:
        return ng.address
    return "this node group"
