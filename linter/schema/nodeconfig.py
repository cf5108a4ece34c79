"""nodeadm `NodeConfig` (`node.eks.aws/v1alpha1`): every `spec` field and its type.

From nodeadm's `api/v1alpha1/nodeconfig_types.go` (awslabs/amazon-eks-ami), merged with the
nodeadm of EKS Hybrid Nodes (aws/eks-hybrid `api/v1alpha1/nodeconfig_types.go`: the same
apiVersion with `spec.cluster.region` and `spec.hybrid`). nodeadm decodes
with the Kubernetes universal decoder: field names are case-sensitive, unknown keys are dropped
without a word, and a value of the wrong type fails the whole document.

Free-form parts: `metadata`, `kubelet.config` (a KubeletConfiguration fragment),
`containerd.baseRuntimeSpec` (an OCI runtime spec fragment), `instance.environment` (variables
per systemd service). `certificateAuthority` and `localStorage.strategy` are judged by their own
rules; `featureGates` keys by the feature-gate rule. `status` is written by nodeadm itself into
cached configs.
"""

from __future__ import annotations

from ekslint.schema.types import ANY, BOOL, MAP, STR, Obj, Type, list_of, map_of, obj

STRS = list_of(STR)


def o(**fields: Type) -> Obj:
    return obj(fields)


CLUSTER = o(name=STR, region=STR, apiServerEndpoint=STR, certificateAuthority=ANY, cidr=STR, enableOutpost=BOOL, id=STR)
HYBRID = o(
    enableCredentialsFile=BOOL,
    iamRolesAnywhere=o(nodeName=STR, trustAnchorArn=STR, profileArn=STR, roleArn=STR, awsConfigPath=STR,
                       certificatePath=STR, privateKeyPath=STR),
    ssm=o(activationCode=STR, activationId=STR),
)
SPEC = o(
    cluster=CLUSTER,
    containerd=o(config=STR, baseRuntimeSpec=MAP),
    instance=o(
        localStorage=o(strategy=STR, mountPath=STR, disabledMounts=STRS),
        environment=MAP,
        network=o(nameservers=STRS, domains=STRS),
    ),
    kubelet=o(config=MAP, flags=STRS, maxPodsExpression=STR),
    featureGates=map_of(BOOL),
    hybrid=HYBRID,
)
NODE_CONFIG = o(apiVersion=STR, kind=STR, metadata=ANY, spec=SPEC, status=ANY)

# fields nodeadm needs to find the cluster; losing one to a typo keeps the node out
CLUSTER_REQUIRED = ("name", "apiServerEndpoint", "certificateAuthority", "cidr")
