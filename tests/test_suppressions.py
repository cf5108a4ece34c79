"""Inline suppressions (`# ekslint: ignore[...]`) and the meta-rules EKS003–EKS006."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ekslint.documents import SourceFile
from ekslint.engine import Report, run
from ekslint.report import active, render, suppression_of
from ekslint.rules import all_rules
from ekslint.suppress import parse_file
from tests.helpers import lint_tree
from tests.test_sarif import validate

EKSCTL = """\
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: orders-prod
  region: eu-west-1
  version: "1.31"{version_comment}
privateCluster:
  enabled: true
vpc:
  subnets:
    private:
      eu-west-1a: {{ id: subnet-0aa11bb22cc33dd44 }}
      eu-west-1b: {{ id: subnet-0bb22cc33dd44ee55 }}
managedNodeGroups:
  - name: system
    privateNetworking: true
{batch_comment}  - name: batch
    instanceTypes: ["c6i.2xlarge"]
    labels: {{ workload: batch }}
"""

AWS_AUTH = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
{map_comment}  mapRoles: |
{item_comment}    - rolearn: arn:aws:iam::111122223333:role/eks/orders-prod-system-nodes
      username: system:node:{{{{EC2PrivateDNSName}}}}
      groups:
        - system:bootstrappers
        - system:nodes
    - rolearn: arn:aws:iam::111122223333:role/eks/orders-prod-batch-nodes
      username: system:node:{{{{EC2PrivateDNSName}}}}
      groups:
        - system:bootstrappers
        - system:nodes
"""

MAIN_TF = """\
{module_comment}module "eks" {{
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "ledger"
  cluster_version = "1.31"
  vpc_id          = "vpc-0a1b2c3d4e5f60718"
  subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]

  authentication_mode = "API"

  access_entries = {{
    sre = {{
      principal_arn     = "arn:aws:iam::111122223333:role/sre-oncall"
      kubernetes_groups = ["system:masters"]
    }}
  }}
}}

{resource_comment}resource "aws_eks_access_entry" "ci" {{
  cluster_name      = module.eks.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/github-actions-deploy"
  type              = "STANDARD"
  description       = "braces in strings: }} }} ${{jsonencode({{a = "}}"}})}}"
  kubernetes_groups = ["deployers", "system:authenticated"]
}}
"""


def eksctl(version_comment: str = "", batch_comment: str = "") -> str:
    return EKSCTL.format(version_comment=version_comment, batch_comment=batch_comment)


def write(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def check(tree: Path, select: list[str] | None = None) -> Report:
    report = run([tree], select=select or [], base=tree)
    assert not report.internal_errors, report.internal_errors
    return report


def rows(report: Report, suppressed: bool | None = None) -> list[tuple[str, int, str]]:
    """(file, line, rule) of the findings; only suppressed or only active ones when asked."""
    return [
        (f.span.file, f.span.line, f.rule_id)
        for f in report.findings
        if suppressed is None or (suppression_of(f) is not None) == suppressed
    ]


# -- placement -----------------------------------------------------------------------------------


def test_unsuppressed_baseline(tmp_path: Path) -> None:
    report = check(write(tmp_path, {"cluster.yaml": eksctl()}), ["EKS101", "EKS111", "EKS004"])
    assert rows(report) == [("cluster.yaml", 6, "EKS111"), ("cluster.yaml", 17, "EKS101")]


def test_trailing_comment_suppresses_its_line_only(tmp_path: Path) -> None:
    tree = write(tmp_path, {"cluster.yaml": eksctl(version_comment="  # ekslint: ignore[EKS111] upgrade booked for Q1")})
    report = check(tree, ["EKS101", "EKS111", "EKS004"])
    assert rows(report, suppressed=True) == [("cluster.yaml", 6, "EKS111")]
    assert rows(report, suppressed=False) == [("cluster.yaml", 17, "EKS101")]
    (sup,) = [suppression_of(f) for f in report.findings if f.rule_id == "EKS111"]
    assert sup is not None and sup.kind == "inSource" and sup.justification == "upgrade booked for Q1"


def test_comment_on_the_line_above(tmp_path: Path) -> None:
    text = eksctl().replace('  version: "1.31"', '  # ekslint: ignore[EKS111] upgrade booked\n\n  version: "1.31"')
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS111", "EKS004"])
    assert rows(report, suppressed=True) == [("cluster.yaml", 8, "EKS111")]
    assert rows(report, suppressed=False) == []


def test_comment_above_a_mapping_key_covers_the_mapping(tmp_path: Path) -> None:
    text = eksctl().replace("metadata:\n", "# ekslint: ignore[EKS111] upgrade booked\nmetadata:\n")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS101", "EKS111", "EKS004"])
    assert rows(report, suppressed=True) == [("cluster.yaml", 7, "EKS111")]
    assert rows(report, suppressed=False) == [("cluster.yaml", 18, "EKS101")]


def test_comment_above_a_list_item_covers_that_item_only(tmp_path: Path) -> None:
    text = eksctl(batch_comment="  # ekslint: ignore[EKS101] batch nodes use a NAT on purpose\n")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS101", "EKS111", "EKS004"])
    assert rows(report, suppressed=True) == [("cluster.yaml", 18, "EKS101")]
    assert rows(report, suppressed=False) == [("cluster.yaml", 6, "EKS111")]


def test_key_with_sequence_at_its_own_indentation(tmp_path: Path) -> None:
    text = eksctl().replace("managedNodeGroups:\n  - name: system\n    privateNetworking: true\n  - name: batch\n    instanceTypes",
                            "# ekslint: ignore[EKS101] reason\nmanagedNodeGroups:\n- name: system\n  privateNetworking: true\n- name: batch\n  instanceTypes")
    text = text.replace("    labels: { workload: batch }", "  labels: { workload: batch }")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS101", "EKS004"])
    assert rows(report, suppressed=True) == [("cluster.yaml", 18, "EKS101")]
    assert rows(report, suppressed=False) == []


def test_aws_auth_string_list_item_and_key(tmp_path: Path) -> None:
    item = AWS_AUTH.format(map_comment="", item_comment="    # ekslint: ignore[EKS404] the path is stripped by our IAM tooling\n")
    report = check(write(tmp_path, {"aws-auth.yaml": item}), ["EKS404", "EKS004"])
    assert rows(report, suppressed=True) == [("aws-auth.yaml", 9, "EKS404")]
    assert rows(report, suppressed=False) == [("aws-auth.yaml", 14, "EKS404")]

    whole = AWS_AUTH.format(map_comment="  # ekslint: ignore[EKS404] migrating, see OPS-1\n", item_comment="")
    report = check(write(tmp_path, {"aws-auth.yaml": whole}), ["EKS404", "EKS004"])
    assert rows(report, suppressed=True) == [("aws-auth.yaml", 9, "EKS404"), ("aws-auth.yaml", 14, "EKS404")]
    assert active(report.findings) == []


def test_terraform_resource_block(tmp_path: Path) -> None:
    tf = MAIN_TF.format(module_comment="", resource_comment="# ekslint: ignore[EKS401] legacy CI role, removed in PLAT-7\n")
    report = check(write(tmp_path, {"main.tf": tf}), ["EKS401", "EKS004"])
    assert rows(report, suppressed=True) == [("main.tf", 26, "EKS401")]
    assert rows(report, suppressed=False) == [("main.tf", 15, "EKS401")]


def test_terraform_module_block_covers_what_the_module_produces(tmp_path: Path) -> None:
    tf = MAIN_TF.format(module_comment="// ekslint: ignore[EKS401, EKS111] module pinned until the 1.32 upgrade\n", resource_comment="")
    report = check(write(tmp_path, {"main.tf": tf}), ["EKS401", "EKS111", "EKS004"])
    assert rows(report, suppressed=True) == [("main.tf", 7, "EKS111"), ("main.tf", 16, "EKS401")]
    assert rows(report, suppressed=False) == [("main.tf", 26, "EKS401")]


def test_terraform_trailing_on_block_opening_line(tmp_path: Path) -> None:
    tf = MAIN_TF.format(module_comment="", resource_comment="").replace(
        'resource "aws_eks_access_entry" "ci" {', 'resource "aws_eks_access_entry" "ci" { # ekslint: ignore[EKS401] legacy'
    )
    report = check(write(tmp_path, {"main.tf": tf}), ["EKS401", "EKS004"])
    assert rows(report, suppressed=True) == [("main.tf", 25, "EKS401")]


def test_terraform_block_extents_ignore_strings_comments_and_heredocs() -> None:
    text = """\
# ekslint: ignore[EKS303] a
resource "aws_launch_template" "x" {
  name = "}"  # }
  tags = { a = "${lookup(var.m, "}")}" } // }
  /* } */
  user_data = base64encode(<<-EOT
    }
    }
  EOT
  )
}
# ekslint: ignore[EKS303] b
resource "y" "z" {
}
"""
    sf = SourceFile(Path("main.tf"), "main.tf", text)
    directives, problems = parse_file(sf, all_rules())
    assert problems == []
    assert [d.scope for d in directives] == [(2, 11), (13, 14)]


def test_heredoc_user_data_in_terraform(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parent.parent / "fixtures" / "EKS303" / "bad" / "managed-nodegroup.tf"
    tf = src.read_text().replace("    #!/bin/bash\n", "    #!/bin/bash\n    # ekslint: ignore[EKS303] AL2 bootstrap kept for the migration\n")
    report = check(write(tmp_path, {"main.tf": tf}), ["EKS303", "EKS004"])
    assert rows(report, suppressed=True) == [("main.tf", 13, "EKS303")]
    assert active(report.findings) == []


def test_mime_user_data_file(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parent.parent / "fixtures" / "EKS303" / "bad" / "userdata-mixed.txt"
    lines = src.read_text().splitlines(keepends=True)
    call = next(i for i, line in enumerate(lines) if "/etc/eks/bootstrap.sh" in line)
    lines.insert(call, "# ekslint: ignore[EKS303] replaced in the next release\n")
    report = check(write(tmp_path, {"userdata.txt": "".join(lines)}), ["EKS303", "EKS004"])
    assert rows(report, suppressed=True) == [("userdata.txt", call + 2, "EKS303")]
    assert active(report.findings) == []


def test_file_level(tmp_path: Path) -> None:
    text = "# ekslint: ignore-file[EKS101, EKS111] sandbox cluster, never deployed\n" + eksctl()
    report = check(write(tmp_path, {"cluster.yaml": text, "other.yaml": eksctl()}), ["EKS101", "EKS111", "EKS004"])
    assert rows(report, suppressed=True) == [("cluster.yaml", 7, "EKS111"), ("cluster.yaml", 18, "EKS101")]
    assert rows(report, suppressed=False) == [("other.yaml", 6, "EKS111"), ("other.yaml", 17, "EKS101")]


def test_rule_names_and_prefixes(tmp_path: Path) -> None:
    text = "# ekslint: ignore-file[private-cluster-nodegroup-not-private, EKS11] sandbox\n" + eksctl()
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS101", "EKS111", "EKS004"])
    assert rows(report, suppressed=False) == []
    assert len(rows(report, suppressed=True)) == 2


# -- expiry, reasons, unused, malformed ----------------------------------------------------------


def test_expired_suppression_stops_suppressing(tmp_path: Path) -> None:
    text = eksctl(version_comment="  # ekslint: ignore[EKS111] until=2020-01-31 upgrade booked")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS111", "EKS004", "EKS005"])
    assert rows(report, suppressed=False) == [("cluster.yaml", 6, "EKS111"), ("cluster.yaml", 6, "EKS005")]
    (expired,) = [f for f in report.findings if f.rule_id == "EKS005"]
    assert "expired on 2020-01-31" in expired.message


def test_future_expiry_still_suppresses(tmp_path: Path) -> None:
    text = eksctl(version_comment="  # ekslint: ignore[EKS111] upgrade booked until=2999-12-31")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS111", "EKS004", "EKS005"])
    assert rows(report, suppressed=False) == []
    (f,) = report.findings
    assert suppression_of(f) is not None and suppression_of(f).justification == "upgrade booked"  # type: ignore[union-attr]


def test_expiry_day_itself_still_counts(tmp_path: Path) -> None:
    from ekslint.findings import Finding, Severity
    from ekslint.suppress import apply
    from ekslint.values import Span

    sf = SourceFile(Path("a.yaml"), "a.yaml", "x: 1  # ekslint: ignore[EKS111] r until=2027-03-31\n")
    f = Finding("EKS111", Severity.WARNING, "m", Span("a.yaml", 1))
    units = all_rules()
    assert suppression_of(apply([f], [sf], units, today=date(2027, 3, 31))[0]) is not None
    out = apply([f], [sf], units, today=date(2027, 4, 1))
    assert [(g.rule_id, suppression_of(g)) for g in out] == [("EKS111", None), ("EKS005", None)]


def test_no_reason_is_reported_and_still_suppresses(tmp_path: Path) -> None:
    text = eksctl(version_comment="  # ekslint: ignore[EKS111]")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS111", "EKS003", "EKS004"])
    assert rows(report, suppressed=False) == [("cluster.yaml", 6, "EKS003")]
    assert rows(report, suppressed=True) == [("cluster.yaml", 6, "EKS111")]


def test_unused_suppression(tmp_path: Path) -> None:
    text = eksctl(version_comment="  # ekslint: ignore[EKS111, EKS101] reason")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS101", "EKS111", "EKS004"])
    unused = [f for f in report.findings if f.rule_id == "EKS004"]
    assert [(f.span.line, f.span.col) for f in unused] == [(6, 20)]
    assert "EKS101" in unused[0].message and "EKS111" not in unused[0].message


def test_unused_only_for_rules_that_ran(tmp_path: Path) -> None:
    text = eksctl(version_comment="  # ekslint: ignore[EKS404] reason")
    assert rows(check(write(tmp_path, {"cluster.yaml": text}), ["EKS1", "EKS004"])) == [
        ("cluster.yaml", 6, "EKS111"),
        ("cluster.yaml", 17, "EKS101"),
    ]
    assert ("cluster.yaml", 6, "EKS004") in rows(check(tmp_path, ["EKS1", "EKS4", "EKS004"]))


def test_meta_findings_need_their_rule_selected(tmp_path: Path) -> None:
    text = eksctl(version_comment="  # ekslint: ignore[EKS404]")
    assert rows(check(write(tmp_path, {"cluster.yaml": text}), ["EKS111"])) == [("cluster.yaml", 6, "EKS111")]


@pytest.mark.parametrize(
    ("comment", "fragment"),
    [
        ("# ekslint: ignore EKS111 reason", "needs the rules it suppresses in brackets"),
        ("# ekslint: disable[EKS111] reason", "unknown ekslint comment"),
        ("# ekslint: ignore[] reason", "names no rule"),
        ("# ekslint: ignore[EKS1l1] reason", "`EKS1l1` is not an ekslint rule"),
        ("# ekslint: ignore[EKS111] reason until=31.03.2027", "is not a date"),
        ("# ekslint: ignore[EKS004] reason", "can be suppressed only for a whole file"),
    ],
)
def test_malformed_comments(tmp_path: Path, comment: str, fragment: str) -> None:
    text = eksctl(version_comment="  " + comment)
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS111", "EKS006"])
    assert rows(report, suppressed=False) == [("cluster.yaml", 6, "EKS111"), ("cluster.yaml", 6, "EKS006")]
    (f,) = [f for f in report.findings if f.rule_id == "EKS006"]
    assert fragment in f.message


def test_unknown_name_does_not_disable_the_others(tmp_path: Path) -> None:
    text = eksctl(version_comment="  # ekslint: ignore[EKS111, nope] reason")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS111", "EKS006"])
    assert rows(report, suppressed=False) == [("cluster.yaml", 6, "EKS006")]
    assert rows(report, suppressed=True) == [("cluster.yaml", 6, "EKS111")]


def test_meta_findings_are_suppressed_only_file_wide(tmp_path: Path) -> None:
    text = "# ekslint: ignore-file[EKS004] generated file\n" + eksctl(version_comment="  # ekslint: ignore[EKS404] reason")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS111", "EKS404", "EKS004"])
    assert rows(report, suppressed=True) == [("cluster.yaml", 7, "EKS004")]
    assert rows(report, suppressed=False) == [("cluster.yaml", 7, "EKS111")]


def test_ignore_file_must_stand_alone(tmp_path: Path) -> None:
    text = eksctl(version_comment="  # ekslint: ignore-file[EKS111] reason")
    report = check(write(tmp_path, {"cluster.yaml": text}), ["EKS111", "EKS006"])
    assert rows(report, suppressed=False) == [("cluster.yaml", 6, "EKS111"), ("cluster.yaml", 6, "EKS006")]


# -- rule fixtures ---------------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def meta_findings(rule_id: str, which: str) -> list[tuple[str, int, str]]:
    """Like `fixture_findings`, with the rules the fixtures' comments suppress running too."""
    found = lint_tree(FIXTURES / rule_id / which, [rule_id, "EKS1", "EKS2", "EKS4"])
    return [(p, line, sev) for p, line, rid, sev in found if rid == rule_id]


def test_eks003_suppression_without_reason() -> None:
    assert meta_findings("EKS003", "bad") == [("cluster.yaml", 48, "warning")]
    assert meta_findings("EKS003", "good") == []


def test_eks004_unused_suppression() -> None:
    assert meta_findings("EKS004", "bad") == [("cluster.yaml", 43, "warning"), ("main.tf", 38, "warning")]
    assert meta_findings("EKS004", "good") == []


def test_eks005_expired_suppression() -> None:
    assert meta_findings("EKS005", "bad") == [("main.tf", 14, "warning")]
    assert meta_findings("EKS005", "good") == []


def test_eks006_malformed_suppression() -> None:
    assert meta_findings("EKS006", "bad") == [("cluster.yaml", 9, "warning"), ("cluster.yaml", 49, "warning")]
    assert meta_findings("EKS006", "good") == []


# -- output ----------------------------------------------------------------------------------------


def suppressed_tree(tmp_path: Path) -> Path:
    tf = MAIN_TF.format(module_comment="# ekslint: ignore[EKS401] break-glass role, reviewed 2026-10\n", resource_comment="")
    return write(tmp_path, {"main.tf": tf, "cluster.yaml": eksctl(batch_comment="  # ekslint: ignore[EKS101] NAT on purpose\n")})


def test_sarif_keeps_suppressed_results_with_justification(tmp_path: Path) -> None:
    tree = suppressed_tree(tmp_path)
    report = check(tree, ["EKS101", "EKS401", "EKS004"])
    log = json.loads(render(report, "sarif", base=str(tree)))
    validate(log)
    results = log["runs"][0]["results"]
    sup = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r.get("suppressions") for r in results}
    assert sup == {
        ("EKS101", 18): [{"kind": "inSource", "status": "accepted", "justification": "NAT on purpose"}],
        ("EKS401", 16): [{"kind": "inSource", "status": "accepted", "justification": "break-glass role, reviewed 2026-10"}],
        ("EKS401", 26): None,
    }


def test_json_keeps_and_text_drops_suppressed(tmp_path: Path) -> None:
    tree = suppressed_tree(tmp_path)
    report = check(tree, ["EKS101", "EKS401", "EKS004"])
    doc = json.loads(render(report, "json"))
    assert [(f["rule"], f["line"], f.get("suppression")) for f in doc["findings"]] == [
        ("EKS101", 18, {"kind": "inSource", "justification": "NAT on purpose"}),
        ("EKS401", 16, {"kind": "inSource", "justification": "break-glass role, reviewed 2026-10"}),
        ("EKS401", 26, None),
    ]
    assert doc["summary"]["suppressed"] == 2 and doc["summary"]["findings"] == 1
    text = render(report, "text")
    assert "main.tf:26" in text and "cluster.yaml:18" not in text and "main.tf:16" not in text


# -- the installed command -------------------------------------------------------------------------


def ekslint_cmd() -> list[str]:
    exe = shutil.which("ekslint", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "ekslint"]


def test_cli_exit_codes_ignore_suppressed_findings(tmp_path: Path) -> None:
    write(tmp_path, {"cluster.yaml": eksctl(batch_comment="  # ekslint: ignore[EKS101] NAT on purpose\n")})
    args = [*ekslint_cmd(), "check", ".", "--select", "EKS101,EKS004"]
    proc = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 suppressed" in proc.stdout and "EKS101" not in proc.stdout

    proc = subprocess.run([*args, "--format", "sarif"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    (result,) = json.loads(proc.stdout)["runs"][0]["results"]
    assert result["suppressions"][0]["justification"] == "NAT on purpose"

    (tmp_path / "cluster.yaml").write_text(eksctl(batch_comment="  # ekslint: ignore[EKS101] NAT until=2020-01-01\n"))
    proc = subprocess.run([*args, "--select", "EKS005"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "EKS101" in proc.stdout and "EKS005" in proc.stdout and "expired on 2020-01-01" in proc.stdout
    assert "Traceback" not in proc.stderr


# -- robustness ------------------------------------------------------------------------------------

_PIECES = ["# ekslint: ignore[EKS101] r\n", "// ekslint: ignore-file[EKS4] r until=2030-01-01\n", "# ekslint: ignore[\n",
           'x = "${a("}")}"\n', "<<-EOT\n", "EOT\n", "{\n", "}\n", "[\n", "/* {\n", "*/\n", "- a: 1\n", "  b:\n",
           "    - c\n", "\t\n", "\n", "# ekslint: until=x\n", "'\"\\\n", "---\n", "  # ekslint: ignore[EKS003] x\n"]


@pytest.mark.parametrize("name", ["main.tf", "cluster.yaml"])
def test_parsing_never_raises_and_scopes_stay_in_the_file(name: str) -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=300, deadline=None, derandomize=True)
    @hypothesis.given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=20)), max_size=30))
    def prop(pieces: list[str]) -> None:
        sf = SourceFile(Path(name), name, "".join(pieces))
        directives, _ = parse_file(sf, all_rules())
        for d in directives:
            first, last = d.scope
            assert (first, last) == (0, -1) or 1 <= first <= last <= max(len(sf.lines), 1)

    prop()
