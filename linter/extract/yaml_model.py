"""Extract the model from parsed YAML documents and user-data files."""

from __future__ import annotations

from ekslint import documents as kinds
from ekslint.documents import Document, LoadProblem
from ekslint.extract import aws_auth, eksctl, karpenter
from ekslint.extract.userdata import bootstrap_from_user_data, looks_like_nodeconfig
from ekslint.model import Model, NodeBootstrap
from ekslint.values import Span


def extract_documents(docs: list[Document]) -> tuple[Model, list[Document], list[LoadProblem]]:
    """Build the model from YAML documents. Returns the model, extra documents, load problems."""
    model = Model()
    problems: list[LoadProblem] = []
    nodeconfigs_by_file: dict[str, NodeBootstrap] = {}
    for doc in docs:
        if doc.kind == kinds.EKSCTL:
            eksctl.extract(doc, model)
        elif doc.kind == kinds.EC2NODECLASS:
            karpenter.extract_nodeclass(doc, model)
        elif doc.kind == kinds.NODEPOOL:
            karpenter.extract_nodepool(doc, model)
        elif doc.kind == kinds.AWS_AUTH:
            model.aws_auth.append(aws_auth.extract_configmap(doc.root, doc.file.lines))
        elif doc.kind == kinds.NODECONFIG:
            # NodeConfig documents of one file are merged, as nodeadm merges user-data parts
            boot = nodeconfigs_by_file.get(doc.file.display)
            if boot is None:
                boot = NodeBootstrap(span=doc.root.where() or Span(doc.file.display, 1), source="nodeconfig")
                nodeconfigs_by_file[doc.file.display] = boot
                model.bootstraps.append(boot)
            boot.nodeconfigs.append(doc.root)
        elif doc.kind == kinds.OTHER and looks_like_nodeconfig(doc.root):
            # kind or group misspelt: nodeadm cannot decode it (rules report it)
            model.bootstraps.append(NodeBootstrap(span=doc.root.where() or Span(doc.file.display, 1),
                                                  source="nodeconfig", rejected_docs=[doc.root]))
        elif doc.kind == kinds.CLOUDFORMATION:
            from ekslint.extract import cloudformation

            cloudformation.extract(doc, model)
        elif doc.kind == kinds.USERDATA:
            boot = bootstrap_from_user_data(doc.file.text, doc.file.display, 1, source="userdata")
            if boot is not None:
                model.bootstraps.append(boot)
    for boot in model.bootstraps:
        # Without a node group to say otherwise, NodeConfig documents with no `cluster` section
        # at all are overrides (a drop-in, or user data of a managed node group on an EKS AMI).
        standalone = boot.source in ("nodeconfig", "userdata") and boot.nodeconfigs and not boot.bootstrap_calls
        if standalone and all(d.get("spec", "cluster") is None for d in boot.nodeconfigs):
            boot.cluster_details_supplied = True
    return model, [], problems
