"""`jixiao report` pauses Python's cyclic garbage collector while it makes the document (cli._no_cycle_collection
says why) and resumes it afterwards, also when making the document fails: a caller that goes on in the same
process (a test, a script calling `main`) keeps its collector."""

from __future__ import annotations

import gc

from jixiao import cli
from jixiao.io import documents

from ..conftest import EXAMPLES

SEED = str(EXAMPLES / "seed-002-jingzhou-2022.yaml")


def test_the_collector_is_paused_while_the_document_is_made_and_resumed_after(monkeypatch, tmp_path):
    seen = []
    render = documents.render
    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return render(*args, **kwargs)

    monkeypatch.setattr(documents, "render", watched)
    assert gc.isenabled()
    assert cli.main(["report", SEED, "--format", "html", "-o", str(tmp_path / "r.html")]) == 0
    assert seen == [False] and gc.isenabled()
    assert "<title>靖州县2022年度" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_collector_is_resumed_when_the_document_cannot_be_made(monkeypatch, tmp_path):
    def fail(*args, **kwargs):
        raise documents.FontMissing()

    monkeypatch.setattr(documents, "render", fail)
    assert cli.main(["report", SEED, "--format", "pdf", "-o", str(tmp_path / "r.pdf")]) == cli.EXIT_USAGE
    assert gc.isenabled()
