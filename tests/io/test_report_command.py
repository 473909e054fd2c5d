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


def test_a_file_that_says_generated_makes_documents_that_say_so(library, jingzhou, tmp_path):
    """`jixiao report` of a file with `generated: true` (as jixiao writes a demo evaluation's JSON) wrote documents
    with no 演示生成 anywhere: its figures passed for a department's own. They are marked as the web marks them —
    name, heading, the note under it, every page's header; the same file without the flag is not."""
    import io
    import json

    import openpyxl
    from docx import Document as Docx

    from jixiao.core.build import evaluation_to_data

    data = evaluation_to_data(jingzhou)
    for generated in (True, False):
        source = tmp_path / f"{generated}" / "评价.json"
        source.parent.mkdir()
        source.write_text(json.dumps({**data, "generated": True} if generated else data, ensure_ascii=False),
                          encoding="utf-8")
        for fmt in ("docx", "xlsx"):
            assert cli.main(["report", str(source), "--format", fmt, "-o", f"{source.parent}/"]) == 0
        written = sorted(p.name for p in source.parent.iterdir() if p.suffix != ".json")
        mark = "（演示生成）" if generated else ""
        assert written == [f"靖州县人力资源和社会保障局2022年度绩效自评{mark}.{fmt}" for fmt in ("docx", "xlsx")]
        word = Docx(str(source.parent / written[0]))
        book = openpyxl.load_workbook(io.BytesIO((source.parent / written[1]).read_bytes()))
        if generated:
            note = documents.GENERATED_FILE_NOTE
            lines = [p.text for p in word.paragraphs if p.text]  # 靖州's default shape opens with a cover
            assert lines[0].endswith("（演示生成）") and lines[1] in (note, f"演示生成：{note}"), lines[:2]
            assert [p.text for p in word.sections[0].header.paragraphs] == [f"演示生成：{note}"]
            sheet = book.worksheets[0]
            assert sheet["A1"].value.endswith("（演示生成）") and sheet["A2"].value == note
            assert sheet.oddHeader.center.text == f"演示生成：{note}"
            assert json.loads("".join(c.value for c in book["_jixiao"]["A"][1:] if c.value))["generated"] is True
        else:
            assert not any("演示" in p.text for p in word.paragraphs) and word.sections[0].header.is_linked_to_previous
            assert not any("演示" in str(c.value) for s in book.worksheets if s.title != "_jixiao"
                           for row in s.iter_rows() for c in row if c.value)
