"""Kubernetes versions on Amazon EKS: a dated table, and parsing of version strings.

The table is a snapshot (see `LAST_CHECKED`); rules must not treat a version missing from it
as invalid, since EKS keeps releasing new ones. Dates are ISO strings (UTC, as AWS publishes
them).

Sources:

* Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS",
  release calendar (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html;
  awsdocs/amazon-eks-user-guide `latest/ug/versioning/kubernetes-versions.adoc` for 1.27–1.34,
  `latest/ug/clusters/kubernetes-versions.adoc` for 1.24–1.31). The same page's FAQ gives the
  1.23 end-of-support dates.
* Rows with ``verified=False`` come from a third-party summary (https://endoflife.date/amazon-eks)
  and were not confirmed on an AWS page.
* "Kubernetes version 1.32 is the last version for which Amazon EKS will release Amazon Linux 2
  (AL2) AMIs" (EKS User Guide, "Review release notes for Kubernetes versions on standard
  support", Kubernetes 1.32).
* eksctl: ``metadata.version`` omitted or ``auto`` resolves to ``api.DefaultVersion``, which is
  1.34 since eksctl 0.222.0 (1.32 in 0.206.0–0.221.x); ``latest`` resolves to the newest version
  EKS lists (eksctl ``pkg/eks/versions_manager.go`` ``ResolveClusterVersion``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ekslint import assume
from ekslint.values import V, is_placeholder

if TYPE_CHECKING:
    from ekslint.model import Cluster, NodeGroup

LAST_CHECKED = "2026-11-23"

Minor = tuple[int, int]


@dataclass(frozen=True)
class EksVersion:
    version: str
    eks_release: str  # first available on Amazon EKS
    end_of_standard_support: str
    end_of_extended_support: str | None  # None: no extended support for this version
    verified: bool = True  # False: dates not confirmed on an AWS page (see module docstring)

    @property
    def minor(self) -> Minor:
        m = parse_minor(self.version)
        assert m is not None
        return m


VERSIONS: tuple[EksVersion, ...] = (
    # 1.23: EKS release from endoflife.date; support dates from the EKS FAQ ("standard support for
    # version 1.23 ... ended on October 11, 2023 ... extended support ... ended on October 11, 2024")
    EksVersion("1.23", "2022-08-11", "2023-10-11", "2024-10-11", verified=False),
    EksVersion("1.24", "2022-11-15", "2024-01-31", "2025-01-31"),
    EksVersion("1.25", "2023-02-22", "2024-05-01", "2025-05-01"),
    EksVersion("1.26", "2023-04-11", "2024-06-11", "2025-06-11"),
    EksVersion("1.27", "2023-05-24", "2024-07-24", "2025-07-24"),
    EksVersion("1.28", "2023-09-26", "2024-11-26", "2025-11-26"),
    EksVersion("1.29", "2024-01-23", "2025-03-23", "2026-03-23"),
    EksVersion("1.30", "2024-05-23", "2025-07-23", "2026-07-23"),
    EksVersion("1.31", "2024-09-26", "2025-11-26", "2026-11-26"),
    EksVersion("1.32", "2025-01-23", "2026-03-23", "2027-03-23"),
    EksVersion("1.33", "2025-05-29", "2026-07-29", "2027-07-29"),
    EksVersion("1.34", "2025-10-02", "2026-12-02", "2027-12-02"),
    # 1.35: endoflife.date only (released 2026-01-28 there); not confirmed on an AWS page
    EksVersion("1.35", "2026-01-28", "2027-03-27", "2028-03-27", verified=False),
)

LAST_AL2_VERSION: Minor = (1, 32)  # EKS publishes no AL2 AMIs for 1.33 and later
EKSCTL_DEFAULT_VERSION: Minor = (1, 34)  # eksctl >= 0.222.0, metadata.version omitted or "auto"
EKSCTL_DEFAULT_SINCE = "0.222.0"
NEWEST_KNOWN: Minor = (1, 35)  # newest version in VERSIONS

_MINOR = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]*)?$")
_RELEASE = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)-(\d{8})$")  # EKS AMI release version: 1.30.4-20240917


def go_float_text(x: float) -> str:
    """The string eksctl / Terraform make of a YAML / HCL number given for a string field.

    sigs.k8s.io/yaml formats it with ``strconv.FormatFloat(v, 'g', -1, 32)``: ``1.30`` becomes
    ``"1.3"``. Python's shortest repr gives the same digits for the short decimals used as
    versions.
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    if x == int(x) and abs(x) < 1e21:
        return str(int(x))
    return repr(x)


def parse_minor(text: str | float | int | None) -> Minor | None:
    """(major, minor) of "1.30", "1.30.2", "v1.30", "1.30.4-20240917", or a number as eksctl reads it.

    A float is first turned into the string eksctl sees (`go_float_text`), so ``1.3`` (from an
    unquoted ``version: 1.30``) gives (1, 3). Returns None for anything else.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        text = go_float_text(float(text))
    if not isinstance(text, str):
        return None
    m = _MINOR.match(text.strip())
    if not m:
        return None
    return int(m.group(1)), int(m.group(2))


def is_release_version(text: str | None) -> bool:
    """True for an EKS-optimized AMI release version such as ``1.30.4-20240917``."""
    return text is not None and _RELEASE.match(text.strip()) is not None


def plausible(minor: Minor | None) -> bool:
    """A version EKS could run: 1.10 or later. ``(1, 3)`` from an unquoted ``1.30`` is not."""
    return minor is not None and minor[0] == 1 and minor[1] >= 10


def minor_of(v: V | None) -> Minor | None:
    """The Kubernetes minor version a positioned value states, or None when unknown.

    None for missing or unknown values, placeholders, keywords (``auto``, ``latest``) and
    numbers whose reading is ambiguous (an unquoted ``1.30`` is read as ``1.3``; that mistake is
    reported on its own, and the intended version cannot be known).
    """
    if v is None or not v.known:
        return None
    val = v.value
    if isinstance(val, str):
        if is_placeholder(val):
            return None
        minor = parse_minor(val)
    elif isinstance(val, int | float) and not isinstance(val, bool):
        minor = parse_minor(val)
    else:
        return None
    return minor if plausible(minor) else None


def release_minor(v: V | None) -> Minor | None:
    """The Kubernetes minor of an EKS AMI release version (``1.30.4-20240917``), else None.

    Bottlerocket and Windows release versions are OS versions, not Kubernetes versions, and do
    not have this shape (``1.20.5-a3e8bda1``); callers should still only use it for Amazon Linux.
    """
    if v is None or not v.known or not isinstance(v.value, str) or not is_release_version(v.value):
        return None
    minor = parse_minor(v.value)
    return minor if plausible(minor) else None


def fmt(minor: Minor) -> str:
    return f"{minor[0]}.{minor[1]}"


def lookup(minor: Minor) -> EksVersion | None:
    for v in VERSIONS:
        if v.minor == minor:
            return v
    return None


# Kubernetes versions for which eksctl finds an AMI of a family (first, last; None = no upper bound),
# from eksctl ``pkg/ami/ssm_resolver.go`` (``validateVersionForUbuntu``, the Windows Server 2022 /
# 2025 checks of ``MakeSSMParameterName``); AmazonLinux2's upper bound is `LAST_AL2_VERSION`.
EKSCTL_AMI_FAMILY_VERSIONS: dict[str, tuple[Minor, Minor | None]] = {
    "AmazonLinux2": ((1, 10), LAST_AL2_VERSION),
    "Ubuntu2004": ((1, 21), (1, 29)),
    "UbuntuPro2004": ((1, 27), (1, 29)),
    "Ubuntu2204": ((1, 29), None),
    "UbuntuPro2204": ((1, 29), None),
    "Ubuntu2404": ((1, 31), None),
    "UbuntuPro2404": ((1, 31), None),
    "Ubuntu2604": ((1, 35), None),
    "UbuntuPro2604": ((1, 35), None),
    "WindowsServer2022CoreContainer": ((1, 23), None),
    "WindowsServer2022FullContainer": ((1, 23), None),
    "WindowsServer2025CoreContainer": ((1, 35), None),
    "WindowsServer2025FullContainer": ((1, 35), None),
}


def ami_family_window(family: str) -> tuple[Minor, Minor | None] | None:
    """(first, last) Kubernetes minor with an AMI of an eksctl ``amiFamily``; None when not limited."""
    return EKSCTL_AMI_FAMILY_VERSIONS.get(family)


def families_for(minor: Minor, candidates: tuple[str, ...]) -> list[str]:
    """The families among `candidates` whose window includes `minor` (unlimited ones included)."""
    out = []
    for fam in candidates:
        window = ami_family_window(fam)
        if window is None or (window[0] <= minor and (window[1] is None or minor <= window[1])):
            out.append(fam)
    return out


def max_skew(node: Minor) -> int:
    """How many minors a kubelet may trail kube-apiserver (Kubernetes version-skew policy)."""
    return 2 if node < (1, 25) else 3


# -- node groups and clusters of the model ---------------------------------------------------------

_KUBERNETES_RELEASE_FAMILIES = ("AL2", "AL2023")  # release versions of other AMIs are OS versions


def node_minor(ng: NodeGroup) -> tuple[Minor, V] | None:
    """The node group's own Kubernetes minor and the value that states it, when known.

    ``version`` first; when it is not written, an Amazon Linux ``release_version``
    (``1.30.4-20240917``). A ``version`` that is written but unknown gives None: it must not be
    replaced by a guess.
    """
    if ng.version is not None:
        m = minor_of(ng.version)
        return (m, ng.version) if m is not None else None
    if ng.release_version is not None and ng.ami_family in _KUBERNETES_RELEASE_FAMILIES:
        m = release_minor(ng.release_version)
        if m is not None:
            return m, ng.release_version
    return None


def cluster_minor(cluster: Cluster | None, *, eksctl_defaults: bool = False) -> tuple[Minor, V | None, bool] | None:
    """The cluster's Kubernetes minor, the value that states it, and whether it is eksctl's default.

    With ``eksctl_defaults``, an eksctl cluster whose ``metadata.version`` is omitted or ``auto``
    counts as `EKSCTL_DEFAULT_VERSION` and ``latest`` as `NEWEST_KNOWN` (the third item is True
    then). Other formats leave the choice to EKS, which is not knowable offline.
    """
    if cluster is None or (cluster.version is None and cluster.source != "eksctl"):
        assumed = parse_minor(assume.cluster_version())  # `assume: cluster-version` of the config
        return (assumed, None, False) if assumed is not None else None
    v = cluster.version
    m = minor_of(v)
    if m is not None:
        return m, v, False
    if not eksctl_defaults or cluster.source != "eksctl":
        return None
    if v is None or (v.known and v.value in (None, "", "auto")):
        return EKSCTL_DEFAULT_VERSION, v, True
    if v.known and v.value == "latest":
        return NEWEST_KNOWN, v, True
    return None


def node_and_cluster_minors(
    node_groups: Iterable[NodeGroup],
) -> Iterator[tuple[NodeGroup, Minor, V, Minor, V | None]]:
    """Each node group whose minor and cluster's minor are both known, with the two minors and the
    values that state them (the cluster's as written: eksctl's default version does not count)."""
    for ng in node_groups:
        node = node_minor(ng)
        cluster = cluster_minor(ng.cluster)
        if node is not None and cluster is not None:
            yield ng, node[0], node[1], cluster[0], cluster[1]


# -- support status on the table's date ------------------------------------------------------------

STANDARD = "standard"  # in standard support on LAST_CHECKED
EXTENDED = "extended"  # standard support over, extended support (extra cost) still running
ENDED = "ended"  # no support at all: EKS no longer creates clusters of this version
NEWER = "newer"  # newer than the table: EKS may have released it since LAST_CHECKED
UNLISTED = "unlisted"  # inside the table's range but not in it (not expected for 1.x)

_EKSCTL_KEYWORDS = ("", "auto", "latest")
_MAJOR_MINOR = re.compile(r"^\d+\.\d+$")


def support_status(minor: Minor, on: str = LAST_CHECKED) -> str:
    """Where ``minor`` stands in its EKS lifecycle on the date ``on`` (default: the table's date).

    A version newer than `NEWEST_KNOWN` is `NEWER`, never an error: EKS keeps releasing. A
    version older than the table's first row has long lost all support (`ENDED`).
    """
    row = lookup(minor)
    if row is None:
        if minor > NEWEST_KNOWN:
            return NEWER
        if minor < VERSIONS[0].minor:
            return ENDED
        return UNLISTED
    if row.end_of_standard_support >= on:
        return STANDARD
    if row.end_of_extended_support is not None and row.end_of_extended_support >= on:
        return EXTENDED
    return ENDED


def oldest_supported(on: str = LAST_CHECKED) -> Minor | None:
    """The oldest version with any support (standard or extended) on the date ``on``."""
    for row in VERSIONS:
        if support_status(row.minor, on) != ENDED:
            return row.minor
    return None


def is_version_keyword(text: str) -> bool:
    """eksctl's ``metadata.version`` words that pick a version: empty, ``auto``, ``latest``."""
    return text.strip() in _EKSCTL_KEYWORDS


def is_version_placeholder(text: str) -> bool:
    """True for documentation placeholders written where a version goes (``1.XX``, ``X.YY``)."""
    return re.fullmatch(r"v?[0-9xXyYzZ]+(\.[0-9xXyYzZ*]+){1,2}", text.strip()) is not None and re.search(r"[xXyYzZ*]", text) is not None


def is_major_minor(text: str) -> bool:
    """True for the only shape EKS lists versions in: ``MAJOR.MINOR`` (``1.32``)."""
    return _MAJOR_MINOR.match(text) is not None
