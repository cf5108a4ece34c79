"""Every file of the shared corpus of real configurations is processed without an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekslint.engine import run

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_corpus_has_no_internal_errors() -> None:
    report = run([CORPUS], base=CORPUS)
    assert report.internal_errors == []
    assert report.files_checked > 400
