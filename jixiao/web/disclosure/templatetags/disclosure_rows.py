"""The disclosure lists' rows drawn in Python: fifty rows, each with its reversed links, a form with its CSRF token
and filtered figures, as template tags were most of these pages' time (issue 11). The markup is the templates',
unchanged; figures and dates pass through Django's own localize and date format, as the template showed them."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from jixiao.web.addresses import by_pk
from jixiao.web.evaluations.fields import _e
from jixiao.web.organisations.templatetags.departments import generated_badge

register = template.Library()


def _publication(evaluation):
    """The evaluation's publication, None when it has none (as the template's {% if e.publication %} read it)."""
    try:
        return evaluation.publication
    except ObjectDoesNotExist:
        return None


def _day(moment) -> str:
    """{{ moment|date:"Y-m-d" }}: in the current time zone, "" for none."""
    return date_format(timezone.localtime(moment), "Y-m-d") if moment else ""


def _figures(e) -> str:
    """Year, score and grade cells' contents, "—" for a missing score or grade ({{ e.score|default:"—" }})."""
    return _e(localize(e.year)), _e(localize(e.score or "—")), _e(e.grade or "—")


@register.simple_tag(takes_context=True)
def publication_rows(context, evaluations):
    """管理公开: each accepted evaluation, whether and when it was published, and the button that publishes or
    withdraws it."""
    if not evaluations:
        return mark_safe('<tr><td colspan="6">本局所辖部门还没有财政已接收的自评。</td></tr>')
    token = context.get("csrf_token")
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(token)}">' \
        if token and token != "NOTPROVIDED" else ""
    detail, public = by_pk("evaluations:detail"), by_pk("disclosure:evaluation")
    rows = []
    for e in evaluations:
        year, score, grade = _figures(e)
        publication = _publication(e)
        state = f'已公开（{_day(publication.published)}） <a href="{public(e.pk)}">查看</a>' if publication else "未公开"
        button = '<input type="hidden" name="action" value="withdraw"><button>撤回公开</button>' if publication else \
            '<input type="hidden" name="action" value="publish"><button class="primary">公开</button>'
        rows.append(f'\n  <tr><td><a href="{detail(e.pk)}">{_e(e.department.name)}</a>'
                    f'{generated_badge(e.department, e)}</td>'
                    f'<td>{year}</td>'
                    f'<td class="num">{score}</td><td>{grade}</td>\n    <td>{state}</td>\n'
                    f'    <td><form method="post" class="inline"{_asks(e, publication)}>{csrf}'
                    f'<input type="hidden" name="evaluation" '
                    f'value="{_e(localize(e.pk))}">\n      {button}</form></td></tr>\n  ')
    return mark_safe("".join(rows))


def _asks(evaluation, publication) -> str:
    """Both buttons ask first (app.js): a withdrawal takes a page off the public portal (its visitors get 404); a
    publication shows a department's tables to anyone, who may keep copies (a trial found only 撤回公开 asked)."""
    name = f"{evaluation.department.name}”{evaluation.year} 年度"  # a department is listed once a year (trial)
    if not publication:
        return f' data-confirm="{_e(f"公开“{name}的自评？公开后任何人无需登录即可查看并下载其自评表和报告。")}"'
    return f' data-confirm="{_e(f"撤回公开“{name}的自评？撤回后公众将无法再查看该页面和下载文件。")}"'


@register.simple_tag
def published_rows(evaluations):
    """A bureau's published evaluations (公开的绩效自评), each linked to its public page."""
    public = by_pk("disclosure:evaluation")
    rows = []
    for e in evaluations:
        year, score, grade = _figures(e)
        # a generated department or year marked on the public portal too: made-up figures must not pass for a county's
        rows.append(f'\n  <tr><td><a href="{public(e.pk)}">{_e(e.department.name)}</a>'
                    f'{generated_badge(e.department, e)}'
                    f'</td><td>{year}</td>\n'
                    f'      <td class="num">{score}</td><td>{grade}</td>'
                    f"<td>{_day(e.publication.published)}</td></tr>\n  ")
    return mark_safe("".join(rows))


@register.simple_tag
def indicator_table_rows(indicators):
    """The public page's 绩效指标 table: an evaluation's every indicator, eight cells each (three hundred rows of
    template variables were most of the page's time, issue 11). The template's markup, unchanged."""
    rows = []
    for i in indicators:
        if i["project"]:
            scope = f'{_e(localize(i["project_no"]))}. {_e(i["project"])}'
        else:
            scope = "部门整体" + (f' · 年度目标 {_e(localize(i["goal_no"]))}' if i["goal_no"] else "")
        rows.append(f'<tr><td>{scope}</td><td>{_e(i["level1"])}</td><td>{_e(i["level2"])}</td>'
                    f'<td>{_e(i["indicator"])}</td>\n    <td>{_e(i["target"])}</td><td>{_e(i["actual"])}</td>'
                    f'<td class="num">{_e(i["weight"] or "—")}</td><td class="num">{_e(i["score"] or "未计分")}</td></tr>')
    return mark_safe("".join(rows))
