"""Assumed defaults for what the checked files do not say (from the ``assume`` table of the config).

Repositories that keep the cluster elsewhere (another repository, the console) still have node
groups, aws-auth ConfigMaps and NodeConfigs that depend on it. ``assume`` tells ekslint the
cluster's Kubernetes version, authentication mode and AWS partition; the model's helpers fall
back to these values only when the checked files do not state them (no cluster, or a cluster
without the value). The values are set for the duration of one run (`assuming`), so that the
model, the version helpers and the rules read them without passing a context around.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Assumptions:
    cluster_version: str | None = None  # "1.30"
    authentication_mode: str | None = None  # API | API_AND_CONFIG_MAP | CONFIG_MAP
    partition: str | None = None  # aws | aws-cn | aws-us-gov | aws-iso...


NONE = Assumptions()
_CURRENT: ContextVar[Assumptions | None] = ContextVar("ekslint_assumptions", default=None)


def current() -> Assumptions:
    """The assumptions of the running check (all None outside `assuming`)."""
    return _CURRENT.get() or NONE


def cluster_version() -> str | None:
    return current().cluster_version


def authentication_mode() -> str | None:
    return current().authentication_mode


def partition() -> str | None:
    return current().partition


@contextmanager
def assuming(values: Assumptions) -> Iterator[None]:
    """Make `values` the assumptions while the block runs."""
    token = _CURRENT.set(values)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def of_options(options: object) -> Assumptions:
    """The assumptions stated by an `ekslint.context.Options`."""
    return Assumptions(
        cluster_version=getattr(options, "default_cluster_version", None),
        authentication_mode=getattr(options, "default_authentication_mode", None),
        partition=getattr(options, "default_partition", None),
    )
