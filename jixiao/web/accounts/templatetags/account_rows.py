"""The account lists' rows drawn in Python: a province's administrator lists a few hundred accounts, and a row's
memberships, revoke and toggle forms as template loops were nearly all of the page's time (issue 11). The markup is
the templates' own, unchanged."""

from django import template
from django.utils.safestring import mark_safe

from jixiao.web.addresses import by_pk
from jixiao.web.evaluations.fields import _e
from jixiao.web.organisations.templatetags.departments import generated_badge

register = template.Library()


def _csrf_input(context) -> str:
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(context.get("csrf_token", ""))}">'


def _post_button(action: str, csrf: str, label: str, inline: bool, confirm: str = "") -> str:
    """A one-button form; `confirm`: the question app.js asks before it is sent (a click took a role away at once)."""
    kind = ' class="inline"' if inline else ""
    ask = f' data-confirm="{_e(confirm)}"' if confirm else ""
    return (f'<form method="post" action="{_e(action)}"{kind}{ask}>{csrf}'
            f'<button class="link">{label}</button></form>')


def _scope(membership) -> str:
    if membership.department:
        return f"（{_e(membership.department)}{generated_badge(membership.department)}）"
    if membership.finance_bureau:
        return f"（{_e(membership.finance_bureau)}）"
    return ""


@register.simple_tag(takes_context=True)
def business_account_rows(context, people, admin_roles):
    """The system administrator's list (accounts as views._accounts reads them): each account's roles with their scope and a revoke button (business roles
    only), its state, and the button that stops or restarts it (not one's own, nor an administrator's)."""
    csrf, me = _csrf_input(context), context["user"].pk
    number = getattr(people, "number", 1)
    if number > 1:  # the answer to a button comes back to this page, not the first (a new user lost the row)
        csrf += f'<input type="hidden" name="page" value="{int(number)}">'
    if context.get("query"):  # and with the search that listed the row
        csrf += f'<input type="hidden" name="q" value="{_e(context["query"])}">'
    revoke, toggle_user = by_pk("accounts:revoke_membership"), by_pk("accounts:toggle_user")
    account = by_pk("accounts:account")
    rows = []
    for person in people:
        memberships = person.memberships
        roles = "；".join(
            _e(m.get_role_display()) + _scope(m)
            + ("" if m.role in admin_roles else " " + _post_button(
                revoke(m.pk), csrf, "撤销", inline=True,
                confirm=f"撤销 {person.username} 的“{m.get_role_display()}”角色？"))
            for m in memberships) or '<span class="hint">无角色</span>'
        business = not memberships or memberships[0].role not in admin_roles
        # the account's own page grants a role (again, after a revoke) or changes one: business accounts only
        grant = (f'<a href="{_e(account(person.pk))}" class="grant">{"授予角色" if not memberships else "授予或更改角色"}'
                 f'</a>' if business and person.pk != me else "")
        if person.pk == me:
            toggle = ""
        elif business:
            toggle = _post_button(toggle_user(person.pk), csrf, "停用" if person.is_active else "启用", inline=False,
                                  confirm=f"停用账户 {person.username}？停用后不能登录。" if person.is_active else "")
        else:
            toggle = '<small class="hint">由安全管理员管理</small>'
        rows.append(f"<tr><td>{_e(person.username)}</td><td class=\"typed\">{_e(person.first_name)}</td>\n    <td>{roles}</td>\n"
                    f'    <td>{"启用" if person.is_active else "停用"}</td>\n    <td>{grant}{toggle}</td></tr>\n  ')
    return mark_safe("".join(rows))
