"""Files and the documents parsed from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ekslint.values import Span, V

# Document kinds
EKSCTL = "eksctl"  # eksctl.io ClusterConfig
NODEPOOL = "nodepool"  # karpenter.sh NodePool
EC2NODECLASS = "ec2nodeclass"  # karpenter.k8s.aws EC2NodeClass
AWS_AUTH = "aws-auth"  # a ConfigMap with mapRoles / mapUsers / mapAccounts (or named aws-auth)
NODECONFIG = "nodeconfig"  # node.eks.aws NodeConfig (plain YAML/JSON file)
USERDATA = "userdata"  # MIME multipart user data or a shell script calling bootstrap.sh
TERRAFORM = "terraform"  # one .tf file (the evaluated module lives in the model)
CLOUDFORMATION = "cloudformation"  # a CloudFormation template (YAML or JSON)
OTHER = "other"  # any other YAML document: loaded, not checked


@dataclass
class SourceFile:
    path: Path  # as given on disk
    display: str  # path shown to users (relative to the working directory when possible)
    text: str
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line(self, n: int) -> str:
        """Line `n` (1-based) without its newline, '' when out of range."""
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""


@dataclass
class Document:
    file: SourceFile
    kind: str
    root: V
    index: int = 0  # position in a multi-document stream
    api_version: str | None = None


@dataclass(frozen=True)
class LoadProblem:
    """A file (or an embedded document) that could not be read or parsed.

    Reported by rule EKS001 (does not parse) or EKS002 (not readable as text)."""

    span: Span
    message: str
    code: str = "EKS001"
    level: str = "error"  # severity of the finding: error, warning or note
