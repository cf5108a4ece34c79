"""NodePool v1 `nodeClassRef` without `group`, `kind` or `name`, or still in the v1beta1 shape.

## What it does
For `karpenter.sh/v1` NodePools, reports a `spec.template.spec.nodeClassRef` that is missing, lacks
`group`, `kind` or `name`, sets one of them to an empty string, has a `group` containing `/`
(`karpenter.k8s.aws/v1`), or still uses the v1beta1 `apiVersion` key instead of `group`.
Documentation fragments (a template spec without `requirements`) and templates are skipped.

## Why is this bad
In v1 the three fields are required and validated: the API server answers `group may not be
empty`, `kind may not be empty`, `name may not be empty`, or a pattern error for `group`, and the
NodePool is not created. Since Karpenter 1.1 `group` and `kind` "are strictly required". A v1beta1
`apiVersion` key is not part of the v1 schema, so it is dropped (or refused by strict field
validation) and `group` is still missing.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    spec:
      nodeClassRef:
        apiVersion: karpenter.k8s.aws/v1beta1
        kind: EC2NodeClass
        name: default
```

## Use instead
```yaml
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K11
- kubernetes-sigs/karpenter `pkg/apis/v1/nodeclaim.go` (`NodeClassReference`: group, kind, name required; "may not be empty"; group pattern `^[^/]*$`)
- aws/karpenter-provider-aws `pkg/apis/crds/karpenter.sh_nodepools.yaml` (nodeClassRef schema)
- karpenter-provider-aws `website/content/en/docs/upgrading/upgrade-guide.md` (1.1.0: group and kind strictly required), `website/content/en/v1.0/upgrading/v1-migration.md` (apiVersion → group)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import is_v1, key_at, label, opaque, present, template_spec

RULE = Rule("EKS512", "nodepool-nodeclassref-shape", Severity.ERROR, tags=("karpenter",), precision="very-high")

DEFAULTS = {"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": "default"}


def check(ctx: Context) -> Iterator[Finding | None]:
    for pool in ctx.model.node_pools:
        tspec = template_spec(pool)
        if not is_v1(pool) or tspec is None or opaque(tspec):
            continue
        what = label(pool)
        ref = tspec.get("nodeClassRef")
        if ref is None or (ref.known and ref.value is None):
            if present(tspec, "requirements"):
                yield RULE.finding(key_at(pool.doc.get("spec", "template"), "spec"),
                                   f"{what} has no spec.template.spec.nodeClassRef, which karpenter.sh/v1 requires; add "
                                   "`nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: <class>}`")
            continue
        if not ref.is_map or opaque(ref):
            continue
        old = ref.get("apiVersion")
        for key in ("group", "kind", "name"):
            v = ref.get(key)
            if v is not None and v.is_str and v.value == "":
                yield RULE.finding(v, f"{what} nodeClassRef.{key} is empty; the CRD rejects it (\"{key} may not be "
                                      f"empty\"): set it, e.g. `{key}: {DEFAULTS[key]}`")
            elif present(ref, key) is False:
                if key == "group" and old is not None:
                    yield RULE.finding(key_at(ref, "apiVersion"),
                                       f"{what} nodeClassRef uses the v1beta1 `apiVersion` key, which karpenter.sh/v1 "
                                       "replaced with `group` (without the version); the CRD then finds no group: "
                                       "write `group: karpenter.k8s.aws` instead")
                else:
                    yield RULE.finding(key_at(tspec, "nodeClassRef"),
                                       f"{what} nodeClassRef has no `{key}`, which karpenter.sh/v1 requires; add "
                                       f"`{key}: {DEFAULTS[key]}`" + (" (the EC2NodeClass's metadata.name)" if key == "name" else ""))
        group = ref.get("group")
        if group is not None and group.is_str and "/" in group.value:
            bare = group.value.split("/", 1)[0]
            yield RULE.finding(group, f"{what} nodeClassRef.group {group.value!r} contains a version; the CRD rejects it "
                                      f"(group must match ^[^/]*$): write `group: {bare}`")
