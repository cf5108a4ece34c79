"""EC2NodeClass user data in a format its AMI family cannot use, or AL2023 settings Karpenter overrides.

## What it does
Checks `spec.userData` against the family Karpenter bootstraps (alias or `amiFamily`; `Custom`
is left alone):

- Bottlerocket: user data that is not valid TOML (error);
- AL2023: a YAML / JSON mapping that is not a `node.eks.aws` `NodeConfig` (warning: Karpenter
  labels every YAML mapping as a NodeConfig part);
- AL2023: a NodeConfig that sets `spec.cluster` fields (`name`, `apiServerEndpoint`,
  `certificateAuthority`, `cidr`), which Karpenter's own NodeConfig overrides (warning);
- AL2: a NodeConfig, which AL2 images (no nodeadm) do not read (warning).

User data that is a template (unknown Terraform) is skipped.

## Why is this bad
For Bottlerocket Karpenter parses the user data as TOML to merge its settings; a parse error
(`invalid UserData`) stops it from building the launch template and no node is launched. For
AL2023 Karpenter sends non-MIME YAML as an `application/node.eks.aws` part, so a cloud-config or
other YAML reaches nodeadm as if it were a NodeConfig. "Any values configured by the Karpenter
generated NodeConfig object will take precedent over values specified in spec.userData",
including the cluster name, CIDR, endpoint and CA: settings written there are silently ignored.
An AL2 node runs a NodeConfig as a shell script and ignores it.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: bottlerocket
spec:
  amiSelectorTerms:
    - alias: bottlerocket@latest
  userData: |
    [settings.kubernetes]
    max-pods = 110
    [settings.kubernetes.node-labels
    team = "payments"
```

## Use instead
```yaml
  userData: |
    [settings.kubernetes]
    max-pods = 110
    [settings.kubernetes.node-labels]
    team = "payments"
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K06
- aws/karpenter-provider-aws `pkg/providers/amifamily/bootstrap/bottlerocket.go` ("invalid UserData"), `pkg/providers/amifamily/bootstrap/nodeadm.go` (`parseUserData`: MIME, else any YAML as NodeConfig, else shell)
- karpenter-provider-aws `website/content/en/docs/concepts/nodeclasses.md` (§spec.userData per family; "will take precedent over values specifed in `spec.userData`")
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.load.yaml_docs import YamlLoadError, parse_yaml
from ekslint.model import NodeClass
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import family, key_at, label, nodeclass_specs
from ekslint.values import UNKNOWN_CHAR, V, is_placeholder

RULE = Rule("EKS508", "nodeclass-userdata-format", Severity.ERROR, tags=("karpenter", "bootstrap"), precision="high")

OVERRIDDEN = ("name", "apiServerEndpoint", "certificateAuthority", "cidr")


def _is_mime(text: str) -> bool:
    head = text.lstrip()[:400].lower()
    return head.startswith("mime-version:") or head.startswith("content-type: multipart")


def _yaml_mapping(text: str) -> dict | None:
    """The plain mapping when `text` is one YAML / JSON mapping, else None."""
    if text.lstrip().startswith("#!") or _is_mime(text):
        return None
    try:
        docs = parse_yaml(text, "<userData>", 0, 0)
    except YamlLoadError:
        return None
    except Exception:  # user data of any shape must not crash the rule
        return None
    if len(docs) != 1 or not docs[0].is_map:
        return None
    return docs[0].plain()


def _bottlerocket(nc: NodeClass, s: V, text: str) -> Iterator[Finding | None]:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        if is_placeholder(text):
            return
        yield RULE.finding(key_at(s, "userData"), f"{label(nc)} is Bottlerocket but its userData is not valid TOML "
                                                 f"({err}); Karpenter cannot merge it (\"invalid UserData\") and "
                                                 "launches no nodes: fix the TOML (Bottlerocket settings, e.g. "
                                                 "`[settings.kubernetes]`)")


def _al2023(ctx: Context, nc: NodeClass, s: V, text: str) -> Iterator[Finding | None]:
    what = label(nc)
    mapping = _yaml_mapping(text)
    if mapping is not None:
        api, kind = str(mapping.get("apiVersion") or ""), mapping.get("kind")
        if not api.startswith("node.eks.aws/") or kind != "NodeConfig":
            yield RULE.finding(key_at(s, "userData"), f"{what} is AL2023 and its userData is YAML but not a NodeConfig "
                                                     f"(apiVersion {api or 'missing'!s}, kind {kind or 'missing'!s}); "
                                                     "Karpenter passes any YAML to nodeadm as a NodeConfig part: write "
                                                     "a `node.eks.aws/v1alpha1` NodeConfig, a shell script, or a MIME "
                                                     "archive with the right Content-Type", severity=Severity.WARNING)
            return
    for ng in ctx.model.node_groups:
        if ng.value is not nc.doc or ng.bootstrap is None:
            continue
        for doc in ng.bootstrap.nodeconfigs:
            cluster = doc.get("spec", "cluster")
            for key, _ in cluster.items() if cluster is not None else []:
                if key in OVERRIDDEN:
                    yield RULE.finding(key_at(cluster, key),
                                       f"{what} userData sets NodeConfig spec.cluster.{key}, but Karpenter's generated "
                                       "NodeConfig takes precedence over it and the value is ignored; remove it (Karpenter "
                                       "fills the cluster details from its own settings)", severity=Severity.WARNING)


def _al2(nc: NodeClass, s: V, text: str) -> Iterator[Finding | None]:
    mapping = _yaml_mapping(text)
    if mapping is not None and str(mapping.get("apiVersion") or "").startswith("node.eks.aws/"):
        yield RULE.finding(key_at(s, "userData"), f"{label(nc)} is AL2 but its userData is a NodeConfig, which only "
                                                 "AL2023 (nodeadm) reads; on AL2 it is run as a shell script and "
                                                 "ignored: use a shell script (bootstrap.sh options) or switch to "
                                                 "`alias: al2023@latest`", severity=Severity.WARNING)


def check(ctx: Context) -> Iterator[Finding | None]:
    for nc, s in nodeclass_specs(ctx.model):
        ud = nc.user_data
        if ud is None or not ud.is_str or UNKNOWN_CHAR in ud.value or not ud.value.strip():
            continue
        fam = family(nc)
        if fam == "Bottlerocket":
            yield from _bottlerocket(nc, s, ud.value)
        elif fam == "AL2023":
            yield from _al2023(ctx, nc, s, ud.value)
        elif fam == "AL2":
            yield from _al2(nc, s, ud.value)
