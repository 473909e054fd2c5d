"""Reading back a workbook jixiao wrote names where each value stands, as reading any other workbook does
(工作表“项目1” E10), instead of no position at all; a cell changed in the tables since is said so, not silently
ignored (the evaluation is read from the workbook's data sheet)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from jixiao.core import docpath
from jixiao.core.build import evaluation_to_data
from jixiao.core.labels import BUDGET_CATEGORIES, LEVEL1, LEVEL2
from jixiao.core.reports.tables import CONTINUITY, RECURRENCE
from jixiao.io.documents import render
from jixiao.io.extract.audit import DATA_WHERE, audit_bytes


NAMES = {".level1": LEVEL1, ".level2": LEVEL2, ".budget_category": BUDGET_CATEGORIES, ".continuity": CONTINUITY,
         ".recurrence": RECURRENCE}


@pytest.fixture(scope="module")
def exported(library, tongcheng):
    return render(tongcheng, library, "xlsx").content


def leaves(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, docpath.child(prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, docpath.child(prefix, index))
    elif data not in (None, ""):
        yield prefix, data


def source_of(path: str, sources: dict[str, str]) -> str:
    """As the import page looks a value's position up: its own, or its nearest enclosing item's."""
    steps = docpath.parse(path)
    return next((sources[docpath.join(steps[:n])] for n in range(len(steps), 0, -1)
                 if docpath.join(steps[:n]) in sources), "")


def test_each_value_of_seed_003s_workbook_is_named_by_its_sheet_and_cell(library, tongcheng, exported):
    audit = audit_bytes("通城.xlsx", exported, library)
    assert audit.missing == []
    sources = audit.sources
    assert sources["projects[0].indicators[0].actual"] == "工作表“项目1” E10"  # 受理工伤病残等级鉴定例数: 126 例
    assert sources["projects[0].budget.budget_adjusted"] == "工作表“项目1” B7"
    assert sources["goals[0].indicators[0].name"] == "工作表“部门整体自评表” C7"
    assert sources["three_public_expenses.reception.spent"] == "工作表“三公经费” B7"
    assert sources["department.name"] == "工作表“部门整体自评表” B2"
    # what each names holds the value read
    book = openpyxl.load_workbook(io.BytesIO(exported), data_only=True)
    data = evaluation_to_data(tongcheng)
    named = 0
    for path, value in leaves(data):
        where = sources.get(path)
        if where is None or where == DATA_WHERE:
            continue
        sheet, cell = where.removeprefix("工作表“").split("” ")
        shown = book[sheet][cell].value
        if isinstance(shown, (int, float)):
            assert Decimal(str(shown)) == Decimal(value).normalize() or float(value) == pytest.approx(shown), path
        else:
            for ending, names in NAMES.items():  # a code as the form names it (output: 产出指标)
                value = names.get(value, value) if path.endswith(ending) else value
            # 项目类别 shows its choice among the others (1、一般公共预算 √ …), a goal its text after 年度目标 1：
            assert value in shown or shown in value, path
        named += 1
    assert named > 400
    # and no value read goes without a position: what no table shows stands in the data sheet
    assert all(source_of(path, sources) for path, _ in leaves(data))
    assert source_of("department.duties", sources) == DATA_WHERE


def test_a_cell_changed_in_the_tables_is_said_so_and_the_value_exported_is_kept(library, exported):
    book = openpyxl.load_workbook(io.BytesIO(exported))
    book["项目1"]["E10"] = "120 例"
    changed = io.BytesIO()
    book.save(changed)  # openpyxl keeps no formula's value: those cells are not "changed"
    audit = audit_bytes("通城.xlsx", changed.getvalue(), library)
    assert audit.missing == ["工作表“项目1” E10 现为“120 例”，与导出时的“126 例”不同：导入采用导出时的数值，"
                             "如需改用表中的数值，请在建立的草稿中修改"]
    assert audit.evaluation.projects[0].indicators[0].actual == "126 例"
    assert audit.sources["projects[0].indicators[0].actual"] == DATA_WHERE
