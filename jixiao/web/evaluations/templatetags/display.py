"""Small display filters shared by the pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


# A figure as a finding states it: its comparison and sign, digits with what joins them (2022-02-20, 0–10, 25,388.90,
# 2022年2月20日) and a unit of up to three characters after it (800 人次, 12.5万元), not the words that follow.
_CJK = "\u4e00-\u9fff"
_WHOLE = re.compile(rf"(?:[≥≤<>＞＜=]\s?)?[-+−]?\d(?:[^\s、，；,;（）(){_CJK}]|[{_CJK}](?=\d))*"
                    rf"(?:\s?[{_CJK}%％]{{1,3}}(?![{_CJK}]))?")


@register.filter
def figures_whole(text) -> SafeString:
    """A stated or recomputed value with each figure kept on one line (`<span class="nb">`, white-space: nowrap in
    app.css): in a narrow column Chromium broke “2022-02-20” after its hyphen. The words around figures still wrap,
    and so does a list of figures between them (“2022-03-01、2022-04-05”)."""
    text = "" if text is None else str(text)
    out, end = [], 0
    for match in _WHOLE.finditer(text):
        out += [escape(text[end:match.start()]), f'<span class="nb">{escape(match.group(0))}</span>']
        end = match.end()
    return mark_safe("".join(out) + escape(text[end:]))
