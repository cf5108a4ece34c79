"""AWS regions and partitions: the regions eksctl accepts, and which partition a region is in.

The region list is eksctl's ``SupportedRegions()`` (``pkg/apis/eksctl.io/v1alpha5/types.go`` at
eksctl commit 99984adb6164, 2026-08-21); the partition of each region follows eksctl's
``pkg/apis/eksctl.io/v1alpha5/partitions.go``. AWS opens new regions from time to time and
eksctl adds them in later releases, so a well-formed region missing from `EKSCTL_REGIONS` may be
accepted by a newer eksctl; callers should say so rather than call it a typo.
"""

from __future__ import annotations

import difflib
import re

EKSCTL_REGIONS_CHECKED = "2026-08-21"  # eksctl snapshot the list was read from

AWS = "aws"
AWS_CN = "aws-cn"
AWS_US_GOV = "aws-us-gov"
AWS_ISO = "aws-iso"
AWS_ISO_B = "aws-iso-b"
AWS_ISO_E = "aws-iso-e"
AWS_ISO_F = "aws-iso-f"

PARTITIONS = (AWS, AWS_CN, AWS_US_GOV, AWS_ISO, AWS_ISO_B, AWS_ISO_E, AWS_ISO_F)

# region name prefix → partition; checked in order, the first match wins
_PREFIXES = (
    ("cn-", AWS_CN),
    ("us-gov-", AWS_US_GOV),
    ("us-isob-", AWS_ISO_B),
    ("us-isof-", AWS_ISO_F),
    ("us-iso-", AWS_ISO),
    ("eu-isoe-", AWS_ISO_E),
)

# DNS suffix of service endpoints in each partition (EKS API server hosts, STS, ...)
DNS_SUFFIX = {
    AWS: "amazonaws.com",
    AWS_CN: "amazonaws.com.cn",
    AWS_US_GOV: "amazonaws.com",
    AWS_ISO: "c2s.ic.gov",
    AWS_ISO_B: "sc2s.sgov.gov",
    AWS_ISO_E: "cloud.adc-e.uk",
    AWS_ISO_F: "csp.hci.ic.gov",
}

EKSCTL_REGIONS: tuple[str, ...] = (
    # aws
    "us-west-1", "us-west-2", "us-east-1", "us-east-2", "ca-central-1", "ca-west-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-central-1", "eu-central-2", "eu-south-1", "eu-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
    "ap-southeast-7", "ap-south-1", "ap-south-2", "ap-east-1", "ap-east-2",
    "me-central-1", "me-south-1", "sa-east-1", "af-south-1", "il-central-1", "mx-central-1",
    # aws-cn
    "cn-north-1", "cn-northwest-1",
    # aws-us-gov
    "us-gov-west-1", "us-gov-east-1",
    # aws-iso, aws-iso-b, aws-iso-f, aws-iso-e
    "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "us-isof-south-1", "us-isof-east-1",
    "eu-isoe-west-1",
)

_REGION_SHAPE = re.compile(r"^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$")


def looks_like_region(name: str) -> bool:
    """True for text shaped like an AWS region name (``us-east-1``, ``us-gov-west-1``, ``eu-isoe-west-1``)."""
    return _REGION_SHAPE.match(name) is not None


_PLACEHOLDER_WORDS = re.compile(r"code|your|region|example|xx|changeme|todo", re.I)


def is_region_placeholder(text: str) -> bool:
    """True for documentation placeholders written where a region goes (``region-code``, ``your-region``)."""
    return _PLACEHOLDER_WORDS.search(text) is not None and not looks_like_region(text)


def partition_of(region: str | None) -> str | None:
    """The AWS partition of a region name (``aws``, ``aws-cn``, ``aws-us-gov``, ``aws-iso*``).

    None when ``region`` is None or does not look like a region name.
    """
    if region is None:
        return None
    low = region.strip().lower()
    if not looks_like_region(low):
        return None
    for prefix, part in _PREFIXES:
        if low.startswith(prefix):
            return part
    return AWS


def is_china(region: str | None) -> bool:
    return partition_of(region) == AWS_CN


def closest_region(text: str) -> str | None:
    """The eksctl region closest to ``text`` (typos such as ``us-east1``, ``us-east-1a``, ``US-EAST-1``)."""
    low = text.strip().lower().replace("_", "-")
    if low in EKSCTL_REGIONS:
        return low
    if re.match(r"^.*-\d+[a-z]$", low) and low[:-1] in EKSCTL_REGIONS:  # an availability zone
        return low[:-1]
    dashed = re.sub(r"([a-z])(\d+)$", r"\1-\2", low)
    if dashed in EKSCTL_REGIONS:
        return dashed
    close = difflib.get_close_matches(low, EKSCTL_REGIONS, n=1, cutoff=0.75)
    return close[0] if close else None
