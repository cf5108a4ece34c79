apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: ${cluster}
  kubelet:
    flags:
%{ for k, v in labels ~}
      - --node-labels=${k}=${v}
%{ endfor ~}
