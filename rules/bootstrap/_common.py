"""Helpers shared by the bootstrap rules: NodeConfig documents and bootstrap.sh arguments."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from ekslint.context import Context
from ekslint.model import AL2023, CUSTOM, NodeBootstrap, NodeGroup
from ekslint.values import UNKNOWN_CHAR, V, is_placeholder

# -- NodeConfig ---------------------------------------------------------------------------------


def owner(ctx: Context, boot: NodeBootstrap) -> NodeGroup | None:
    """The node group whose user data this is, if any."""
    for ng in ctx.model.node_groups:
        if ng.bootstrap is boot:
            return ng
    return None


def reads_nodeconfig(ctx: Context, boot: NodeBootstrap) -> bool:
    """False when the node group's AMI does not run nodeadm (AL2, Bottlerocket, Windows, Ubuntu)."""
    ng = owner(ctx, boot)
    return ng is None or ng.ami_family in (None, AL2023, CUSTOM)


def nodeconfigs(ctx: Context) -> Iterator[tuple[NodeBootstrap, V]]:
    """Every NodeConfig document once, with the user data it belongs to (nodeadm AMIs only).

    Hybrid-node configurations (`spec.hybrid`) are left out: the hybrid nodeadm sets the node
    IP, name and cluster details its own way.
    """
    seen: set[int] = set()
    for boot in ctx.model.bootstraps:
        if not reads_nodeconfig(ctx, boot) or any(d.get("spec", "hybrid") is not None for d in boot.nodeconfigs):
            continue
        for doc in boot.nodeconfigs:
            if id(doc) not in seen:
                seen.add(id(doc))
                yield boot, doc


def text(v: V | None) -> str | None:
    """A known, non-placeholder string (stripped), else None."""
    if v is None or not v.known or not isinstance(v.value, str):
        return None
    t = v.value.strip()
    if not t or is_placeholder(t) or "\u2026" in t or "..." in t:
        return None
    return t


def closest(word: str, choices: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    if not found:
        found = [c for c in choices if c.lower() == word.lower()]
    return found[0] if found else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    near = closest(word, choices)
    return f" (did you mean `{near}`?)" if near else ""


# -- bootstrap.sh -------------------------------------------------------------------------------
# Every option of the AL2 /etc/eks/bootstrap.sh; each takes exactly the next word as its value.
BOOTSTRAP_FLAGS = (
    "--apiserver-endpoint", "--aws-api-retry-attempts", "--b64-cluster-ca", "--cluster-id", "--container-runtime",
    "--containerd-config-file", "--dns-cluster-ip", "--docker-config-json", "--enable-docker-bridge",
    "--enable-local-outpost", "--ip-family", "--kubelet-extra-args", "--local-disks", "--mount-bpf-fs",
    "--pause-container-account", "--pause-container-version", "--service-ipv4-cidr", "--service-ipv6-cidr",
    "--use-max-pods",
)
HELP_FLAGS = ("-h", "--help")


@dataclass
class BootstrapArgs:
    """A bootstrap.sh call read the way the script's `while/case` loop reads it.

    ``flags``: option → (the option word, its value word or None when it is the last word); the
    last occurrence wins, as in the script. ``positionals``: every other word, in order (the
    first is the cluster name). ``opaque``: a word could expand to several (`$@`, `$ARGS`, a
    Terraform-computed part) so positions after it cannot be trusted.
    """

    script: V
    words: list[V] = field(default_factory=list)  # the words after the script, in order
    flags: dict[str, tuple[V, V | None]] = field(default_factory=dict)
    positionals: list[V] = field(default_factory=list)
    opaque: bool = False

    def value(self, flag: str) -> V | None:
        got = self.flags.get(flag)
        return got[1] if got is not None else None

    def known(self, flag: str) -> str | None:
        """The flag's known, non-placeholder value."""
        return text(self.value(flag))

    def given(self, flag: str) -> bool:
        return flag in self.flags

    @property
    def skips_describe_cluster(self) -> bool:
        """bootstrap.sh calls DescribeCluster unless both the endpoint and the CA are passed (non-empty)."""
        for flag in ("--apiserver-endpoint", "--b64-cluster-ca"):
            v = self.value(flag)
            if v is None or (v.known and isinstance(v.value, str) and not v.value.strip()):
                return False
        return True


def expands(word: V) -> bool:
    """A word the shell may split into several (unknown, or an unquoted variable)."""
    if not word.known or not isinstance(word.value, str):
        return True
    w = word.value
    return UNKNOWN_CHAR in w or w.startswith("$") or w in ("$@", "$*")


def _names_arguments(word: V) -> bool:
    t = (word.value if word.known and isinstance(word.value, str) else (word.partial or word.ref or "")).upper()
    return t in ("$@", "$*", '"$@"') or any(k in t for k in ("ARG", "FLAG", "OPT", "EXTRA", "PARAM"))


def parse_call(call: list[V]) -> BootstrapArgs:
    args = BootstrapArgs(call[0], words=list(call[1:]))
    i = 1
    while i < len(call):
        word = call[i]
        if expands(word) and (args.positionals or _names_arguments(word)):
            args.opaque = True  # the first positional is the cluster name, whatever variable holds it
        w = word.value if word.known and isinstance(word.value, str) else None
        if w in BOOTSTRAP_FLAGS:
            value = call[i + 1] if i + 1 < len(call) else None
            args.flags[w] = (word, value)
            i += 2
            continue
        args.positionals.append(word)
        i += 1
    return args


def calls(ctx: Context) -> Iterator[tuple[NodeBootstrap, BootstrapArgs]]:
    """Every bootstrap.sh call once, parsed (extraction keeps only calls run as a command)."""
    seen: set[int] = set()
    for boot in ctx.model.bootstraps:
        for call in boot.bootstrap_calls:
            if call and id(call) not in seen:
                seen.add(id(call))
                yield boot, parse_call(call)


def spilled_kubelet_flags(args: BootstrapArgs) -> list[V]:
    """Kubelet flags that follow an unquoted `--kubelet-extra-args --flag` as separate words."""
    got = args.flags.get("--kubelet-extra-args")
    if got is None or got[1] is None:
        return []
    value = got[1]
    first = value.value if value.known and isinstance(value.value, str) else ""
    if not first.startswith("--") or any(c.isspace() for c in first):
        return []
    positional = {id(w) for w in args.positionals}
    idx = next((i for i, w in enumerate(args.words) if w is value), None)
    out: list[V] = []
    for w in args.words[idx + 1:] if idx is not None else []:
        t = w.value if w.known and isinstance(w.value, str) else ""
        if id(w) not in positional or not t.startswith("--") or t.split("=", 1)[0] in BOOTSTRAP_FLAGS:
            break
        out.append(w)
    return out


def merged(boot: NodeBootstrap, *path: str) -> V | None:
    """The value nodeadm ends up with at `path`: the last document's non-empty value wins."""
    found: V | None = None
    for doc in boot.nodeconfigs:
        v = doc.get(*path)
        if v is not None and (not v.known or v.value not in (None, "")):
            found = v
    return found


def cluster_of(ctx: Context, boot: NodeBootstrap):  # -> Cluster | None
    """The cluster these nodes join: the node group's, else the only cluster of the configuration."""
    ng = owner(ctx, boot)
    if ng is not None and ng.cluster is not None:
        return ng.cluster
    return ctx.model.clusters[0] if len(ctx.model.clusters) == 1 else None
