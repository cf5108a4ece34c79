"""Karpenter NodePool / EC2NodeClass (v1 and v1beta1) → node classes, node pools, node groups."""

from __future__ import annotations

from ekslint import model as m
from ekslint.documents import Document
from ekslint.extract.aws_auth import block_scalar_first_line
from ekslint.extract.userdata import bootstrap_from_user_data
from ekslint.model import Model, NodeClass, NodeGroup, NodePool, RoleRef
from ekslint.values import Span

ALIAS_FAMILIES = {"al2": m.AL2, "al2023": m.AL2023, "bottlerocket": m.BOTTLEROCKET}
FAMILIES = {"al2": m.AL2, "al2023": m.AL2023, "bottlerocket": m.BOTTLEROCKET, "custom": m.CUSTOM, "ubuntu": m.UBUNTU}


def family_of(name: str | None) -> str | None:
    if not name:
        return None
    low = name.lower()
    if low.startswith("windows"):
        return m.WINDOWS
    return FAMILIES.get(low)


def extract_nodeclass(doc: Document, model: Model) -> None:
    root = doc.root
    spec = root.get("spec")
    span = root.where() or Span(doc.file.display, 1)
    alias = None
    terms = spec.get("amiSelectorTerms") if spec is not None else None
    for term in terms.list() if terms is not None else []:
        if term.get("alias") is not None:
            alias = term.get("alias")
    nc = NodeClass(span, doc.api_version or "", root, name=root.get("metadata", "name"),
                   role=root.get("spec", "role"), instance_profile=root.get("spec", "instanceProfile"),
                   ami_family=root.get("spec", "amiFamily"), alias=alias, user_data=root.get("spec", "userData"))
    model.node_classes.append(nc)
    family = family_of(nc.ami_family.str()) if nc.ami_family is not None else None
    family_value = nc.ami_family
    alias_text = alias.str() if alias is not None else None
    if alias_text and "@" in alias_text:
        fam = alias_text.split("@", 1)[0].lower()
        alias_family = m.WINDOWS if fam.startswith("windows") else ALIAS_FAMILIES.get(fam)
        if family is None or family != m.CUSTOM:
            family, family_value = alias_family, alias
    group = NodeGroup(
        kind="karpenter", source="karpenter", span=span, name=nc.name,
        ami_family=family, ami_family_value=family_value,
        role=RoleRef(nc.role) if nc.role is not None else None, value=root,
        module_dir=doc.file.display,
    )
    ud = nc.user_data
    if ud is not None and ud.is_str and ud.where():
        first, indent = block_scalar_first_line(ud, doc.file.lines)
        line = first if first is not None else ud.where().line
        boot = bootstrap_from_user_data(ud.value, doc.file.display, line, source="karpenter",
                                        col=indent + 1 if first is not None else ud.where().col)
        if boot is not None:
            # Karpenter generates the NodeConfig with the cluster details, except for Custom
            boot.cluster_details_supplied = family != m.CUSTOM
            group.bootstrap = boot
            model.bootstraps.append(boot)
    model.node_groups.append(group)


def extract_nodepool(doc: Document, model: Model) -> None:
    root = doc.root
    span = root.where() or Span(doc.file.display, 1)
    model.node_pools.append(NodePool(span, doc.api_version or "", root, name=root.get("metadata", "name"),
                                     node_class_ref=root.get("spec", "template", "spec", "nodeClassRef")))
