variable "cluster_name" { type = string }
variable "node_role" { type = string }
variable "discovery_tag" { type = string }

resource "kubectl_manifest" "nodeclass" {
  yaml_body = templatefile("${path.module}/nodeclass.yaml.tftpl", {
    node_role     = var.node_role
    discovery_tag = var.discovery_tag
  })
}

resource "kubectl_manifest" "nodepool" {
  yaml_body = <<-YAML
    apiVersion: karpenter.sh/v1
    kind: NodePool
    metadata:
      name: default
    spec:
      template:
        spec:
          nodeClassRef:
            group: karpenter.k8s.aws
            kind: EC2NodeClass
            name: default
          requirements:
            - key: karpenter.sh/capacity-type
              operator: In
              values: ["spot", "on-demand"]
      limits:
        cpu: 1000
  YAML
  depends_on = [kubectl_manifest.nodeclass]
}
