"""Instance type that the node group's AMI family or AMI type cannot run.

## What it does
Compares a node group's instance types with its AMI:

- Terraform `aws_eks_node_group` and terraform-aws-eks managed node groups: the architecture of
  `ami_type` (`*_x86_64*` or `*ARM_64*`) must match every instance type; without `ami_type`
  (and without a custom image) EKS uses an x86_64 type, so Graviton instances (`m7g`, `t4g`, ...)
  do not fit.
- eksctl: Windows families have no arm64 AMIs; Inferentia and Trainium instances need an Amazon
  Linux or Bottlerocket family; self-managed AmazonLinux2 groups have no arm64 NVIDIA AMI
  (`g5g`). NVIDIA instances on Ubuntu or Windows families are a warning: those AMIs ship no
  NVIDIA driver.

Custom AMIs are not checked (except the accelerator check, as eksctl does).

## Why is this bad
The EKS API rejects the node group: `[t4g.small] is not a valid instance type for requested
amiType AL2_x86_64`. eksctl refuses the file: `m7g.large instance types are not supported for
unmanaged nodegroups with AMIFamily WindowsServer2022CoreContainer`, `Inferentia instance types
are not supported for Ubuntu2204; please use AmazonLinux2 instead`.

## Example
```hcl
resource "aws_eks_node_group" "arm" {
  instance_types = ["m7g.large"]
  # ami_type not set: EKS picks an x86_64 AMI type
}
```

## Use instead
```hcl
resource "aws_eks_node_group" "arm" {
  instance_types = ["m7g.large"]
  ami_type       = "AL2023_ARM_64_STANDARD"
}
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, K05 `instance-type-vs-ami-family`: eksctl `pkg/apis/eksctl.io/v1alpha5/amitype.go` `GetAMIType`; `validation.go` `validateInstanceTypeSupport`, `validateNodeGroupBase`
- https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html (`amiType`)
- HHS/simpler-grants-gov#12404, ManagedKube/kubernetes-ops#231 (EKS API error text)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AL2, UBUNTU, WINDOWS, NodeGroup
from ekslint.rule import Rule
from ekslint.rules.nodes._common import group_label
from ekslint.rules.nodes._instances import accelerator, is_arm, is_known_shape, is_nvidia
from ekslint.values import V, is_placeholder

RULE = Rule("EKS226", "instance-type-ami-mismatch", Severity.ERROR, tags=("nodes", "ami", "instance-type"))


def _types(ng: NodeGroup) -> list[tuple[str, V]]:
    out = []
    for v in ng.instance_types:
        text = v.str()
        if text and not is_placeholder(text) and is_known_shape(text):
            out.append((text, v))
    return out


def _arch_of_ami_type(ami_type: str) -> str | None:
    t = ami_type.upper()
    if t == "CUSTOM":
        return None
    if "ARM_64" in t or "ARM64" in t:
        return "arm64"
    if "X86_64" in t:
        return "x86_64"
    return None


def _terraform(ng: NodeGroup) -> Iterator[Finding | None]:
    if ng.kind != "managed" or ng.custom_ami is not None:
        return
    fam = ng.ami_family_value
    if fam is None:
        if ng.source not in ("terraform", "cloudformation"):
            return  # module versions differ in their default
        ami_type, arch, where = None, "x86_64", None
    else:
        ami_type = fam.str()
        if ami_type is None or is_placeholder(ami_type):
            return
        arch, where = _arch_of_ami_type(ami_type), fam
        if arch is None:
            return
    for text, v in _types(ng):
        if ("arm64" if is_arm(text) else "x86_64") == arch:
            continue
        want = "AL2023_ARM_64_STANDARD" if arch == "x86_64" else "AL2023_x86_64_STANDARD"
        key = "AmiType" if ng.source == "cloudformation" else "ami_type"
        said = f"{key} {ami_type} is {arch}" if ami_type else f"{key} is not set, so EKS uses an x86_64 AMI type"
        fix = f"`AmiType: {want}`" if ng.source == "cloudformation" else f"ami_type = \"{want}\""
        yield RULE.finding(v, f"{group_label(ng)}: {text} is an {'arm64' if arch == 'x86_64' else 'x86_64'} instance type "
                           f"but {said}, and EKS rejects the node group; set {fix} (or a "
                           "matching type) or choose instance types of one architecture", related=[where] if where else [])


def _eksctl(ng: NodeGroup) -> Iterator[Finding | None]:
    family, fam_v = ng.ami_family, ng.ami_family_value
    name = fam_v.str() if fam_v is not None else None
    if family is None:
        return
    custom = ng.custom_ami.str() if ng.custom_ami is not None else None
    is_custom = bool(custom and custom.startswith("ami-"))
    label, shown = group_label(ng), name or "AmazonLinux2023"
    for text, v in _types(ng):
        acc = accelerator(text)
        if acc and fam_v is not None and family in (WINDOWS, UBUNTU):
            yield RULE.finding(v, f"{label}: {acc} instances ({text}) are not supported with amiFamily {shown} "
                               "(no Neuron driver), and eksctl refuses the file; use AmazonLinux2023 or Bottlerocket")
            continue
        if is_custom:
            continue
        if is_arm(text) and family == WINDOWS:
            yield RULE.finding(v, f"{label}: {text} is an arm64 instance type, but there are no arm64 Windows AMIs "
                               "(eksctl refuses the file); use an x86_64 type such as m6i.large")
        elif is_arm(text) and is_nvidia(text) and family == AL2 and ng.kind == "self-managed":
            yield RULE.finding(v, f"{label}: there is no arm64 NVIDIA AmazonLinux2 AMI for {text} (eksctl refuses "
                               "unmanaged node groups with it); use amiFamily: AmazonLinux2023 or Bottlerocket")
        elif is_nvidia(text) and family in (WINDOWS, UBUNTU) and fam_v is not None:
            yield RULE.finding(v, f"{label}: {shown} does not ship NVIDIA GPU drivers, so the GPUs of {text} are "
                               "unusable until you install them; use AmazonLinux2023 or Bottlerocket for GPU nodes",
                               severity=Severity.WARNING)


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng in ctx.model.node_groups:
        if ng.source == "eksctl":
            yield from _eksctl(ng)
        elif ng.source in ("terraform", "tf-module-eks", "cloudformation"):
            yield from _terraform(ng)

