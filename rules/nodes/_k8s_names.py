"""Kubernetes name checks (qualified names, label values, kubelet-settable labels) for node rules."""

from __future__ import annotations

import re

_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")

# kubelet --node-labels: labels in the kubernetes.io / k8s.io namespaces it accepts
# (k8s.io/kubelet/pkg/apis well_known_labels.go, `IsKubeletLabel`)
KUBELET_LABELS = frozenset({
    "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os", "kubernetes.io/instance-type",
    "beta.kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/instance-type",
    "failure-domain.beta.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone",
    "failure-domain.kubernetes.io/region", "failure-domain.kubernetes.io/zone",
    "topology.kubernetes.io/region", "topology.kubernetes.io/zone", "node.kubernetes.io/instance-type",
})
KUBELET_LABEL_NAMESPACES = ("kubelet.kubernetes.io", "node.kubernetes.io")


def qualified_name_problem(key: str) -> str | None:
    """Why `key` is not a Kubernetes qualified name (``[prefix/]name``), or None when it is."""
    if not key:
        return "it is empty"
    parts = key.split("/")
    if len(parts) > 2:
        return "it has more than one '/'"
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            return "the prefix before '/' is empty"
        if len(prefix) > 253 or not _DNS1123_SUBDOMAIN.match(prefix):
            return f"the prefix {prefix!r} is not a lower-case DNS subdomain"
    if not name:
        return "the name part is empty"
    if len(name) > 63:
        return "the name part is longer than 63 characters"
    if not _NAME.match(name):
        return "the name part must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric"
    return None


def label_value_problem(value: str) -> str | None:
    """Why `value` is not a valid label value (empty is valid), or None."""
    if value == "":
        return None
    if len(value) > 63:
        return "it is longer than 63 characters"
    if not _NAME.match(value):
        return "it must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric"
    return None


def in_kubernetes_namespace(prefix: str) -> bool:
    return any(prefix == d or prefix.endswith("." + d) for d in ("kubernetes.io", "k8s.io"))


def kubelet_may_set(key: str) -> bool:
    """False for a label kubelet refuses in --node-labels (reserved kubernetes.io / k8s.io namespace)."""
    if "/" not in key:
        return True
    prefix = key.split("/", 1)[0]
    if not in_kubernetes_namespace(prefix):
        return True
    if key in KUBELET_LABELS:
        return True
    return any(prefix == ns or prefix.endswith("." + ns) for ns in KUBELET_LABEL_NAMESPACES)
