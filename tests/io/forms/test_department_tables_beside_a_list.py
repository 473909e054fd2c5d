"""A department report that lists its projects (序号 | 项目名称 | 调整后预算数 | 自评得分 | 自评等级) and attaches
its indicator table (一级 / 二级 / 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分): the list's 项目名称 column header
does not refuse the department's table, while a project's own form (项目名称 with its value beside it) still does.
Invented department and figures (the scores add up to the 合计)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.reading import read_report

INTRO = "示例县农业农村局2023年度部门整体支出绩效自评报告\n一、部门基本情况\n我局内设股室2个：办公室、农经股。\n"
LIST = [["序号", "项目名称", "调整后预算数（万元）", "自评得分", "自评等级"],
        ["1", "高标准农田建设项目", "200", "92", "优"], ["2", "农村人居环境整治专项经费", "50", "85", "良"]]
INDICATORS = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
              ["产出指标", "数量指标", "建设高标准农田面积", "≥1万亩", "1.2万亩", "30", "30"],
              ["", "时效指标", "项目按期完成率", "100%", "100%", "20", "20"],
              ["效益指标", "社会效益指标", "农业生产条件改善", "有效改善", "有效改善", "30", "30"],
              ["满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "95%", "20", "20"],
              ["合计", "", "", "", "", "100", "100"]]
END = "\n四、自评结论\n经自评，我局2023年度部门整体支出绩效自评得分100分，等级为优。\n"


def _table(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(r) for r in rows)


def test_the_indicator_table_is_read_beside_the_project_list():
    text = INTRO + "二、项目自评结果\n" + _table(LIST) + "\n三、绩效指标完成情况\n" + _table(INDICATORS) + END
    report = read_report("r.txt", text.encode())
    forms = {f.template: (f.rows_read, f.rows_total) for f in report.coverage.forms}
    assert forms == {"department_indicator_table": (4, 4), "project_score_list": (2, 2)}
    evaluation = report.evaluation
    assert [(i.level1, i.name, i.score) for i in evaluation.indicators] == [
        ("output", "建设高标准农田面积", Decimal("30")), ("output", "项目按期完成率", Decimal("20")),
        ("outcome", "农业生产条件改善", Decimal("30")), ("satisfaction", "农户满意度", Decimal("20"))]
    assert [(p.name, p.budget.budget_adjusted, p.stated_score) for p in evaluation.projects] == [
        ("高标准农田建设项目", Decimal("200"), Decimal("92")), ("农村人居环境整治专项经费", Decimal("50"), Decimal("85"))]


def test_a_project_s_form_is_not_taken_for_the_department_s_table():
    head = [["项目名称", "高标准农田建设项目"], ["主管部门", "示例县农业农村局"]]
    text = INTRO + "附件：项目支出绩效自评表\n" + _table(head + INDICATORS) + END
    report = read_report("r.txt", text.encode())
    assert "department_indicator_table" not in {f.template for f in report.coverage.forms}
