"""eksctl ClusterConfig with the wrong `apiVersion` or `kind`.

## What it does
Reports an eksctl config whose `apiVersion` is not exactly `eksctl.io/v1alpha5`, whose `kind` is
not exactly `ClusterConfig` (for example `clusterConfig` or `Cluster`), or that lacks one of the
two.

## Why is this bad
eksctl decodes the file with the Kubernetes scheme it registers, which knows one group/version
(`eksctl.io/v1alpha5`) and one kind (`ClusterConfig`). Anything else fails before any
validation runs: `no kind "Cluster" is registered for version "eksctl.io/v1alpha5"`, or a decode
error naming the unknown version. The cluster is not created.

## Example
```yaml
apiVersion: eksctl.io/v1alpha6
kind: clusterConfig
```

## Use instead
```yaml
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
```

## References
- research `domain-eksctl-nodeadm.md` §1A E01, citing eksctl `pkg/eks/api.go` `ParseConfig`
  (`runtime.Decode`, then `expected to decode object of type %T; got %T`),
  `pkg/apis/eksctl.io/v1alpha5/register.go` (`AddKnownTypes`) and `assets/schema.json`
  (`ClusterConfig.required = [metadata, kind, apiVersion]`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL, OTHER
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.values import V, is_placeholder

RULE = Rule("EKS106", "eksctl-apiversion-kind", Severity.ERROR, tags=("cluster", "eksctl"), precision="very-high")

API_VERSION = "eksctl.io/v1alpha5"
KIND = "ClusterConfig"


def _group(api: str) -> str:
    return api.split("/", 1)[0].strip().lower()


def _check_api(api_v: V | None, kind_v: V | None, root: V) -> Iterator[Finding | None]:
    api = api_v.str() if api_v is not None else None
    if api_v is None or (api_v.known and api is None):
        yield RULE.finding(kind_v or root, f"apiVersion is missing; add `apiVersion: {API_VERSION}`")
    elif api is not None and api != API_VERSION and not is_placeholder(api):
        yield RULE.finding(api_v, f"apiVersion `{api}` is not one eksctl decodes; use `apiVersion: {API_VERSION}`")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in ctx.documents_of(EKSCTL, OTHER):
        root = doc.root
        if not root.is_map:
            continue
        api_v, kind_v = root.get("apiVersion"), root.get("kind")
        api, kind = root.str("apiVersion"), root.str("kind")
        eksctl_group = api is not None and _group(api) == "eksctl.io"
        cluster_kind = kind is not None and kind.strip().lower() == KIND.lower()
        if doc.kind == OTHER and not eksctl_group:
            # a ClusterConfig without an apiVersion (other tools have their own ClusterConfig kinds)
            if cluster_kind and api_v is None and root.get("metadata", "region") is not None:
                yield from _check_api(api_v, kind_v, root)
            continue
        yield from _check_api(api_v, kind_v, root)
        if kind_v is None:
            yield RULE.finding(api_v or root, f"kind is missing; add `kind: {KIND}`")
        elif kind is not None and kind != KIND and not is_placeholder(kind):
            yield RULE.finding(kind_v, f"kind `{kind}` is not one eksctl decodes; use `kind: {KIND}`")
        elif kind is None and kind_v.known:
            yield RULE.finding(kind_v, f"kind must be the string `{KIND}`; use `kind: {KIND}`")
