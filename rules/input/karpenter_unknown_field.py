"""Unknown or misspelt field in a Karpenter NodePool or EC2NodeClass.

## What it does
Compares every key under `spec` of a `NodePool` (`karpenter.sh`) and an `EC2NodeClass`
(`karpenter.k8s.aws`), v1 and v1beta1, with the fields of that API version's CRD, and reports the
others with the closest known field. YAML files and manifests inside Terraform
(`kubectl_manifest`, `kubernetes_manifest`) alike. Free-form parts (tags, labels, annotations,
`limits`, resource lists, the v1 `kubelet` block) are not looked into. A v1beta1 field written in
a v1 object (`spec.disruption.expireAfter`, `template.spec.kubelet`, `nodeClassRef.apiVersion`)
is left to EKS517 and EKS512; a v1 field in a v1beta1 object is reported here.

## Why is this bad
Karpenter's CRDs have structural schemas. `kubectl apply`, whose default is strict server-side
field validation, rejects the object: `Error from server (BadRequest): ... strict decoding
error: unknown field "spec.disruption.consolidateAftr"`. Clients that do not ask for validation
(Helm, Terraform providers, GitOps controllers) get the unknown field pruned silently, so the
object is stored without the setting: a misspelt `consolidateAfter` or `expireAfter` falls back
to the default, a misspelt `subnetSelectorTerms` leaves the node class without subnets.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
spec:
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAftr: 30s
```

## Use instead
```yaml
spec:
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 30s
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md, 3.1 and 3.2 (fields of NodePool and EC2NodeClass)
- aws/karpenter-provider-aws `pkg/apis/crds/karpenter.sh_nodepools.yaml`,
  `pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml` (v0.37.8, v1.0.0, v1.14.1, main)
- https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning
- https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation (`kubectl --validate=strict` default)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.input._common import UNKNOWN, fix_for_unknown, karpenter_problems, then, unknown_text
from ekslint.schema.types import lookup

RULE = Rule("EKS015", "karpenter-unknown-field", Severity.ERROR, tags=("input", "karpenter", "schema"),
            precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for p, doc in karpenter_problems(ctx):
        if p.kind != UNKNOWN:
            continue
        other = "v1beta1" if doc.version == "v1" else "v1"
        in_other = lookup(doc.schemas[other], p.keys) is not None
        if in_other and doc.version == "v1":
            continue  # a v1beta1 field in a v1 object: EKS517 / EKS512 report it
        text = unknown_text(p)
        if in_other:
            text = f"`{p.key}` in {p.path} is a field of {doc.kind} {other}, not {doc.version}:"
        yield RULE.finding(
            p.value.key_span or p.value.where(),
            then(text, f"the API server rejects the {doc.kind} under `kubectl apply` (strict field validation) or "
                       f"drops the field silently; "
                       f"{fix_for_unknown(p) if not in_other else 'use the apiVersion that has it'}"),
        )
