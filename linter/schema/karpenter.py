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

from ekslint.schema.types import ANY, BOOL, INT, MAP, STR, Obj, enum, list_of, obj

TAINTS = list_of(obj({
    "effect": enum("NoSchedule", "PreferNoSchedule", "NoExecute"),
    "key": STR,
    "timeAdded": STR,
    "value": STR,
}))

EC2NODECLASS_V1_SPEC = obj({
    "amiFamily": STR,
    "amiSelectorTerms": list_of(obj({
        "alias": STR,
        "id": STR,
        "name": STR,
        "owner": STR,
        "ssmParameter": STR,
        "tags": MAP,
    })),
    "associatePublicIPAddress": BOOL,
    "blockDeviceMappings": list_of(obj({
        "deviceName": STR,
        "ebs": obj({
            "deleteOnTermination": BOOL,
            "encrypted": BOOL,
            "iops": INT,
            "kmsKeyID": STR,
            "snapshotID": STR,
            "throughput": INT,
            "volumeInitializationRate": INT,
            "volumeSize": STR,
            "volumeType": enum("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"),
        }),
        "rootVolume": BOOL,
    })),
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
    "context": STR,
    "cpuOptions": obj({
        "nestedVirtualization": enum("enabled", "disabled"),
    }),
    "detailedMonitoring": BOOL,
    "instanceProfile": STR,
    "instanceStorePolicy": enum("RAID0"),
    "ipPrefixCount": INT,
    "kubelet": ANY,
    "metadataOptions": obj({
        "httpEndpoint": enum("enabled", "disabled"),
        "httpProtocolIPv6": enum("enabled", "disabled"),
        "httpPutResponseHopLimit": INT,
        "httpTokens": enum("required", "optional"),
    }),
    "networkInterfaces": list_of(obj({
        "deviceIndex": INT,
        "interfaceType": enum("interface", "efa-only"),
        "networkCardIndex": INT,
    })),
    "placementGroupSelector": obj({
        "id": STR,
        "name": STR,
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
})

NODEPOOL_V1_SPEC = obj({
    "disruption": obj({
        "budgets": list_of(obj({
            "duration": STR,
            "nodes": STR,
            "reasons": list_of(enum("Underutilized", "Empty", "Drifted")),
            "schedule": STR,
        })),
        "consolidateAfter": STR,
        "consolidationPolicy": enum("WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"),
    }),
    "limits": MAP,
    "replicas": INT,
    "template": obj({
        "metadata": obj({
            "annotations": MAP,
            "labels": MAP,
        }),
        "spec": obj({
            "expireAfter": STR,
            "nodeClassRef": obj({
                "group": STR,
                "kind": STR,
                "name": STR,
            }),
            "requirements": list_of(obj({
                "key": STR,
                "minValues": INT,
                "operator": STR,
                "values": list_of(STR),
            })),
            "startupTaints": TAINTS,
            "taints": TAINTS,
            "terminationGracePeriod": STR,
        }),
    }),
    "weight": INT,
})

EC2NODECLASS_V1BETA1_SPEC = obj({
    "amiFamily": STR,
    "amiSelectorTerms": list_of(obj({
        "id": STR,
        "name": STR,
        "owner": STR,
        "tags": MAP,
    })),
    "associatePublicIPAddress": BOOL,
    "blockDeviceMappings": list_of(obj({
        "deviceName": STR,
        "ebs": obj({
            "deleteOnTermination": BOOL,
            "encrypted": BOOL,
            "iops": INT,
            "kmsKeyID": STR,
            "snapshotID": STR,
            "throughput": INT,
            "volumeSize": STR,
            "volumeType": enum("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"),
        }),
        "rootVolume": BOOL,
    })),
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
})

NODEPOOL_V1BETA1_SPEC = obj({
    "disruption": obj({
        "budgets": list_of(obj({
            "duration": STR,
            "nodes": STR,
            "schedule": STR,
        })),
        "consolidateAfter": STR,
        "consolidationPolicy": enum("WhenEmpty", "WhenUnderutilized"),
        "expireAfter": STR,
    }),
    "limits": MAP,
    "template": obj({
        "metadata": obj({
            "annotations": MAP,
            "labels": MAP,
        }),
        "spec": obj({
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
            "requirements": list_of(obj({
                "key": STR,
                "minValues": INT,
                "operator": STR,
                "values": list_of(STR),
            })),
            "resources": obj({
                "requests": MAP,
            }),
            "startupTaints": TAINTS,
            "taints": TAINTS,
        }),
    }),
    "weight": INT,
})


def document(spec: Obj) -> Obj:
    return obj({"apiVersion": STR, "kind": STR, "metadata": ANY, "spec": spec, "status": ANY})


NODEPOOL = {"v1": document(NODEPOOL_V1_SPEC), "v1beta1": document(NODEPOOL_V1BETA1_SPEC)}
EC2NODECLASS = {"v1": document(EC2NODECLASS_V1_SPEC), "v1beta1": document(EC2NODECLASS_V1BETA1_SPEC)}
