"""Rules: node groups and versions (2xx)."""

from ekslint.rules.nodes import al2_on_kubernetes_1_33, node_newer_than_control_plane, node_older_than_skew_policy

MODULES = [node_newer_than_control_plane, node_older_than_skew_policy, al2_on_kubernetes_1_33]
