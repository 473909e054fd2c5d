"""A narrative department report gives each project a section of its own and states the project's score in the prose
(（一）XX项目 … 该项目自评得分93.5分，等级为优; or XX项目自评得分95分): the score, grade and figures belong to that project,
while the department's own score stays the department's. Invented departments and figures (each rate = 执行数 ÷ 预算数)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.reading import read_report

TITLE = "示例县农业农村局2023年度部门整体支出绩效自评报告\n一、部门基本情况\n我局内设股室2个：办公室、农经股。\n"
SECTIONS = "\n".join([
    "二、项目支出绩效自评情况",
    "（一）高标准农田建设项目",
    "该项目全年预算数200万元，全年执行数190万元，预算执行率95%。经自评，该项目自评得分92分，等级为优。",
    "（二）农村人居环境整治专项经费",
    "该项目全年预算数50万元，全年执行数45万元，预算执行率90%，自评得分85分，等级为良。",
])
NAMED = "二、项目支出绩效自评情况\n经自评，高标准农田建设项目自评得分92分，农村人居环境整治项目自评得分85分。"
WHOLE = "\n三、部门整体支出绩效自评结论\n经自评，我局2023年度部门整体支出绩效自评得分90分，等级为优。\n"


def _read(text: str):
    return read_report("report.txt", text.encode()).evaluation


def test_each_section_s_score_is_its_project_s():
    evaluation = _read(TITLE + SECTIONS + WHOLE)
    got = [(p.name, p.stated_score, p.stated_grade, p.budget.budget_adjusted, p.budget.spent)
           for p in evaluation.projects]
    assert got == [("高标准农田建设项目", Decimal("92"), "优", Decimal("200"), Decimal("190")),
                   ("农村人居环境整治专项经费", Decimal("85"), "良", Decimal("50"), Decimal("45"))]
    assert (evaluation.stated_score, evaluation.stated_grade) == (Decimal("90"), "优")


def test_a_score_after_the_project_s_name_is_its_own():
    evaluation = _read(TITLE + NAMED + WHOLE)
    assert [(p.name, p.stated_score) for p in evaluation.projects] == [
        ("高标准农田建设项目", Decimal("92")), ("农村人居环境整治项目", Decimal("85"))]
    assert evaluation.stated_score == Decimal("90")
