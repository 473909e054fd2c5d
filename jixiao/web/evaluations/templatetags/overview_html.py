"""The evaluation overview's long lists drawn in Python: its projects (a province's department has dozens, each row
a link, five figures and filters as template tags) and its findings (up to hundreds). The markup is the template's,
unchanged (issue 11: render grids without per-row template work)."""

from decimal import Decimal

from django import template
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from jixiao.core.checks import title_of
from jixiao.core.money import fmt_percent, fmt_total, fmt_wan
from jixiao.web.addresses import by_pk, by_pk_and_key
from jixiao.web.evaluations.fields import _e
from jixiao.web.review.templatetags.counted_html import counted_score, grades_beside

register = template.Library()

GRADE_SOURCES = {"computed": "按指标计算", "stated": "所列", "from_stated_score": "按所列得分"}


def _localizer():
    """Django's `localize` for the numbers of one table, the locale's number formats looked up once (per value they
    were three lookups of the active language, most of a row's time); other values go to `localize` itself."""
    language = get_language()
    formats = [get_format(name, language, use_l10n=True)
               for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")]
    separator, grouping, thousands = formats

    def shown(value) -> str:
        if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
            return numberformat.format(value, separator, None, grouping, thousands, use_l10n=True)
        return localize(value)

    return shown


def _or_dash(value, shown) -> str:
    """`{{ value|default:"—" }}`: a value that is false (None, 0, "") shows —, any other as the template shows it."""
    return _e(shown(value)) if value else "—"


@register.simple_tag
def project_rows(evaluation, projects, counted=None):
    """The rows of the overview's project table: number, name linked to its page, budget, spending (万元 as every
    page shows it, 2,340.00: it showed 16800 and 481.8 as typed, second trial), score, grade and where the grade
    comes from. `counted` (review.counted.CountedScores, for the bureau's reviewer): a project whose table the
    bureau's spot-check rescored shows its 复核得分 and grade, which count, above its 自评得分 and grade."""
    section, shown = by_pk_and_key("evaluations:section"), _localizer()
    parts = []
    for number, (p, key) in enumerate(projects, 1):
        budget = p.project.budget
        score = fmt_total(p.score) if p.score is not None and p.score != "" else "—"
        reviewed = counted.projects.get(p.index) if counted is not None else None
        score = counted_score(reviewed, f"reviewed-{key}") or _e(score)
        grade = grades_beside(reviewed) or _or_dash(p.grade, shown)
        parts.append(
            f'\n      <tr><td>{number}</td><td><a href="{_e(section(evaluation.pk, key))}">{_e(p.project.name)}</a></td>\n'
            f'        <td class="num">{fmt_wan(getattr(budget, "budget_adjusted", None))}</td>'
            f'<td class="num">{fmt_wan(getattr(budget, "spent", None))}</td>\n'
            f'        <td class="num">{score}</td><td>{grade}</td>\n'
            f'        <td class="hint">{GRADE_SOURCES.get(p.grade_source, "")}</td></tr>\n      ')
    return mark_safe("".join(parts))


@register.simple_tag
def grade_line(result, counted=None):
    """The projects' grade distribution and 评优率 above their table: by the grades that count where `counted`
    (review.counted.CountedScores, for the bureau's reviewer) has a project rescored, the department's own beside."""
    own = _tally_words(result.grade_counts, result.excellent_share)
    if counted is None or not any(p.reviewed for p in counted.projects.values()):
        return f"等级分布：{own}"
    found = counted.project_tally(result)
    return f"按复核后等级：{_tally_words(found.counts, found.share)}（自评：{own}）"


def _tally_words(counts: dict, share) -> str:
    grades = "，".join(f"{_e(grade)} {n} 个" for grade, n in counts.items())
    return f"{grades}；评优率 {fmt_percent(share)}"


@register.simple_tag
def finding_items(items):
    """A severity's findings in the side panel: where (linked to where it is put right), what, and the check."""
    parts = []
    for f in items:
        where = (f'<a class="where" href="{_e(f.href)}">{_e(f.where)}</a>' if f.href
                 else f'<span class="where">{_e(f.where)}</span>')
        title = _e(title_of(f.code)) if f.code else ""
        parts.append(f'<li class="{_e(f.severity)}">{where}<br>{_e(f.message)} '
                     f'<span class="code" title="检查代码 {_e(f.code)}">{title}</span></li>')
    return mark_safe("".join(parts))


@register.simple_tag
def section_links(evaluation, sections, current=None):
    """The tabs of an evaluation's pages (key → title), the current one marked: each address made by the addresses
    reversed once per process, not a `{% url %}` a tab on every page of the evaluation."""
    framework, section = by_pk("evaluations:framework"), by_pk_and_key("evaluations:section")
    parts = []
    for key, title in (sections or {}).items():
        href = framework(evaluation.pk) if key == "framework" else section(evaluation.pk, key)
        mark = 'class="current"' if key == current else ""
        parts.append(f'<a href="{_e(href)}" {mark}>{_e(title)}</a>')
    return mark_safe("".join(parts))
