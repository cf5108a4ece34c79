#!/bin/bash
set -ex
/etc/eks/bootstrap.sh ${cluster_name} \
  --kubelet-extra-args '--node-labels=${join(",", labels)}'
