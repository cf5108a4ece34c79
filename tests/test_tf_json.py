"""Terraform's JSON syntax (``*.tf.json``): read into the same model as ``.tf`` files.

Each test writes a small tree and asserts the exact findings: the Terraform rules report on the
JSON file's own lines, ``.tf`` and ``.tf.json`` files of one module share variables and
resources, unknown values stay silent, and other ``.json`` files are still YAML/JSON documents.
"""

from __future__ import annotations

from pathlib import Path

from ekslint import cache as caches
from ekslint import discover
from ekslint.documents import SourceFile
from ekslint.engine import build
from ekslint.load import hcl_eval as h
from ekslint.load import hcl_json as hj
from ekslint.parallel import preload
from tests.helpers import lint_tree

USER_DATA = (
    '"${base64encode(\\"---\\\\napiVersion: node.eks.aws/v1alpha1\\\\nkind: NodeConfig\\\\nspec:\\\\n  cluster:\\\\n'
    '    name: ${aws_eks_cluster.this.name}\\\\n    apiServerEndpoint: ${aws_eks_cluster.this.endpoint}\\\\n'
    '    certificateAuthority: ${aws_eks_cluster.this.certificate_authority[0].data}\\\\n    cidr: ${var.cidr}\\\\n\\")}"'
)

MAIN = '''{
  "//": "generated",
  "variable": {
    "cidr": {
      "default": "10.100.0.300/16"
    }
  },
  "resource": {
    "aws_eks_cluster": {
      "this": {
        "name": "prod",
        "role_arn": "arn:aws:iam::111122223333:role/cluster",
        "vpc_config": {
          "subnet_ids": ["subnet-1", "subnet-2"]
        },
        "access_config": [
          {"authentication_mode": "API"}
        ]
      }
    },
    "aws_eks_node_group": {
      "ng": {
        "cluster_name": "${aws_eks_cluster.this.name}",
        "node_group_name": "ng",
        "node_role_arn": "arn:aws:iam::111122223333:role/nodes",
        "subnet_ids": ["subnet-1"],
        "ami_type": "CUSTOM",
        "scaling_config": {
          "desired_size": 1,
          "max_size": 2,
          "min_size": 3
        },
        "launch_template": {
          "id": "${aws_launch_template.nodes.id}",
          "version": "$Latest"
        }
      }
    },
    "aws_launch_template": {
      "nodes": {
        "name_prefix": "nodes-",
        "user_data": USER_DATA
      }
    },
    "aws_eks_access_entry": {
      "nodes": {
        "cluster_name": "${aws_eks_cluster.this.name}",
        "principal_arn": "arn:aws:iam::111122223333:role/nodes",
        "type": "STANDARD",
        "kubernetes_groups": ["system:nodes"]
      }
    }
  }
}
'''.replace("USER_DATA", USER_DATA)

# the same configuration in HCL
MAIN_TF = '''variable "cidr" {
  default = "10.100.0.300/16"
}
resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/cluster"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  access_config {
    authentication_mode = "API"
  }
}
resource "aws_eks_node_group" "ng" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "ng"
  node_role_arn   = "arn:aws:iam::111122223333:role/nodes"
  subnet_ids      = ["subnet-1"]
  ami_type        = "CUSTOM"
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 3
  }
  launch_template {
    id      = aws_launch_template.nodes.id
    version = "$Latest"
  }
}
resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  user_data   = USER_DATA
}
resource "aws_eks_access_entry" "nodes" {
  cluster_name      = aws_eks_cluster.this.name
  principal_arn     = "arn:aws:iam::111122223333:role/nodes"
  type              = "STANDARD"
  kubernetes_groups = ["system:nodes"]
}
'''.replace("USER_DATA", USER_DATA[3:-2].replace('\\"', '"').replace("\\\\", "\\"))

VARIABLES_TF = '''variable "min" {
  default = 5
}
variable "groups" {
  default = ["system:nodes"]
}
'''

MIXED = '''{
  "provider": {
    "aws": [
      {"region": "eu-west-1"},
      {"alias": "west", "region": "us-west-2"}
    ]
  },
  "resource": {
    "aws_eks_cluster": {
      "this": {
        "provider": "aws.west",
        "name": "prod",
        "role_arn": "arn:aws:iam::111122223333:role/cluster",
        "vpc_config": {"subnet_ids": ["subnet-1", "subnet-2"]},
        "access_config": {"authentication_mode": "API"}
      }
    },
    "aws_eks_node_group": {
      "ng": {
        "provider": "${aws.west}",
        "cluster_name": "${aws_eks_cluster.this.name}",
        "node_group_name": "ng-${var.min}",
        "node_role_arn": "arn:aws:iam::111122223333:role/nodes",
        "subnet_ids": ["subnet-1"],
        "scaling_config": {"desired_size": 1, "max_size": "${data.aws_x.y.z}", "min_size": "${var.min}"},
        "dynamic": {"taint": {"for_each": "${[1, 2]}", "content": {"key": "k${taint.value}", "effect": "NO_SCHEDULE"}}}
      },
      "unknown": {
        "cluster_name": "${aws_eks_cluster.this.name}",
        "node_role_arn": "arn:aws:iam::111122223333:role/nodes",
        "subnet_ids": ["subnet-1"],
        "scaling_config": {"desired_size": 1, "max_size": 2, "min_size": "${data.aws_x.y.z}"}
      }
    },
    "aws_eks_access_entry": {
      "other": {
        "cluster_name": "${aws_eks_cluster.this.name}",
        "principal_arn": "arn:aws:iam::111122223333:role/other",
        "type": "STANDARD",
        "kubernetes_groups": "${var.groups}"
      },
      "unknown": {
        "cluster_name": "${aws_eks_cluster.this.name}",
        "principal_arn": "arn:aws:iam::111122223333:role/other2",
        "type": "${data.aws_x.y.z}",
        "kubernetes_groups": ["system:nodes"]
      }
    }
  }
}
'''


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def test_mistakes_are_reported_on_the_json_lines(tmp_path: Path) -> None:
    assert lint_tree(_tree(tmp_path, {"main.tf.json": MAIN})) == [
        ("main.tf.json", 31, "EKS204", "error"),  # min_size 3 > max_size 2
        ("main.tf.json", 42, "EKS305", "error"),  # the NodeConfig's cidr in user_data
        ("main.tf.json", 48, "EKS459", "warning"),
        ("main.tf.json", 50, "EKS401", "error"),  # STANDARD with system:nodes
    ]


def test_json_and_hcl_give_the_same_findings(tmp_path: Path) -> None:
    in_json = lint_tree(_tree(tmp_path / "json", {"main.tf.json": MAIN}))
    in_hcl = lint_tree(_tree(tmp_path / "hcl", {"main.tf": MAIN_TF}))
    assert [f[2:] for f in in_json] == [f[2:] for f in in_hcl]


def test_template_string_user_data_in_a_list_of_locals(tmp_path: Path) -> None:
    locals_json = '''{
  "locals": [
    {"//": "user data", "ud": "---\\napiVersion: node.eks.aws/v1alpha1\\nkind: NodeConfig\\nspec:\\n  cluster:\\n    name: prod\\n    apiServerEndpoint: ${local.endpoint}\\n    certificateAuthority: abc\\n    cidr: ${var.cidr}\\n"},
    {"endpoint": "https://example.com"}
  ]
}
'''
    main = '''{
  "variable": {"cidr": {"default": "10.100.0.300/16"}},
  "resource": {
    "aws_launch_template": {
      "nodes": {
        "name_prefix": "nodes-",
        "user_data": "${base64encode(local.ud)}"
      }
    }
  }
}
'''
    assert lint_tree(_tree(tmp_path, {"locals.tf.json": locals_json, "main.tf.json": main})) == [
        ("main.tf.json", 7, "EKS305", "error"),
    ]
    # a valid cidr: silent
    (tmp_path / "main.tf.json").write_text(main.replace("10.100.0.300/16", "10.100.0.0/16"))
    assert lint_tree(tmp_path) == []


def test_tf_and_tf_json_in_one_module_and_unknown_values_stay_silent(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"variables.tf": VARIABLES_TF, "main.tf.json": MIXED})
    # the node group's min_size comes from variables.tf, the entry's groups too; the node group
    # and the entry whose values come from a data source are not reported
    assert lint_tree(tree) == [
        ("main.tf.json", 25, "EKS204", "error"),
        ("variables.tf", 5, "EKS401", "error"),
    ]
    ctx, errors = build([tree], tree)
    assert errors == []
    groups = {known(g.name): g for g in ctx.model.node_groups}
    ng = groups["ng-5"]
    assert known(ng.region) == "us-west-2"  # "provider": "${aws.west}" names the aliased provider
    assert [known(t.get("key")) for t in ng.value.get("taint").value] == ["k1", "k2"]  # dynamic blocks
    assert known(groups[None].region) == "eu-west-1"
    assert [known(c.region) for c in ctx.model.clusters] == ["us-west-2"]


def known(v: object) -> object:
    return v.value if v is not None and v.known else None  # type: ignore[attr-defined]


def test_other_json_files_are_still_documents(tmp_path: Path) -> None:
    cm = ('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "aws-auth", "namespace": "kube-system"},'
          ' "data": {"mapRoles": "- rolearn: arn:aws:iam::111122223333:role/x\\n  username: x\\n  groups: [system:masters]\\n"}}\n')
    tree = _tree(tmp_path, {"main.tf.json": MAIN, "aws-auth.json": cm, "package.json": '{"name": "x"}\n'})
    ctx, errors = build([tree], tree)
    assert errors == []
    kinds = {d.file.display: d.kind for d in ctx.documents}
    assert kinds["aws-auth.json"] == "aws-auth"
    assert kinds["main.tf.json"] == "terraform"
    assert len(ctx.model.aws_auth) == 1
    assert discover.kind_of_path(Path("cdk.tf.json")) == "tf"
    assert discover.kind_of_path(Path("x.json")) == "yaml"


def test_syntax_errors_are_terraform_syntax_errors(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "broken.tf.json": '{\n  "resource": {\n    "aws_eks_cluster": {,\n  }\n}\n',
        "list.tf.json": "[1, 2]\n",
        "empty.tf.json": "",
    })
    assert lint_tree(tree) == [
        ("broken.tf.json", 3, "EKS001", "error"),
        ("list.tf.json", 1, "EKS001", "error"),
    ]


def test_json_files_never_reach_the_hcl_parser_or_the_cache(tmp_path: Path) -> None:
    # valid JSON is an HCL syntax error: a .tf.json text given to the HCL parser would give EKS001
    tree = _tree(tmp_path, {"main.tf.json": MAIN, "variables.tf": VARIABLES_TF})
    sf = SourceFile(tree / "main.tf.json", "main.tf.json", MAIN)
    tf = SourceFile(tree / "variables.tf", "variables.tf", VARIABLES_TF)
    pre = preload([(sf, "tf"), (tf, "tf")], jobs=1)
    assert set(pre.trees) == {"variables.tf"}
    c = caches.ParseCache(tmp_path / "cache")
    first = lint_tree(tree)
    from ekslint.engine import run

    for _ in range(2):  # a second run reads the cache
        report = run([tree], base=tree, cache=caches.ParseCache(tmp_path / "cache"))
        assert sorted((f.span.file, f.span.line, f.rule_id, f.severity.label) for f in report.findings) == first
    assert c.get(c.key("hcl", MAIN)) is caches.MISS
    assert not any(f[2] == "EKS001" for f in first)


def _eval(text: str, name: str, block: int = 0) -> h.TfV:
    body = hj.body_of_json(text, "x.tf.json")
    env = h.ModuleEnv(".", None)
    for b in body.blocks:
        env.add(b)
    ev = h.Evaluator(env)
    return ev.attr(body.blocks[block].attr(name))  # type: ignore[return-value]


def test_values() -> None:
    text = '''{
  "variable": {"l": {"default": ["a", "${b}"]}, "s": {"default": "${not_a_template}"}},
  "locals": {
    "list": "${var.l}",
    "text": "x-${var.s}-$${literal}",
    "keys": {"${var.l[0]}-k": 1, "plain": true, "none": null},
    "unknown": "${data.aws_x.y.z}",
    "part": "id-${data.aws_x.y.z}"
  }
}
'''
    assert h.plain(_eval(text, "list", 2)) == ["a", "${b}"]  # a variable's default is plain JSON
    assert _eval(text, "text", 2).value == "x-${not_a_template}-${literal}"
    assert h.plain(_eval(text, "keys", 2)) == {"a-k": 1, "plain": True, "none": None}
    u = _eval(text, "unknown", 2)
    assert not u.known and u.ref == "data.aws_x.y.z"
    p = _eval(text, "part", 2)
    assert not p.known and p.partial is not None and p.partial.startswith("id-")
    v = _eval(text, "list", 2)
    assert v.span is not None and (v.span.line, v.span.col) == (4, 16)  # at `var.l` inside the string


def test_references() -> None:
    text = '''{
  "module": {"m": {"source": "./m", "providers": {"aws": "aws.west"}, "depends_on": ["aws_iam_role.x", "${module.y}"]}},
  "resource": {"aws_eks_cluster": {"c": {"provider": "aws.east", "lifecycle": {"replace_triggered_by": ["aws_iam_role.x.arn"]}}}}
}
'''
    body = hj.body_of_json(text, "x.tf.json")
    ev = h.Evaluator(h.ModuleEnv(".", None))
    mod, res = body.blocks
    assert (mod.type, mod.labels, res.type, res.labels) == ("module", ["m"], "resource", ["aws_eks_cluster", "c"])
    assert ev.object_reference(mod.attr("providers").expr, "aws") == "aws.west"  # type: ignore[union-attr]
    assert ev.references(mod.attr("depends_on").expr) == ["aws_iam_role.x", "module.y"]  # type: ignore[union-attr]
    assert ev.reference(res.attr("provider").expr) == "aws.east"  # type: ignore[union-attr]
    lc = res.blocks("lifecycle")[0]
    assert ev.references(lc.attr("replace_triggered_by").expr) == ["aws_iam_role.x.arn"]  # type: ignore[union-attr]
    assert res.span.line == 3 and res.label_spans[1].line == 3


def test_local_module_eks_module_for_each_and_provider_aliases(tmp_path: Path) -> None:
    main = '''{
  "module": {
    "ng": {"source": "./modules/ng", "min": 4, "providers": {"aws": "aws.west"}},
    "eks": {
      "source": "terraform-aws-modules/eks/aws",
      "version": "~> 20.0",
      "cluster_name": "ledger",
      "cluster_version": "1.33",
      "subnet_ids": ["subnet-1"],
      "authentication_mode": "API",
      "access_entries": {"sre": {"principal_arn": "arn:aws:iam::111122223333:role/sre", "kubernetes_groups": ["system:masters"]}}
    }
  },
  "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "west", "region": "us-west-2"}]},
  "resource": {
    "aws_eks_access_entry": {"e": {
      "for_each": "${toset([\\"a\\", \\"b\\"])}",
      "cluster_name": "x",
      "principal_arn": "arn:aws:iam::111122223333:role/${each.key}",
      "type": "STANDARD",
      "kubernetes_groups": ["system:nodes"]
    }}
  }
}
'''
    module = '''{
  "variable": {"min": {"type": "number"}},
  "resource": {"aws_eks_node_group": {"ng": {
    "cluster_name": "c", "node_role_arn": "arn:aws:iam::111122223333:role/nodes", "subnet_ids": ["s"],
    "scaling_config": {"desired_size": 1, "max_size": 2, "min_size": "${var.min}"}
  }}}
}
'''
    tree = _tree(tmp_path, {"main.tf.json": main, "modules/ng/main.tf.json": module})
    assert [f for f in lint_tree(tree) if f[2] != "EKS111"] == [
        ("main.tf.json", 11, "EKS401", "error"),  # the eks module's access entry
        ("main.tf.json", 21, "EKS401", "error"),  # both for_each instances, one line
        ("main.tf.json", 21, "EKS401", "error"),
        ("modules/ng/main.tf.json", 5, "EKS204", "error"),  # min from the calling module
    ]
    ctx, _ = build([tree], tree)
    assert [known(g.region) for g in ctx.model.node_groups if g.address and "module.ng" in g.address] == ["us-west-2"]


def test_helm_release_values_and_set(tmp_path: Path) -> None:
    import json

    values = ("resources:\n  - apiVersion: karpenter.sh/v1\n    kind: NodePool\n    metadata:\n      name: default\n"
              "    spec:\n      template:\n        spec:\n          nodeClassRef:\n            group: karpenter.k8s.aws\n"
              "            kind: EC2NodeClass\n            name: default\n")
    release = {"name": "nodepools", "repository": "https://bedag.github.io/helm-charts/", "chart": "raw", "values": [values],
               "set": [{"name": "resources[0].spec.template.spec.nodeClassRef.kind", "value": "NodeClass"}]}
    text = json.dumps({"resource": {"helm_release": {"nodepools": release}}}, indent=2)
    tree = _tree(tmp_path, {"main.tf.json": text})
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"value": "NodeClass"' in t)
    assert lint_tree(tree, ["EKS513"]) == [("main.tf.json", line, "EKS513", "error")]
    release.pop("set")
    (tree / "main.tf.json").write_text(json.dumps({"resource": {"helm_release": {"nodepools": release}}}, indent=2))
    assert lint_tree(tree, ["EKS513"]) == []


def test_dynamic_blocks_with_an_iterator_and_comments(tmp_path: Path) -> None:
    main = '''{
  "resource": {
    "aws_eks_node_group": {
      "ng": {
        "//": "taints from a local",
        "cluster_name": "c",
        "node_group_name": "ng",
        "node_role_arn": "arn:aws:iam::111122223333:role/nodes",
        "subnet_ids": ["s"],
        "scaling_config": [{"//": "sizes", "desired_size": 1, "max_size": 2, "min_size": 1}],
        "dynamic": {
          "taint": [{
            "for_each": "${local.taints}",
            "iterator": "t",
            "content": {"key": "${t.key}", "value": "${t.value}", "effect": "NO_SCHEDULE"}
          }]
        }
      }
    }
  },
  "locals": {"taints": {"a": "x", "b": "y"}}
}
'''
    tree = _tree(tmp_path, {"main.tf.json": main})
    ctx, errors = build([tree], tree)
    assert errors == []
    (g,) = ctx.model.node_groups
    assert [(known(t.get("key")), known(t.get("value"))) for t in g.value.get("taint").value] == [("a", "x"), ("b", "y")]
    assert "//" not in g.value.value and known(g.value.get("scaling_config").value[0].get("min_size")) == 1
