"""Open data of the published evaluations: JSON, CSV (one file per table) and a Frictionless (Fiscal) Data Package
descriptor, all from one schema (`RESOURCES`) so that the files and their description cannot drift apart.

Numbers are written as decimal text rounded once (figures.py): in CSV as plain decimals ("92.50"), in JSON as
strings, so that no reader's floats change a figure. docs/open-data.md is the human version of this schema."""

from __future__ import annotations

import csv
import io
import json

from jixiao.web.organisations.models import GENERATED_EVALUATION_NOTE, GENERATED_NOTE

from . import figures
from .services import published

# name → (title, type, description); "number" fields are decimal text, "" when the core has no figure
EVALUATION_FIELDS = {
    "evaluation_id": ("评价编号", "integer", "jixiao 中的评价编号，稳定不变"),
    "bureau": ("财政局", "string", ""),
    "department": ("部门", "string", ""),
    "department_code": ("预算编码", "string", ""),
    "year": ("年度", "year", ""),
    "score": ("得分", "number", "部门整体自评得分，2 位小数"),
    "grade": ("等级", "string", "优/良/中/差，或报告所述等级"),
    "project_count": ("项目数", "integer", ""),
    "published": ("公开日期", "date", ""),
    # last, so that readers of the columns before it read them as before; true for the evaluation whose figures the
    # demo made up: a generated department's, or a year it generated for a real department (figures.evaluation_row)
    "generated": ("演示生成", "boolean", f"true：该评价的数字是演示生成的，不是真实填报的（该部门是{GENERATED_NOTE}；"
                                     f"或部门真实，该年度是{GENERATED_EVALUATION_NOTE}）；false：真实填报的评价"),
}
PROJECT_FIELDS = {
    "evaluation_id": ("评价编号", "integer", ""),
    "project_no": ("项目序号", "integer", "评价中项目的序号，从 1 起"),
    "project": ("项目名称", "string", ""),
    "budget_adjusted": ("全年预算数（万元）", "number", "万元，2 位小数"),
    "spent": ("全年执行数（万元）", "number", "万元，2 位小数"),
    "execution_rate": ("执行率（%）", "number", "百分数，2 位小数"),
    "score": ("得分", "number", "2 位小数"),
    "grade": ("等级", "string", ""),
}
INDICATOR_FIELDS = {
    "evaluation_id": ("评价编号", "integer", ""),
    "scope": ("范围", "string", "department：部门整体；project：项目"),
    "project_no": ("项目序号", "integer", "部门整体的指标为空"),
    "project": ("项目名称", "string", ""),
    "goal_no": ("年度目标序号", "integer", "部门整体的指标所属的年度目标，从 1 起；不分年度目标的为空"),
    "level1": ("一级指标", "string", ""),
    "level2": ("二级指标", "string", ""),
    "indicator": ("三级指标", "string", ""),
    "target": ("年度指标值", "string", "按报告原文"),
    "actual": ("实际完成值", "string", "按报告原文"),
    "weight": ("分值", "number", "2 位小数"),
    "score": ("得分", "number", "2 位小数；未计分为空"),
}
RESOURCES = {"evaluations": EVALUATION_FIELDS, "projects": PROJECT_FIELDS, "indicators": INDICATOR_FIELDS}
PRIMARY_KEYS = {"evaluations": ["evaluation_id"], "projects": ["evaluation_id", "project_no"]}


def rows(resource: str) -> list[dict]:
    """Every row of one table over all published evaluations."""
    found = []
    for evaluation in published():
        if resource == "evaluations":
            found.append(figures.evaluation_row(evaluation, evaluation.publication.published))
        elif resource == "projects":
            found += figures.project_rows(evaluation)
        else:
            found += figures.indicator_rows(evaluation)
    return found


def evaluation_data(evaluation) -> dict:
    """One published evaluation with its parts, projects and indicators (the JSON of the portal's page)."""
    return {**figures.evaluation_row(evaluation, evaluation.publication.published),
            "parts": figures.part_rows(evaluation), "projects": figures.project_rows(evaluation),
            "indicators": figures.indicator_rows(evaluation)}


def as_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A text cell a spreadsheet would read as a formula gets a leading apostrophe (OWASP's CSV injection advice)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value, kind: str):
    """A cell as the schema's type is written: text made safe, a boolean as JSON writes it (true/false)."""
    if kind == "string":
        return safe_cell(value)
    if kind == "boolean":
        return "true" if value else "false"
    return value


def as_csv(resource: str) -> bytes:
    fields = RESOURCES[resource]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows(resource):
        writer.writerow([csv_cell(row[name], kind) for name, (_, kind, _) in fields.items()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM: Excel then reads the Chinese as UTF-8


def descriptor() -> dict:
    """datapackage.json: a Tabular Data Package whose `model` names measures and dimensions as the Fiscal Data
    Package does. Paths are relative: the descriptor is served beside the CSV files."""
    resources = []
    for name, fields in RESOURCES.items():
        schema = {"fields": [_field(field, title, kind, description) for field, (title, kind, description)
                             in fields.items()], "missingValues": [""]}
        if name in PRIMARY_KEYS:
            schema["primaryKey"] = PRIMARY_KEYS[name]
        if name != "evaluations":
            schema["foreignKeys"] = [{"fields": "evaluation_id",
                                      "reference": {"resource": "evaluations", "fields": "evaluation_id"}}]
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": schema})
    return {
        "profile": "tabular-data-package", "name": "jixiao-published-evaluations", "title": "公开的预算绩效自评结果",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
        "model": {
            "measures": {
                "score": {"resource": "evaluations", "source": "score", "title": "部门整体自评得分"},
                "budget_adjusted": {"resource": "projects", "source": "budget_adjusted", "currency": "CNY",
                                    "factor": 10000, "title": "全年预算数（万元）"},
                "spent": {"resource": "projects", "source": "spent", "currency": "CNY", "factor": 10000,
                          "title": "全年执行数（万元）"},
            },
            "dimensions": {
                "administrative": {"dimensionType": "entity", "fields": ["bureau", "department"]},
                "date": {"dimensionType": "datetime", "fields": ["year"]},
                "project": {"dimensionType": "activity", "fields": ["project_no", "project"]},
            },
        },
    }


def _field(name: str, title: str, kind: str, description: str) -> dict:
    field = {"name": name, "title": title, "type": kind}
    if description:
        field["description"] = description
    if kind == "number":
        field["decimalChar"] = "."
    if kind == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    return field
