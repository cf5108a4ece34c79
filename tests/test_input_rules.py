"""Rules EKS001 and EKS002: files that cannot be read or parsed."""

from tests.helpers import fixture_findings


def test_eks001_reports_syntax_errors_and_notes_templates() -> None:
    assert fixture_findings("EKS001", "bad") == [("cluster.yaml", 5, "error"), ("karpenter-nodepool.yaml", 12, "note")]
    assert fixture_findings("EKS001", "good") == []


def test_eks002_reports_files_that_are_not_utf8() -> None:
    assert fixture_findings("EKS002", "bad") == [("cluster.yaml", 4, "warning")]
    assert fixture_findings("EKS002", "good") == []
