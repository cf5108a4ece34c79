"""eksctl ClusterConfig without `metadata`, `metadata.name` or `metadata.region`.

## What it does
Reports an eksctl ClusterConfig that has no `metadata` mapping, or whose `metadata.name` or
`metadata.region` is missing or empty.

## Why is this bad
Every eksctl command that reads a config file stops right after loading it:
`metadata must be set`, `metadata.name must be set` or `metadata.region must be set`. The region
cannot come from `AWS_REGION` or `--region` once a config file is used.

## Example
```yaml
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: analytics
```

## Use instead
```yaml
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: analytics
  region: eu-west-1
```

## References
- research `domain-eksctl-nodeadm.md` §1A E03, citing eksctl `pkg/ctl/cmdutils/configfile.go`
  `commonClusterConfigLoader.Load` (`ErrMustBeSet("metadata")`, `("metadata.name")`,
  `("metadata.region")`) and `assets/schema.json` (`ClusterMeta.required = [name, region]`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import eksctl_docs, literal_text

RULE = Rule("EKS107", "eksctl-metadata-required", Severity.ERROR, tags=("cluster", "eksctl"), precision="very-high")

_EXAMPLES = {"name": "my-cluster", "region": "us-west-2"}


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in eksctl_docs(ctx):
        root = doc.root
        meta = root.get("metadata")
        if meta is None or (meta.known and meta.value is None):
            yield RULE.finding(meta.key_span if meta is not None else (root.get("kind") or root),
                               "metadata is missing; add a metadata mapping with `name` and `region`")
            continue
        if not meta.is_map:
            continue
        for key in ("name", "region"):
            v = meta.get(key)
            if v is None and key == "region" and literal_text(meta.get("name")) is None and meta.get("name") is not None:
                continue  # a template whose name (and region) a script fills in: `name: <generated>`
            if v is None:
                yield RULE.finding(meta.key_span or meta,
                                   f"metadata.{key} is missing; eksctl requires it: add `{key}: {_EXAMPLES[key]}` under metadata")
            elif v.known and (v.value is None or (isinstance(v.value, str) and not v.value.strip())):
                yield RULE.finding(v.key_span or v,
                                   f"metadata.{key} is empty; eksctl requires it: set it (e.g. `{key}: {_EXAMPLES[key]}`)")
