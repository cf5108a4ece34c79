"""EC2NodeClass AMI selection that the CRD rejects (alias, amiFamily, amiSelectorTerms).

## What it does
Checks how an EC2NodeClass picks its AMI, as the CRD validates it:

- v1: `amiSelectorTerms` missing or empty;
- v1: no `alias` term and no `amiFamily`;
- an `alias` term that also sets `id`, `tags`, `name` or `owner`, or an `alias` term next to other
  terms;
- an alias that is not `family@version`, names an unknown family, or pins a Windows version other
  than `latest`;
- `amiFamily` that is neither `Custom` nor the alias's family (`amiFamily: AL2` with
  `alias: al2023@latest`);
- `amiFamily: Ubuntu` in v1 (removed in v1.0) and a v1beta1 EC2NodeClass without `amiFamily`.

Templated values (Helm, `${VAR}`, unknown Terraform) are not reported; missing fields are only
reported when the spec is complete (it has its subnet and security-group selector terms), so
documentation fragments are not.

## Why is this bad
The API server refuses the object, e.g. `must specify amiFamily if amiSelectorTerms does not
contain an alias`, `'alias' is mutually exclusive, cannot be set with a combination of other
amiSelectorTerms`, `windows families may only specify version 'latest'`, `if set, amiFamily must
be 'AL2023' or 'Custom' when using an AL2023 alias`. The EC2NodeClass is never created and its
NodePools launch no nodes.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  amiFamily: AL2
  amiSelectorTerms:
    - alias: al2023@latest
      tags:
        team: platform
```

## Use instead
```yaml
spec:
  amiSelectorTerms:
    - alias: al2023@latest     # the alias alone; amiFamily follows from it
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K03
- aws/karpenter-provider-aws `pkg/apis/v1/ec2nodeclass.go` (amiSelectorTerms XValidations, MinItems 1; alias format, family and Windows version rules; "must specify amiFamily if amiSelectorTerms does not contain an alias"; amiFamily/alias agreement)
- aws/karpenter-provider-aws v0.37.7 `pkg/apis/v1beta1/ec2nodeclass.go` (amiFamily required; enum with Ubuntu)
- karpenter-provider-aws `website/content/en/v1.0/upgrading/v1-migration.md` (Ubuntu dropped, alias introduced)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import NodeClass
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import (
    complete_nodeclass,
    concrete,
    is_v1,
    is_v1beta1,
    key_at,
    label,
    nodeclass_specs,
    opaque,
    present,
)
from ekslint.values import V, is_placeholder

RULE = Rule("EKS506", "nodeclass-ami-selection", Severity.ERROR, tags=("karpenter", "ami"), precision="very-high")

ALIAS_FAMILIES = {"al2": "AL2", "al2023": "AL2023", "bottlerocket": "Bottlerocket", "windows2019": "Windows2019",
                  "windows2022": "Windows2022", "windows2025": "Windows2025"}
ALIAS_FORMAT = re.compile(r"^[a-zA-Z0-9]+@.+$")
OTHER_TERM_FIELDS = ("id", "tags", "name", "owner")


def _alias_problems(what: str, alias: V) -> Iterator[Finding | None]:
    text = alias.value
    if not ALIAS_FORMAT.match(text):
        yield RULE.finding(alias, f"{what} amiSelectorTerms alias {text!r} is not in the form 'family@version'; "
                                  "the CRD rejects it: write e.g. `alias: al2023@latest`")
        return
    family, version = text.split("@", 1)
    if family not in ALIAS_FAMILIES:
        hint = f" (did you mean {family.lower()!r}?)" if family.lower() in ALIAS_FAMILIES else ""
        yield RULE.finding(alias, f"{what} amiSelectorTerms alias family {family!r} is not supported{hint}; the CRD "
                                  f"accepts only {', '.join(ALIAS_FAMILIES)} (lower case), e.g. `alias: al2023@latest`")
    elif family.startswith("windows") and version != "latest":
        yield RULE.finding(alias, f"{what} amiSelectorTerms alias {text!r} pins a Windows version; the CRD rejects "
                                  f"it (\"windows families may only specify version 'latest'\"): use `alias: {family}@latest`")


def _terms(nc: NodeClass, s: V) -> Iterator[Finding | None]:
    what = label(nc)
    terms = s.get("amiSelectorTerms")
    if terms is None or (terms.is_list and not terms.value) or (terms.known and terms.value is None):
        if is_v1(nc) and complete_nodeclass(s):
            where = key_at(s, "amiSelectorTerms") if terms is not None else key_at(nc.doc, "spec")
            yield RULE.finding(where, f"{what} has no amiSelectorTerms, which karpenter.k8s.aws/v1 requires (at least "
                                      "one term); add `amiSelectorTerms: [{alias: al2023@latest}]` or terms selecting "
                                      "your AMIs")
        return
    if not terms.is_list:
        return
    entries = terms.value
    aliases: list[tuple[V, V]] = []  # (term, alias)
    for term in entries:
        if term.is_map and term.get("alias") is not None:
            aliases.append((term, term.get("alias")))
    for term, alias in aliases:
        others = [k for k in OTHER_TERM_FIELDS if present(term, k)]
        if others:
            yield RULE.finding(key_at(term, others[0]),
                               f"{what} amiSelectorTerms combine `alias` with `{others[0]}` in one term; the CRD rejects "
                               "it ('alias' is mutually exclusive): keep the alias alone, or drop it and select AMIs by "
                               "id/tags/name with spec.amiFamily set")
        elif len(entries) != 1:
            yield RULE.finding(alias, f"{what} has an `alias` term next to {len(entries) - 1} other amiSelectorTerms; "
                                      "the CRD rejects it (\"'alias' is mutually exclusive, cannot be set with a "
                                      "combination of other amiSelectorTerms\"): keep only the alias term")
        if alias.is_str and not is_placeholder(alias.value):
            yield from _alias_problems(what, alias)
    family = s.get("amiFamily")
    family_text = concrete(family)
    if is_v1(nc) and not aliases and present(s, "amiFamily") is False and complete_nodeclass(s) and all(t.is_map and not opaque(t) for t in entries):
        yield RULE.finding(key_at(s, "amiSelectorTerms"),
                           f"{what} selects AMIs without an alias and sets no spec.amiFamily; the CRD rejects it "
                           "(\"must specify amiFamily if amiSelectorTerms does not contain an alias\"): set "
                           "spec.amiFamily (AL2023, Bottlerocket, ... or Custom) so Karpenter knows how to bootstrap")
    if family_text and family_text != "Custom":
        for _, alias in aliases:
            text = concrete(alias)
            if not text or "@" not in text:
                continue
            expected = ALIAS_FAMILIES.get(text.split("@", 1)[0])
            if expected and family_text != expected:
                yield RULE.finding(family, f"{what} sets amiFamily {family_text!r} but selects alias {text!r}; the CRD "
                                           f"rejects it (\"if set, amiFamily must be '{expected}' or 'Custom'\"): remove "
                                           "spec.amiFamily (the alias sets it) or set it to "
                                           f"{expected!r}", related=[alias])


def check(ctx: Context) -> Iterator[Finding | None]:
    for nc, s in nodeclass_specs(ctx.model):
        what = label(nc)
        family = s.get("amiFamily")
        if is_v1(nc) and concrete(family) == "Ubuntu":
            yield RULE.finding(family, f"{what} sets amiFamily: Ubuntu, which karpenter.k8s.aws/v1 no longer supports; "
                                       "the CRD rejects it: use AL2023 or Bottlerocket, or amiFamily: Custom with your "
                                       "own amiSelectorTerms and userData")
        if is_v1beta1(nc) and present(s, "amiFamily") is False and complete_nodeclass(s):
            yield RULE.finding(key_at(nc.doc, "spec"), f"{what} (v1beta1) has no spec.amiFamily, which "
                                                       "karpenter.k8s.aws/v1beta1 requires; set it (AL2023, AL2, "
                                                       "Bottlerocket, ...)")
        yield from _terms(nc, s)
