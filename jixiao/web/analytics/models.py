"""The relational projection of the scored evaluations (issue 10 §5): what the core's analysis says about each saved
evaluation, as indexed rows that queries across departments and years can filter, sort and count — instead of
opening every stored JSON document. Rebuilt from the evaluation on every save (`projection.refresh`), removed with
it; `python -m jixiao.web.manage reproject` rebuilds all of it.

Amounts (万元), rates (fractions) and scores are kept to 6 decimal places, rounded half up once when stored (amounts
are entered with at most 6); pages round them again only for display (2 places)."""

from django.db import models

from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.organisations.models import Department

PLACES = 6
REVIEWED = "reviewed"  # score_source / grade_source of a table the bureau's spot-check rescored (review.counted)


DIGITS = 24  # up to 10¹⁸: more than any amount in 万元 the entry pages accept


def _figure(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=DIGITS, decimal_places=PLACES, null=True, blank=True)


class EvaluationRow(models.Model):
    evaluation = models.OneToOneField(Evaluation, models.CASCADE, related_name="analytics_row")
    department = models.ForeignKey(Department, models.CASCADE, related_name="+", verbose_name="部门")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=Status.choices)
    score = _figure("得分")
    grade = models.CharField("等级", max_length=10, blank=True)
    score_source = models.CharField("得分来源", max_length=10)  # computed / stated / none / reviewed
    # the department's own score and grade, kept beside `score` and `grade` where those are the finance bureau's
    # (score_source `reviewed`: its spot-check rescored the whole table, review.counted); else the same figures
    self_score = _figure("自评得分")
    self_grade = models.CharField("自评等级", max_length=10, blank=True)
    # why `score` counts, in the core's words (reviewed.Counted.reason: 按抽查复核得分；自评 … 分（优），自评偏差 …),
    # for the lists that show it beside the score without making a Counted of each row
    score_reason = models.CharField("得分依据", max_length=200, blank=True)
    complete = models.BooleanField("评分完整", default=False)
    budget_adjusted = _figure("调整后预算数（万元）")
    spent = _figure("执行数（万元）")
    execution_rate = _figure("执行率")
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    notices = models.PositiveIntegerField("提示", default=0)
    findings = models.PositiveIntegerField("发现合计", default=0)
    project_count = models.PositiveIntegerField("项目数", default=0)
    excellent_share = _figure("评优率")
    # which saved state of the evaluation these rows describe: a refresh with nothing new to say does nothing
    source_revision = models.PositiveIntegerField()
    source_updated = models.DateTimeField()

    class Meta:
        verbose_name = "统计：自评"
        ordering = ["department__name", "year"]
        indexes = [
            models.Index(fields=["department", "year"], name="analytics_eval_dept_year"),
            models.Index(fields=["year", "grade"], name="analytics_eval_year_grade"),
            models.Index(fields=["year", "score"], name="analytics_eval_year_score"),
            models.Index(fields=["year", "execution_rate"], name="analytics_eval_year_rate"),
            models.Index(fields=["year", "findings"], name="analytics_eval_year_findings"),
        ]


class ProjectRow(models.Model):
    row = models.ForeignKey(EvaluationRow, models.CASCADE, related_name="projects")
    index = models.PositiveIntegerField("序号")  # the project's place in the evaluation: projects[index]
    name = models.CharField("项目名称", max_length=300)
    budget_category = models.CharField("项目类别", max_length=30, blank=True)
    budget_adjusted = _figure("预算数（万元）")
    spent = _figure("执行数（万元）")
    execution_rate = _figure("执行率")
    score = _figure("得分")
    grade = models.CharField("等级", max_length=10, blank=True)
    grade_source = models.CharField("等级来源", max_length=20)  # as the core's, or `reviewed` (the bureau's)
    self_score = _figure("自评得分")  # the project's own, kept beside the bureau's (as EvaluationRow's)
    self_grade = models.CharField("自评等级", max_length=10, blank=True)

    class Meta:
        ordering = ["row", "index"]
        indexes = [
            models.Index(fields=["row", "index"], name="analytics_project_place"),
            models.Index(fields=["score"], name="analytics_project_score"),
            models.Index(fields=["grade"], name="analytics_project_grade"),
            models.Index(fields=["execution_rate"], name="analytics_project_rate"),
            # grades counted over a bureau's evaluations (分布) from the index alone, at a province's size
            models.Index(fields=["row", "grade"], name="analytics_project_row_grade"),
        ]


class IndicatorRow(models.Model):
    row = models.ForeignKey(EvaluationRow, models.CASCADE, related_name="indicators")
    project = models.ForeignKey(ProjectRow, models.CASCADE, null=True, blank=True, related_name="indicators")
    path = models.CharField("位置", max_length=200)
    level1 = models.CharField("一级指标", max_length=40)
    level1_name = models.CharField("一级指标名称", max_length=100)
    level2 = models.CharField("二级指标", max_length=40, blank=True)
    level2_name = models.CharField("二级指标名称", max_length=100, blank=True)
    name = models.CharField("三级指标", max_length=500)
    weight = _figure("分值")
    target = models.CharField("年度指标值", max_length=500, blank=True)
    actual = models.CharField("实际完成值", max_length=500, blank=True)
    score = _figure("得分")

    class Meta:
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["level1", "level2"], name="analytics_indicator_levels")]


class FindingRow(models.Model):
    row = models.ForeignKey(EvaluationRow, models.CASCADE, related_name="finding_rows")
    code = models.CharField("检查项", max_length=40)
    severity = models.CharField("类别", max_length=10)  # error / warning / notice
    location = models.CharField("位置", max_length=300)
    subject = models.CharField("对象", max_length=500, blank=True)
    where = models.CharField("出处", max_length=500, blank=True)
    message = models.TextField("说明")

    class Meta:
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["code"], name="analytics_finding_code"),
                   models.Index(fields=["severity"], name="analytics_finding_severity"),
                   # findings counted by check and kind over a bureau's evaluations (分布) from the index alone
                   models.Index(fields=["row", "code", "severity"], name="analytics_finding_row_code")]
