"""The Chinese a user sees for each code name (GLOSSARY.md): one table, used by errors, explanations and output."""

from __future__ import annotations

LEVEL1 = {
    "execution": "预算执行",
    "output": "产出指标",
    "outcome": "效益指标",
    "satisfaction": "满意度指标",
    "decision": "决策",
    "process": "过程",
    "management": "管理",
    "performance": "绩效",
    "input": "投入",
    "effect": "效果",
}

LEVEL2 = {
    "quantity": "数量指标",
    "quality": "质量指标",
    "timeliness": "时效指标",
    "cost": "成本指标",
    "economic": "经济效益指标",
    "social": "社会效益指标",
    "ecological": "生态效益指标",
    "sustainability": "可持续影响指标",
    "beneficiary_satisfaction": "服务对象满意度指标",
}

METHODS = {
    "higher_better": "定量·正向（越高越好）",
    "lower_better": "定量·反向（越低越好）",
    "exact": "定量·等于目标值",
    "qualitative": "定性·三档评分",
    "thresholds": "公式·按阈值计分",
    "checklist": "评分细则逐项计分",
    "judgement": "酌情评分",
    "survey": "满意度调查计分",
}

TIERS = {
    "achieved": "达成年度指标",
    "partial": "部分达成并具有一定效果",
    "not_achieved": "未达成且效果较差",
}

BUDGET_CATEGORIES = {
    "general_public": "一般公共预算",
    "government_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
    "social_insurance_fund": "社会保险基金预算",
}

BUDGET_LINES = {
    "total": "部门整体支出",
    "basic_expenditure": "基本支出",
    "personnel_cost": "人员经费",
    "operating_cost": "公用经费",
    "project_expenditure": "项目支出",
}

THREE_PUBLIC_PARTS = {
    "overseas_travel": "因公出国（境）费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "vehicle": "公务用车购置及运行费",
    "reception": "公务接待费",
    "total": "“三公”经费合计",
}

SEVERITIES = {"error": "错误", "warning": "警告", "notice": "提示"}

# Field names as they appear in input files, for error messages that name the field in Chinese.
FIELDS = {
    "year": "年度",
    "department": "部门",
    "name": "名称",
    "code": "编码",
    "scheme": "评分方案",
    "project_scheme": "项目评分方案",
    "title": "标题",
    "report_date": "报告日期",
    "budget": "预算",
    "total": "合计",
    "budget_initial": "年初预算数",
    "budget_adjusted": "调整后预算数",
    "spent": "决算数（执行数）",
    "basic_expenditure": "基本支出",
    "personnel_cost": "人员经费",
    "operating_cost": "公用经费",
    "project_expenditure": "项目支出",
    "balance": "结转结余",
    "income": "收入",
    "three_public_expenses": "三公经费",
    "last_year": "上年数",
    "fixed_assets": "固定资产",
    "in_use": "在用",
    "leased": "出租",
    "units": "预算单位",
    "staff_authorized": "编制数",
    "staff_actual": "实有人数",
    "goals": "年度目标",
    "weight": "分值（权重）",
    "indicators": "绩效指标",
    "level1": "一级指标",
    "level2": "二级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "unit_of_measure": "计量单位",
    "method": "计分方法",
    "tier": "定性档次",
    "score": "得分",
    "stated_score": "所列得分",
    "stated_grade": "所列等级",
    "criteria": "评分细则",
    "points": "分值",
    "met": "是否达到",
    "projects": "项目",
    "budget_category": "项目类别",
    "continuity": "项目属性",
    "recurrence": "项目类型",
    "surveys": "满意度调查",
    "issued": "发放数",
    "returned": "收回数",
    "valid": "有效数",
    "questions": "题目",
    "options": "选项",
    "count": "选择人数",
    "statements": "所列数字",
    "fact": "事项",
    "value": "数值",
    "evaluation_group": "评价小组",
    "role": "角色",
    "deviation_reason": "偏差原因分析",
    "improvement": "改进措施",
    "date": "日期",
    "kind": "类别",
}
