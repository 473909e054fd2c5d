"""Small display filters shared by the pages."""

from django import template

from jixiao.web.people import person

register = template.Library()
register.filter("person", person)


@register.filter
def where(path: str) -> str:
    """A document path in Chinese words (项目 29 › 项目类型); the path itself stays in the stored record."""
    from jixiao.core.locations import describe

    return describe(path) if path else ""


@register.filter
def total_score(value) -> str:
    """An evaluation's or a project's total score, always to 2 places ("78.20"; — when there is none), as every page
    and export shows it; an indicator's score keeps its own form."""
    from jixiao.core.money import fmt_total

    return fmt_total(value) if value is not None and value != "" else "—"


@register.filter
def check_title(code: str) -> str:
    """A finding's check in words (its code stays in the element's title, for people who cite it)."""
    from jixiao.core.checks import title_of

    return title_of(code) if code else ""


OBJECT_TYPES = {"evaluation": "自评", "user": "用户", "export": "打包下载", "report_audit": "报告审核",
                "security_settings": "安全设置", "bureau": "财政局", "department": "部门", "unit": "预算单位",
                "membership": "角色", "goal_set": "绩效目标", "monitoring_report": "运行监控",
                "review_sample": "抽查选样", "spot_check": "抽查复核", "budget_decision": "预算安排决定",
                "rectification_notice": "整改通知", "publication": "信息公开", "api_token": "接口令牌"}


@register.filter
def object_type(kind: str) -> str:
    return OBJECT_TYPES.get(kind, kind)



@register.filter
def finding_subject(finding) -> str:
    """What a finding is about, said once (see jixiao.core.phrasing.subject_once)."""
    from jixiao.core.phrasing import subject_once

    return subject_once(getattr(finding, "subject", ""), getattr(finding, "message", "") or "")


@register.filter
def sentence(text) -> str:
    """A text as one sentence ending in 。, whether or not it was typed with its own end (no doubled “。。”)."""
    text = str(text or "").rstrip()
    return text.rstrip("。.；;，,") + "。" if text and text[-1] not in "！？!?" else text
