"""aws-auth mappings in a ConfigMap that is not `kube-system/aws-auth`.

## What it does
Reports a ConfigMap that holds `mapRoles`, `mapUsers` or `mapAccounts` (YAML, or a Terraform
`kubernetes_config_map` / `kubernetes_config_map_v1` / `kubernetes_config_map_v1_data` /
`kubernetes_manifest`) whose name is not `aws-auth` or whose namespace is not `kube-system`.
A ConfigMap without a namespace is a warning in YAML (`kubectl apply` puts it in the context's
namespace, usually `default`; a `kustomization.yaml` next to it may set it) and an error in
Terraform, where the kubernetes provider defaults `metadata.namespace` to `default`.

## Why is this bad
The authenticator watches exactly one object: the ConfigMap named `aws-auth` in `kube-system`.
Any other name or namespace is applied without complaint and never read, so the nodes and users
it maps get `Unauthorized` (kubelet: `Unable to register node with API server" err="Unauthorized"`).

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: default
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A01, citing kubernetes-sigs/aws-iam-authenticator
  `pkg/mapper/configmap/configmap.go` (ConfigMaps("kube-system") watched with `metadata.name=aws-auth`)
- https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html (`aws-auth` in `kube-system`)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AwsAuth
from ekslint.rule import Rule
from ekslint.rules.identity._common import configmaps, map_keys
from ekslint.values import is_placeholder, known_str

RULE = Rule("EKS410", "aws-auth-wrong-name-or-namespace", Severity.ERROR, tags=("identity", "aws-auth"),
            precision="very-high")

def _kustomized(ctx: Context, auth: AwsAuth) -> bool:
    """True when a kustomization file sits next to the YAML file (it may set the namespace)."""
    folder = PurePosixPath(auth.span.file).parent
    for f in ctx.files:
        p = PurePosixPath(f.display)
        if p.parent == folder and p.name in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
            return True
    return False


def check(ctx: Context) -> Iterator[Finding | None]:
    for auth in configmaps(ctx.model):
        if next(map_keys(auth), None) is None:
            continue
        name = known_str(auth.name)
        if auth.name is not None and name is not None and not is_placeholder(name) and name != "aws-auth":
            yield RULE.finding(auth.name, f"the ConfigMap {name!r} holds aws-auth mappings, but the authenticator only "
                               "reads kube-system/aws-auth, so none of them apply. Name it aws-auth")
        if auth.namespace is None:
            if auth.name is None or name is None:
                continue
            if auth.source == "terraform" and auth.manager.startswith("kubernetes_config_map"):
                yield RULE.finding(auth.name, "this ConfigMap has no metadata.namespace, so the kubernetes provider "
                                   "writes it to `default` and the authenticator never reads it. Set namespace = \"kube-system\"")
            elif auth.source == "aws-auth" and not _kustomized(ctx, auth):
                yield RULE.finding(auth.name, "this aws-auth ConfigMap has no metadata.namespace, so kubectl applies it "
                                   "to the current namespace (usually `default`), where the authenticator never reads "
                                   "it. Add `namespace: kube-system`", severity=Severity.WARNING)
            continue
        ns = known_str(auth.namespace)
        if ns is None or is_placeholder(ns) or ns == "kube-system":
            continue
        yield RULE.finding(auth.namespace, f"the aws-auth ConfigMap is in namespace {ns!r}; the authenticator only "
                           "reads kube-system/aws-auth, so none of its mappings apply. Set the namespace to kube-system")
