"""The header's addresses found once per process ({% address %}, {% asset %}) are what {% url %} and {% static %}
write, for every view base.html names and for a view taking a key."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template, TemplateSyntaxError
import pytest

import jixiao.web

BASE = Path(jixiao.web.__file__).parent / "templates" / "base.html"
MENU = BASE.parent / "accounts" / "_menu.html"  # the signed-in header's menu, drawn by {% menu %}


def _rendered(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_every_address_of_the_header_is_what_url_gives():
    header = BASE.read_text(encoding="utf-8") + MENU.read_text(encoding="utf-8")
    names = re.findall(r"\{% address '([^']+)' %\}", header)
    assets = re.findall(r"\{% asset '([^']+)' %\}", BASE.read_text(encoding="utf-8"))
    assert len(names) >= 15 and "accounts:logout" in names and len(assets) == 3
    for name in names:
        kept = _rendered(f"{{% load navigation %}}{{% address '{name}' %}}|{{% address '{name}' %}}")
        assert kept == _rendered(f"{{% url '{name}' %}}|{{% url '{name}' %}}"), name
    for path in assets:
        assert _rendered(f"{{% load navigation %}}{{% asset '{path}' %}}") == \
            _rendered(f"{{% load static %}}{{% static '{path}' %}}")


def test_a_keyed_address_is_what_url_gives():
    for pk in (1, 37, 123456):
        assert _rendered("{% load navigation %}{% address 'evaluations:detail' e.pk %}", e={"pk": pk}) == \
            _rendered("{% url 'evaluations:detail' e.pk %}", e={"pk": pk}) == f"/evaluations/{pk}/"


def test_an_address_needs_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load navigation %}{% address goals:index %}")
    with pytest.raises(TemplateSyntaxError):
        Template("{% load navigation %}{% asset 'a' 'b' %}")


_FLAGS = ("is_preparer", "is_department_reviewer", "is_finance_reviewer", "is_system_admin", "is_security_admin",
          "is_audit_admin")


def _menu_as_base_drew_it(context: dict) -> str:
    return Template(MENU.read_text(encoding="utf-8")).render(Context(context))


def test_the_kept_menu_is_the_template_drawn_with_each_requests_token():
    """For every combination of roles, gated or not, and a name needing escapes, `{% menu %}` writes what the menu's
    template writes, with the token of the request drawing it (one kept menu, two tokens), or none without one."""
    menu = Template("{% load navigation %}{% menu %}")
    for bits in range(2 ** (len(_FLAGS) + 1)):
        context = {"gated": bool(bits & 1), "who": "张三 <b>&\"'（填报人）",
                   **{flag: bool(bits >> (i + 1) & 1) for i, flag in enumerate(_FLAGS)}}
        for token in ("a" * 64, "Zq9" * 21 + "x", None):
            asked = {**context, "csrf_token": token} if token else context
            drawn = menu.render(Context(asked))
            assert drawn == _menu_as_base_drew_it(asked), (bits, token)
            assert (f'value="{token}"' in drawn) == bool(token)
    assert "&lt;b&gt;&amp;&quot;&#x27;" in drawn and "<b>" not in drawn


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index("<header"):html.index("</header>")]


def test_a_new_name_or_role_shows_in_the_header_at_once(as_user):
    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.organisations.models import Department

    client = as_user("tongcheng_finance")
    before = _header(client.get("/api/"))
    assert "统计分析" in before and "财政审核" in before
    user = get_user_model().objects.get(username="tongcheng_finance")
    user.first_name = "改名后的审核人"
    user.save()
    renamed = _header(client.get("/api/"))
    assert "改名后的审核人" in renamed and renamed != before
    Membership.objects.filter(user=user).delete()  # a department's and a bureau's roles are never one person's
    Membership.objects.create(user=user, role=Role.DEPARTMENT_REVIEWER, department=Department.objects.first())
    narrowed = _header(client.get("/api/"))
    assert "统计分析" not in narrowed and "财政审核" not in narrowed and "自评" in narrowed
    assert "改名后的审核人（部门审核人）" in narrowed
    # the page's form carries this request's token: another client's page another
    other = as_user("tongcheng_preparer")
    tokens = {re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _header(c.get("/api/"))).group(1)
              for c in (client, other)}
    assert len(tokens) == 2
