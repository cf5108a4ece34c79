"""EC2 instance-type facts node rules need, derived from the instance-type name.

Graviton (arm64) types carry a `g` in the suffix after the generation digit (`m7g`, `c6gn`,
`x2gd`, `im4gn`, `g5g`), plus the first-generation `a1`. NVIDIA GPU types are the `p*` and `g*`
families except the AMD-GPU `g4ad`; Inferentia is `inf*`, Trainium `trn*`.
"""

from __future__ import annotations

import re

_TYPE = re.compile(r"^(?P<prefix>[a-z]+)(?P<gen>\d+)(?P<suffix>[a-z-]*)\.[a-z0-9-]+$")


def _parts(instance_type: str) -> tuple[str, str, str] | None:
    m = _TYPE.match(instance_type.strip().lower())
    return (m["prefix"], m["gen"], m["suffix"]) if m else None


def is_known_shape(instance_type: str) -> bool:
    return _parts(instance_type) is not None


def is_arm(instance_type: str) -> bool:
    p = _parts(instance_type)
    if p is None:
        return False
    prefix, gen, suffix = p
    return (prefix == "a" and gen == "1") or "g" in suffix.split("-")[0]


def is_nvidia(instance_type: str) -> bool:
    p = _parts(instance_type)
    if p is None:
        return False
    prefix, gen, suffix = p
    if prefix == "p":
        return True
    if prefix in ("g", "gr"):
        return not (prefix == "g" and gen == "4" and suffix.startswith("ad"))
    return False


def accelerator(instance_type: str) -> str | None:
    """'Inferentia' or 'Trainium' for AWS Neuron instance types, else None."""
    p = _parts(instance_type)
    if p is None:
        return None
    return {"inf": "Inferentia", "trn": "Trainium"}.get(p[0])
