"""What a reading recognised and read, and what it did not: the audit's honesty.

An audit never says 未发现问题 about parts it did not read. When nothing a check needs was read, it says 无法审核 and
why; when a form was read in part, the checks that need the missing rows are held back and the coverage says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORM_NAMES = {  # template id → the form's name as reviewers say it
    "project_self_evaluation": "项目支出绩效自评表",
    "hubei_project": "项目支出绩效自评表（湖北表式）",
    "department_overall": "部门整体支出绩效自评表",
    "hubei_department": "部门整体绩效自评表（湖北表式）",
    "hunan_department": "部门整体支出绩效评价表（湖南表式）",
    "department_budget_table": "部门预算执行情况表",
    "department_indicator_table": "部门绩效指标完成情况表",
    "framework_dmp": "绩效评价指标体系表",
    "questionnaire": "满意度调查问卷统计表",
    "project_score_list": "项目自评结果清单",
    "project_funds_list": "项目清单",
}
UNPLACED_SHOWN = 5  # the figures the coverage quotes; the rest are counted


@dataclass
class FormCoverage:
    template: str
    subject: str = ""  # the project's name, for a project form
    rows_read: int = 0
    rows_total: int = 0
    unread: list[str] = field(default_factory=list)
    # every indicator sits under a level-1 label printing its 分值 (产出指标（40分）) and the weights read under each
    # make it: the rows were read as printed, so a table total they fall short of is the table's own
    weights_verified: bool = False
    # none of the table's rows read, yet the running text's reader found its indicators (a PDF's table copied as
    # text, a cell per line): how many the evaluation has from there, checked one by one but not as a table
    from_text: int = 0

    @property
    def read_as(self) -> str:
        """What was read of a table read in part, by which reader: 只读取 18/22 行, or 表格未能逐行读取（0/45 行），
        指标 10 项按正文读取 (a trial read "0/364 行" beside findings on those rows as "nothing was read")."""
        if self.rows_read == 0 and self.from_text:
            return f"表格未能逐行读取（0/{self.rows_total} 行），指标 {self.from_text} 项按正文读取并逐项核对"
        return f"只读取 {self.rows_read}/{self.rows_total} 行"

    @property
    def complete(self) -> bool:
        return self.rows_read >= self.rows_total

    @property
    def name(self) -> str:
        return FORM_NAMES.get(self.template, self.template)


@dataclass
class Coverage:
    """Iterating over a Coverage gives the ids of the forms recognised (what the accuracy benchmark compares)."""

    forms: list[FormCoverage] = field(default_factory=list)
    prose_figures: int = 0  # figures read from the running text and placed in the evaluation
    narrative_facts: int = 0
    removed: list[str] = field(default_factory=list)  # page furniture the reader took out
    unread: list[str] = field(default_factory=list)  # what the readers, forms or prose could not read
    empty: str = ""  # why nothing could be read at all (a scan without text, an empty file)
    unplaced: list[str] = field(default_factory=list)  # money and rates of the text no fact took up: 第 3 行“执行率95%”

    def __iter__(self):
        return iter(dict.fromkeys(f.template for f in self.forms))

    @property
    def auditable(self) -> bool:
        return not self.empty and bool(self.forms or self.prose_figures or self.narrative_facts >= 3)

    def why_not_auditable(self) -> str:
        if self.empty:
            return self.empty
        return ("未识别出任何绩效自评表或评价表（按表头“分值”“得分”“年度指标值”“实际完成值”等识别），"
                "正文中也未读到预算、执行、得分等可核对的数字")

    def summary(self) -> str:
        """项目支出绩效自评表 2 张，读取 18/22 行；部门整体支出绩效自评表 1 张，读取 12/12 行；正文数字 14 项."""
        counts: dict[str, list[FormCoverage]] = {}
        for form in self.forms:
            counts.setdefault(form.name, []).append(form)
        parts = [f"{name} {len(forms)} 张，{self._rows_read(forms)}" for name, forms in counts.items()]
        if self.prose_figures or self.narrative_facts:
            parts.append(f"正文数字 {self.prose_figures + self.narrative_facts} 项")
        if self.unplaced:
            parts.append(f"正文中{'另有' if parts else ''} {len(self.unplaced)} 个金额或比率未能读取、未核对")
        text = "；".join(parts) or "未识别出任何表单"
        if self.removed:
            text += f"（已略去：{'、'.join(self.removed)}）"
        return text

    @staticmethod
    def _rows_read(forms: list[FormCoverage]) -> str:
        read, total, text = (sum(f.rows_read for f in forms), sum(f.rows_total for f in forms),
                             sum(f.from_text for f in forms))
        if read == 0 and text:
            return f"表格未能逐行读取（0/{total} 行），指标 {text} 项按正文读取"
        return f"读取 {read}/{total} 行" + (f"（表格未能逐行读取的，指标 {text} 项按正文读取）" if text else "")

    def unplaced_line(self) -> str:
        """正文中 N 个金额或比率未能归入任何事实，未核对：第 3 行“执行率95%”…; "" when every one was taken up."""
        if not self.unplaced:
            return ""
        shown = "、".join(self.unplaced[:UNPLACED_SHOWN]) + ("等" if len(self.unplaced) > UNPLACED_SHOWN else "")
        return f"正文中 {len(self.unplaced)} 个金额或比率未能归入任何事实，未核对：{shown}"

    def lines(self) -> list[str]:
        """The coverage as a reviewer reads it: the summary, then what was not read."""
        head = f"识别与读取：{self.summary()}"
        unplaced = [self.unplaced_line()] if self.unplaced else []
        if not self.auditable:
            return [f"无法审核：{self.why_not_auditable()}", head, *self.unread, *unplaced]
        return [head, *[f"未读取：{u}" for u in self.unread], *unplaced,
                *[f"{f.name}{f'“{f.subject}”' if f.subject else ''}{f.read_as}，其合计与分值未核对"
                  for f in self.forms if not f.complete]]
