"""A funds row's name is read from its label cell, and its source says so: a preparer who follows 导入自 to the file
finds 本年财政拨款 where it is written, not the amount beside it."""

from __future__ import annotations

from pathlib import Path

from jixiao.io.reading.pipeline import read_report

FIXTURE = Path(__file__).resolve().parents[2] / "reading" / "fixtures" / "dev" / "fujian-project-2021.xlsx"


def test_a_funds_row_name_is_sourced_at_its_label_and_its_figures_at_theirs():
    reading = read_report(FIXTURE.name, FIXTURE.read_bytes())
    funds = reading.evaluation.projects[0].funds
    assert [f.name for f in funds] == ["本年财政拨款", "上年结转资金", "其他资金"]
    sheet = "工作表“项目支出绩效自评表”"
    assert [str(reading.sources[f"projects[0].funds[{i}].name"]) for i in range(3)] == [
        f"{sheet} B6", f"{sheet} B7", f"{sheet} B8"]
    assert str(reading.sources["projects[0].funds[0].amount"]) == f"{sheet} D6"
    assert str(reading.sources["projects[0].funds[0].spent"]) == f"{sheet} E6"
