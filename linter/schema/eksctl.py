"""eksctl `ClusterConfig` (`eksctl.io/v1alpha5`): every key eksctl accepts, and its type.

Field names and types follow the Go types of eksctl (`pkg/apis/eksctl.io/v1alpha5/types.go`,
`vpc.go`, `iam.go`, `identity_provider.go` and the generated `assets/schema.json`, where every
object has `additionalProperties: false`). Choices that differ from a plain reading:

* Values whose meaning another rule judges are typed loosely here, so that a mistake is
  reported once: `metadata.version`, `amiFamily`, `apiVersion`/`kind`, access-entry `type`,
  `authenticationMode`, `kubernetesNetworkConfig.ipFamily`, taint effects,
  `privateCluster.additionalEndpointServices` and the `arn` / `groups` / `username` of
  `iamIdentityMappings` (the aws-auth rules).
* Free-form documents (`kubeletExtraConfig`, IAM policies, `bottlerocket.settings`) are `ANY`;
  labels, tags and annotations are `MAP` (their keys and values are not looked at).
* `vpc.subnets.{private,public}.<alias>` and `identityProviders[]` are decoded by eksctl's own
  code without the strict check, so unknown keys there are dropped rather than rejected.
* Self-managed `taints` may be a `{key: "value:Effect"}` mapping or a list; managed ones only
  a list.
"""

from __future__ import annotations

from ekslint.schema.types import ANY, BOOL, INT, MAP, NUM, STR, Obj, Type, enum, list_of, map_of, obj, one_of

STRS = list_of(STR)


def o(**fields: Type) -> Obj:
    return obj(fields)


VOLUME_TYPE = enum("gp2", "gp3", "io1", "io2", "sc1", "st1")
WELL_KNOWN_POLICIES = o(autoScaler=BOOL, awsLoadBalancerController=BOOL, certManager=BOOL, ebsCSIController=BOOL,
                        efsCSIController=BOOL, externalDNS=BOOL, imageBuilder=BOOL)
POD_IDENTITY_ASSOCIATION = o(
    createServiceAccount=BOOL, disableSessionTags=BOOL, namespace=STR, permissionPolicy=ANY, permissionPolicyARNs=STRS,
    permissionPolicyName=STR, permissionsBoundaryARN=STR, policy=STR, roleARN=STR, roleName=STR, serviceAccountName=STR,
    tags=MAP, targetRoleARN=STR, wellKnownPolicies=WELL_KNOWN_POLICIES)
ACCESS_POLICY = o(accessScope=o(namespaces=STRS, type=STR), policyARN=STR)
ACCESS_CONFIG = o(
    accessEntries=list_of(o(accessPolicies=list_of(ACCESS_POLICY), kubernetesGroups=STRS, kubernetesUsername=STR,
                            principalARN=STR, type=STR)),
    authenticationMode=STR, bootstrapClusterCreatorAdminPermissions=BOOL)
ADDON = o(
    attachPolicy=ANY, attachPolicyARNs=STRS, configurationValues=STR, name=STR, namespaceConfig=o(namespace=STR),
    owners=STRS, permissionsBoundary=STR, podIdentityAssociations=list_of(POD_IDENTITY_ASSOCIATION), publishers=STRS,
    resolveConflicts=STR, serviceAccountRoleARN=STR, tags=MAP, types=STRS, useDefaultPodIdentityAssociations=BOOL,
    version=STR, wellKnownPolicies=WELL_KNOWN_POLICIES)
CAPABILITY = o(
    accessPolicies=list_of(ACCESS_POLICY), attachPolicy=ANY, attachPolicyARNs=STRS,
    configuration=o(argocd=o(
        awsIdc=o(idcInstanceArn=STR, idcRegion=STR), namespace=STR, networkAccess=o(vpceIds=STRS),
        rbacRoleMappings=list_of(o(identities=list_of(o(id=STR, type=STR)), role=STR)))),
    deletePropagationPolicy=STR, name=STR, permissionsBoundary=STR, roleArn=STR, tags=MAP, type=STR)
SERVICE_ACCOUNT = o(
    attachPolicy=ANY, attachPolicyARNs=STRS, attachRoleARN=STR,
    metadata=o(annotations=MAP, labels=MAP, name=STR, namespace=STR), permissionsBoundary=STR, roleName=STR,
    roleOnly=BOOL, status=o(capabilities=STRS, roleARN=STR, stackName=STR, tags=MAP), subjectPattern=STR, tags=MAP,
    wellKnownPolicies=WELL_KNOWN_POLICIES)
CLUSTER_IAM = o(
    fargatePodExecutionRoleARN=STR, fargatePodExecutionRolePermissionsBoundary=STR,
    podIdentityAssociations=list_of(POD_IDENTITY_ASSOCIATION), serviceAccounts=list_of(SERVICE_ACCOUNT),
    serviceRoleARN=STR, serviceRolePermissionsBoundary=STR, vpcResourceControllerPolicy=BOOL, withOIDC=BOOL)
AZ_SUBNET = obj({"az": STR, "cidr": STR, "id": STR}, lenient=True)
VPC = o(
    autoAllocateIPv6=BOOL, cidr=STR, clusterEndpoints=o(privateAccess=BOOL, publicAccess=BOOL), controlPlaneEgressMode=STR,
    controlPlaneOnPrivateSubnets=BOOL, controlPlaneSecurityGroupIDs=STRS, controlPlaneSubnetIDs=STRS, extraCIDRs=STRS,
    extraIPv6CIDRs=STRS, hostnameType=STR, id=STR, ipv6Cidr=STR, ipv6Pool=STR, manageSharedNodeSecurityGroupRules=BOOL,
    nat=o(gateway=enum("HighlyAvailable", "Single", "Disable")), publicAccessCIDRs=STRS, securityGroup=STR,
    sharedNodeSecurityGroup=STR, subnets=o(private=map_of(AZ_SUBNET), public=map_of(AZ_SUBNET)))
PLACEMENT = o(groupName=STR, spreadLevel=STR)
TAINT = o(effect=STR, key=STR, value=STR)

# NodeGroupBase + ScalingConfig: valid in nodeGroups[] and managedNodeGroups[]
NODE_GROUP_BASE: dict[str, Type] = dict(
    additionalVolumes=list_of(o(snapshotID=STR, volumeEncrypted=BOOL, volumeIOPS=INT, volumeKmsKeyID=STR, volumeName=STR,
                                volumeSize=INT, volumeThroughput=INT, volumeType=VOLUME_TYPE)),
    ami=STR, amiFamily=STR, asgSuspendProcesses=STRS, availabilityZones=STRS,
    bottlerocket=o(enableAdminContainer=BOOL, settings=ANY),
    capacityReservation=o(capacityReservationPreference=STR,
                          capacityReservationTarget=o(capacityReservationID=STR, capacityReservationResourceGroupARN=STR)),
    desiredCapacity=INT, disableIMDSv1=BOOL, disablePodIMDS=BOOL, ebsOptimized=BOOL, efaEnabled=BOOL,
    enableDetailedMonitoring=BOOL,
    iam=o(attachPolicy=ANY, attachPolicyARNs=STRS, instanceProfileARN=STR, instanceRoleARN=STR, instanceRoleName=STR,
          instanceRolePermissionsBoundary=STR,
          withAddonPolicies=o(albIngress=BOOL, appMesh=BOOL, appMeshPreview=BOOL, autoScaler=BOOL,
                              awsLoadBalancerController=BOOL, certManager=BOOL, cloudWatch=BOOL, ebs=BOOL, efs=BOOL,
                              externalDNS=BOOL, fsx=BOOL, imageBuilder=BOOL, xRay=BOOL)),
    instanceMarketOptions=o(marketType=STR), instanceName=STR, instancePrefix=STR,
    instanceSelector=o(allow=STR, cpuArchitecture=enum("x86_64", "amd64", "arm64"), deny=STR, gpus=INT, memory=STR,
                       neuron_devices=INT, vCPUs=INT),
    instanceType=STR, labels=MAP, maxPodsPerNode=INT, maxSize=INT, minSize=INT, name=STR, outpostARN=STR,
    overrideBootstrapCommand=STR, placement=PLACEMENT, preBootstrapCommands=list_of(ANY), privateNetworking=BOOL,
    propagateASGTags=BOOL, securityGroups=o(attachIDs=STRS, withLocal=BOOL, withShared=BOOL),
    ssh=o(allow=BOOL, enableSsm=BOOL, publicKey=STR, publicKeyName=STR, publicKeyPath=STR, sourceSecurityGroupIds=STRS),
    subnets=STRS, tags=MAP, updateConfig=o(maxUnavailable=INT, maxUnavailablePercentage=INT), volumeEncrypted=BOOL,
    volumeIOPS=INT, volumeKmsKeyID=STR, volumeName=STR, volumeSize=INT, volumeThroughput=INT, volumeType=VOLUME_TYPE,
)
NODE_GROUP = obj({
    **NODE_GROUP_BASE,
    "asgMetricsCollection": list_of(o(granularity=STR, metrics=STRS)),
    "classicLoadBalancerNames": STRS, "clusterDNS": STR, "containerRuntime": STR, "cpuCredits": STR,
    "enclaveEnabled": BOOL,
    "instancesDistribution": o(capacityRebalance=BOOL, instanceTypes=STRS, maxPrice=NUM, onDemandBaseCapacity=INT,
                               onDemandPercentageAboveBaseCapacity=INT, spotAllocationStrategy=STR,
                               spotInstancePools=INT),
    "kubeletExtraConfig": ANY, "localZones": STRS, "maxInstanceLifetime": INT,
    "taints": one_of(MAP, list_of(TAINT)), "targetGroupARNs": STRS,
})
MANAGED_NODE_GROUP = obj({
    **NODE_GROUP_BASE,
    "instanceTypes": STRS, "launchTemplate": o(id=STR, version=STR),
    "nodeRepairConfig": o(enabled=BOOL, maxParallelNodesRepairedCount=INT, maxParallelNodesRepairedPercentage=INT,
                          maxUnhealthyNodeThresholdCount=INT, maxUnhealthyNodeThresholdPercentage=INT,
                          nodeRepairConfigOverrides=list_of(o(minRepairWaitTimeMins=INT, nodeMonitoringCondition=STR,
                                                              nodeUnhealthyReason=STR, repairAction=STR))),
    "releaseVersion": STR, "spot": BOOL, "taints": list_of(TAINT),
})

# keys that belong to one node-group kind only, and what to write in the other kind instead
NODE_GROUP_ONLY = frozenset(NODE_GROUP.fields) - frozenset(MANAGED_NODE_GROUP.fields)
MANAGED_ONLY = frozenset(MANAGED_NODE_GROUP.fields) - frozenset(NODE_GROUP.fields)
EQUIVALENT_IN_NODE_GROUP = {
    "instanceTypes": "`instancesDistribution.instanceTypes`",
    "spot": "`instancesDistribution` (with `onDemandPercentageAboveBaseCapacity: 0` for spot only)",
    "launchTemplate": "the launch template's settings written as node-group fields (`ami`, `instanceType`, ...)",
    "releaseVersion": "`ami` (an AMI ID for that release)",
}
EQUIVALENT_IN_MANAGED = {
    "instancesDistribution": "`instanceTypes` and `spot: true`",
    "kubeletExtraConfig": "kubelet settings in a NodeConfig (`kubelet.config`) in `overrideBootstrapCommand` or a "
                          "launch template",
    "clusterDNS": "`kubelet.config.clusterDNS` in a NodeConfig",
    "maxInstanceLifetime": "no equivalent (managed node groups are replaced by `eksctl upgrade nodegroup`)",
}

CLUSTER_CONFIG = o(
    apiVersion=STR, kind=STR,
    metadata=o(annotations=MAP, forceUpdateVersion=BOOL, name=STR, region=STR, rollbackConfig=o(timeoutMinutes=INT),
               tags=MAP, version=ANY),
    accessConfig=ACCESS_CONFIG, addons=list_of(ADDON),
    addonsConfig=o(autoApplyPodIdentityAssociations=BOOL, disableDefaultAddons=BOOL),
    autoModeConfig=o(enabled=BOOL, nodePools=STRS, nodeRoleARN=STR, permissionsBoundaryARN=STR),
    availabilityZones=STRS, capabilities=list_of(CAPABILITY),
    cloudWatch=o(clusterLogging=o(
        enableTypes=list_of(enum("api", "audit", "authenticator", "controllerManager", "scheduler", "all", "*")),
        logRetentionInDays=INT)),
    controlPlaneScalingConfig=o(tier=STR),
    fargateProfiles=list_of(o(name=STR, podExecutionRoleARN=STR, selectors=list_of(o(labels=MAP, namespace=STR)),
                              status=STR, subnets=STRS, tags=MAP)),
    gitops=o(flux=o(flags=MAP, gitProvider=STR)),
    iam=CLUSTER_IAM,
    iamIdentityMappings=list_of(o(account=STR, arn=ANY, groups=ANY, namespace=STR, noDuplicateARNs=BOOL,
                                  serviceName=STR, username=ANY)),
    identityProviders=list_of(ANY),
    karpenter=o(createServiceAccount=BOOL, defaultInstanceProfile=STR, version=STR, withSpotInterruptionQueue=BOOL),
    kubeAPIServerConfig=o(eventTTL=STR, serviceNodePortRange=o(maxPort=INT, minPort=INT)),
    kubeControllerManagerConfig=o(horizontalPodAutoscalerControllerConfig=o(horizontalPodAutoscalerSyncPeriod=STR)),
    kubeSchedulerConfig=o(nodeResourcesFit=o(scoringStrategy=o(resources=list_of(o(name=STR, weight=INT)), type=STR))),
    kubernetesNetworkConfig=o(ipFamily=STR, serviceIPv4CIDR=STR, serviceIPv6CIDR=STR),
    localZones=STRS, managedNodeGroups=list_of(MANAGED_NODE_GROUP), nodeGroups=list_of(NODE_GROUP),
    outpost=o(controlPlaneInstanceType=STR, controlPlaneOutpostARN=STR, controlPlanePlacement=PLACEMENT,
              etcdInstanceType=STR, etcdPlacement=PLACEMENT),
    privateCluster=o(additionalEndpointServices=STRS, enabled=BOOL, skipEndpointCreation=BOOL),
    remoteNetworkConfig=o(iam=o(caBundleCert=STR, provider=STR, roleARN=STR),
                          remoteNodeNetworks=list_of(o(cidrs=STRS)), remotePodNetworks=list_of(o(cidrs=STRS)),
                          vpcGatewayID=STR),
    secretsEncryption=o(keyARN=STR),
    upgradePolicy=o(supportType=enum("STANDARD", "EXTENDED")),
    vpc=VPC,
    zonalShiftConfig=o(enabled=BOOL),
)
