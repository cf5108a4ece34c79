"""Karpenter `NodePool` (`karpenter.sh`) and `EC2NodeClass` (`karpenter.k8s.aws`), v1 and v1beta1.

The `spec` fields of each API version, from the CRDs Karpenter installs (aws/karpenter-provider-aws
`pkg/apis/crds/`, read at v0.37.8, v1.0.0, v1.14.1 and the main branch, and merged so that a field
any of them accepts is known). The API server validates these objects against the CRD's
structural schema: a value of the wrong type or outside an enum is rejected, and an unknown field
is rejected by `kubectl apply` (strict field validation, its default) or dropped by clients that
do not ask for validation.

Loosely typed on purpose (judged by other rules): requirement `operator`, `amiFamily`.
Free-form: `metadata`, `status`, tags, labels, annotations, `limits`, resource lists, and the v1
`kubelet` block (an open map on Karpenter's main branch, checked by the controller).
"""

from __future__ import annotations

from collections.abc import Mapping

from ekslint.schema.types import ANY, BOOL, INT, MAP, STR, ListOf, Obj, Type, enum, list_of, obj


def fields(*parts: Mapping[str, Type]) -> Obj:
    """An object of the fields of all `parts`, in name order (as the CRDs list them)."""
    merged: dict[str, Type] = {}
    for part in parts:
        merged.update(part)
    return obj(dict(sorted(merged.items())))


# -- parts both API versions share ----------------------------------------------------------------

TAINTS = list_of(obj({
    "effect": enum("NoSchedule", "PreferNoSchedule", "NoExecute"),
    "key": STR,
    "timeAdded": STR,
    "value": STR,
}))
AMI_SELECTOR_TERM = {"id": STR, "name": STR, "owner": STR, "tags": MAP}
EBS = {
    "deleteOnTermination": BOOL,
    "encrypted": BOOL,
    "iops": INT,
    "kmsKeyID": STR,
    "snapshotID": STR,
    "throughput": INT,
    "volumeSize": STR,
    "volumeType": enum("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"),
}
EC2NODECLASS_SPEC = {
    "amiFamily": STR,
    "associatePublicIPAddress": BOOL,
    "context": STR,
    "detailedMonitoring": BOOL,
    "instanceProfile": STR,
    "instanceStorePolicy": enum("RAID0"),
    "metadataOptions": obj({
        "httpEndpoint": enum("enabled", "disabled"),
        "httpProtocolIPv6": enum("enabled", "disabled"),
        "httpPutResponseHopLimit": INT,
        "httpTokens": enum("required", "optional"),
    }),
    "role": STR,
    "securityGroupSelectorTerms": list_of(obj({
        "id": STR,
        "name": STR,
        "tags": MAP,
    })),
    "subnetSelectorTerms": list_of(obj({
        "id": STR,
        "tags": MAP,
    })),
    "tags": MAP,
    "userData": STR,
}
TEMPLATE_METADATA = obj({
    "annotations": MAP,
    "labels": MAP,
})
TEMPLATE_SPEC = {
    "requirements": list_of(obj({
        "key": STR,
        "minValues": INT,
        "operator": STR,
        "values": list_of(STR),
    })),
    "startupTaints": TAINTS,
    "taints": TAINTS,
}
NODEPOOL_SPEC = {
    "limits": MAP,
    "weight": INT,
}
BUDGET = {
    "duration": STR,
    "nodes": STR,
    "schedule": STR,
}


def block_device_mappings(ebs: Obj) -> ListOf:
    return list_of(obj({
        "deviceName": STR,
        "ebs": ebs,
        "rootVolume": BOOL,
    }))


# -- v1 -------------------------------------------------------------------------------------------

EC2NODECLASS_V1_SPEC = fields(EC2NODECLASS_SPEC, {
    "amiSelectorTerms": list_of(fields(AMI_SELECTOR_TERM, {"alias": STR, "ssmParameter": STR})),
    "blockDeviceMappings": block_device_mappings(fields(EBS, {"volumeInitializationRate": INT})),
    "capacityReservationSelectorTerms": list_of(obj({
        "id": STR,
        "instanceMatchCriteria": enum("open", "targeted"),
        "ownerID": STR,
        "tags": MAP,
    })),
    "connectionTracking": obj({
        "tcpEstablishedTimeout": INT,
        "udpStreamTimeout": INT,
        "udpTimeout": INT,
    }),
    "cpuOptions": obj({
        "nestedVirtualization": enum("enabled", "disabled"),
    }),
    "ipPrefixCount": INT,
    "kubelet": ANY,
    "networkInterfaces": list_of(obj({
        "deviceIndex": INT,
        "interfaceType": enum("interface", "efa-only"),
        "networkCardIndex": INT,
    })),
    "placementGroupSelector": obj({
        "id": STR,
        "name": STR,
    }),
})

NODEPOOL_V1_SPEC = fields(NODEPOOL_SPEC, {
    "disruption": obj({
        "budgets": list_of(fields(BUDGET, {"reasons": list_of(enum("Underutilized", "Empty", "Drifted"))})),
        "consolidateAfter": STR,
        "consolidationPolicy": enum("WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"),
    }),
    "replicas": INT,
    "template": obj({
        "metadata": TEMPLATE_METADATA,
        "spec": fields(TEMPLATE_SPEC, {
            "expireAfter": STR,
            "nodeClassRef": obj({
                "group": STR,
                "kind": STR,
                "name": STR,
            }),
            "terminationGracePeriod": STR,
        }),
    }),
})

# -- v1beta1 --------------------------------------------------------------------------------------

EC2NODECLASS_V1BETA1_SPEC = fields(EC2NODECLASS_SPEC, {
    "amiSelectorTerms": list_of(obj(AMI_SELECTOR_TERM)),
    "blockDeviceMappings": block_device_mappings(obj(EBS)),
})

NODEPOOL_V1BETA1_SPEC = fields(NODEPOOL_SPEC, {
    "disruption": obj({
        "budgets": list_of(obj(BUDGET)),
        "consolidateAfter": STR,
        "consolidationPolicy": enum("WhenEmpty", "WhenUnderutilized"),
        "expireAfter": STR,
    }),
    "template": obj({
        "metadata": TEMPLATE_METADATA,
        "spec": fields(TEMPLATE_SPEC, {
            "kubelet": obj({
                "clusterDNS": list_of(STR),
                "cpuCFSQuota": BOOL,
                "evictionHard": MAP,
                "evictionMaxPodGracePeriod": INT,
                "evictionSoft": MAP,
                "evictionSoftGracePeriod": MAP,
                "imageGCHighThresholdPercent": INT,
                "imageGCLowThresholdPercent": INT,
                "kubeReserved": MAP,
                "maxPods": INT,
                "podsPerCore": INT,
                "systemReserved": MAP,
            }),
            "nodeClassRef": obj({
                "apiVersion": STR,
                "kind": STR,
                "name": STR,
            }),
            "resources": obj({
                "requests": MAP,
            }),
        }),
    }),
})

def document(spec: Obj) -> Obj:
    return obj({"apiVersion": STR, "kind": STR, "metadata": ANY, "spec": spec, "status": ANY})


NODEPOOL = {"v1": document(NODEPOOL_V1_SPEC), "v1beta1": document(NODEPOOL_V1BETA1_SPEC)}
EC2NODECLASS = {"v1": document(EC2NODECLASS_V1_SPEC), "v1beta1": document(EC2NODECLASS_V1BETA1_SPEC)}
