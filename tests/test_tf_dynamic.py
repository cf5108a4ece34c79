"""`dynamic` blocks are expanded over known collections; unknown ones never produce findings."""

from __future__ import annotations

from pathlib import Path

from ekslint.engine import build
from tests.helpers import lint_tree

GROUP = """\
variable "taints" {
  type = list(object({ key = string, value = string, effect = string }))
  default = [
    { key = "dedicated", value = "gpu", effect = "NO_SCHEDULE" },
    { key = "spot", value = "true", effect = "NoSchedule" },
  ]
}

variable "extra_taints" {
  type = map(string)
}

resource "aws_eks_node_group" "gpu" {
  cluster_name    = "prod"
  node_group_name = "gpu"
  node_role_arn   = "arn:aws:iam::111122223333:role/nodes"
  subnet_ids      = ["subnet-1"]

  dynamic "scaling_config" {
    for_each = [{ min = 3, max = 2 }]
    iterator = size
    content {
      min_size     = size.value.min
      max_size     = size.value.max
      desired_size = size.value.min
    }
  }

  dynamic "taint" {
    for_each = var.taints
    content {
      key    = taint.value.key
      value  = taint.value.value
      effect = taint.value.effect
    }
  }

  dynamic "taint" {
    for_each = var.extra_taints
    content {
      key    = taint.key
      value  = taint.value
      effect = "NoExecute"
    }
  }
}
"""


def test_dynamic_blocks_expand_over_known_collections(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(GROUP)
    ctx, _ = build([tmp_path], tmp_path)
    (group,) = ctx.model.node_groups
    assert group.min_size is not None and group.min_size.value == 3
    # two taints from the known default, one from the unknown map (its key and value unknown)
    assert [(t.key.value if t.key is not None and t.key.known else None) for t in group.taints] == ["dedicated", "spot", None]
    # values found through an iterator are reported where they are written
    assert lint_tree(tmp_path, ["EKS204", "EKS207"]) == [
        ("main.tf", 5, "EKS207", "error"),  # "NoSchedule" in the variable default
        ("main.tf", 20, "EKS204", "error"),  # min = 3, max = 2 in the for_each collection
        ("main.tf", 43, "EKS207", "error"),  # "NoExecute" in the content: wrong for every element
    ]


def test_an_empty_or_unknown_collection_reports_nothing(tmp_path: Path) -> None:
    text = GROUP.replace('for_each = [{ min = 3, max = 2 }]', 'for_each = var.extra_taints')
    text = text.replace('  default = [\n    { key = "dedicated", value = "gpu", effect = "NO_SCHEDULE" },\n'
                        '    { key = "spot", value = "true", effect = "NoSchedule" },\n  ]\n', '  default = []\n')
    text = text.replace('effect = "NoExecute"', 'effect = "NO_EXECUTE"')
    (tmp_path / "main.tf").write_text(text)
    assert lint_tree(tmp_path, ["EKS204", "EKS207"]) == []
