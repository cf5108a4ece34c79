"""Rules: node groups and versions (2xx)."""

from ekslint.rules.nodes import (
    al2_on_kubernetes_1_33,
    node_label_invalid,
    node_label_reserved_prefix,
    node_newer_than_control_plane,
    node_older_than_skew_policy,
    scaling_bounds,
    taint_invalid,
)

MODULES = [node_newer_than_control_plane, node_older_than_skew_policy, al2_on_kubernetes_1_33,
           scaling_bounds, node_label_reserved_prefix, node_label_invalid, taint_invalid]
