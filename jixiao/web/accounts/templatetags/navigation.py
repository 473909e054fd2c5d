"""The addresses of the header's menu and the page's assets, found once per process: base.html named a dozen views by
`{% url %}` and three files by `{% static %}` on every page, each reversed or joined again (about a fifth of a short
page's time, issue 11). Only the address strings are kept: which links a user sees stays the template's, per user.

    {% load navigation %}{% address 'goals:index' %}{% asset 'jixiao/app.css' %}
    {% address 'evaluations:detail' e.pk %}  {# a view taking one primary key: a list's rows (web.addresses) #}
    {% menu %}  {# the signed-in header's menu (accounts/_menu.html), drawn once per what it shows #}

The URLconf and the prefix the site is served under (SCRIPT_NAME), like the static files' address, are the same for
every request of a deployment (as for `web.addresses`); a test that changes those settings finds them again."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from jixiao.web.addresses import by_pk

register = template.Library()


@lru_cache(maxsize=128)
def _address(name: str) -> str:
    return conditional_escape(reverse(name))  # as `{% url %}` writes it under autoescape (every page's)


address_of = _address  # for tags that draw links in Python (analytics_figures.tabs)


@lru_cache(maxsize=32)
def _asset(path: str) -> str:
    return conditional_escape(static(path))  # as `{% static %}` writes it under autoescape


@receiver(setting_changed)
def _forget(setting, **kwargs) -> None:
    if setting in ("ROOT_URLCONF", "STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME"):
        _address.cache_clear()
        _asset.cache_clear()
        _MENUS.clear()


class _ByKey(template.Node):
    """The address of a view taking one primary key, its pattern reversed once (`web.addresses.by_pk`)."""

    def __init__(self, name: str, key):
        self.name, self.key = name, key

    def render(self, context) -> str:
        return conditional_escape(by_pk(self.name)(self.key.resolve(context)))


class _Kept(template.Node):
    """A node writing a string found once (its first render), with no argument to resolve."""

    def __init__(self, find, argument: str):
        self.find, self.argument = find, argument

    def render(self, context) -> str:
        return self.find(self.argument)


def _one_quoted(parser, token, find, keyed: bool = False):
    bits = token.split_contents()
    if len(bits) not in ((2, 3) if keyed else (2,)) or bits[1][:1] not in "'\"" or bits[1][-1:] != bits[1][:1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name, e.g. {{% {bits[0]} 'home' %}}")
    if len(bits) == 3:
        return _ByKey(bits[1][1:-1], parser.compile_filter(bits[2]))
    return _Kept(find, bits[1][1:-1])


@register.tag
def address(parser, token):
    """`{% address 'view:name' %}`: the address of a view taking no arguments, as `{% url %}` gives it;
    `{% address 'view:name' row.pk %}` of a view taking one primary key."""
    return _one_quoted(parser, token, _address, keyed=True)


@register.tag
def asset(parser, token):
    """`{% asset 'path' %}`: a static file's address, as `{% static %}` gives it."""
    return _one_quoted(parser, token, _asset)


# What the header's menu shows (accounts.context.roles): the user's name with their roles, which menu entries their
# roles open, whether a step must be passed first. Every page drew its dozen {% if %}s and addresses again (issue 11:
# base.html was most of a short page's drawing); it is drawn once per such combination and process, and only its
# CSRF token, different on every request, is written into it each time.
MENU_SHOWS = ("gated", "who", "is_preparer", "is_department_reviewer", "is_finance_reviewer", "is_system_admin",
              "is_security_admin", "is_audit_admin")
_MENUS: dict[tuple, list[str]] = {}
_KEPT_MENUS = 500  # combinations kept per process (a user's own name is part of one); the oldest go first
_TOKEN_MARK = "jx-csrf-token-mark"  # written where the token goes when a menu is drawn to be kept


@register.simple_tag(takes_context=True)
def menu(context) -> str:
    """`{% menu %}`: accounts/_menu.html drawn with this request's roles, name and CSRF token."""
    shown = tuple(context.get(name) for name in MENU_SHOWS)
    parts = _MENUS.get(shown)
    if parts is None:
        marked = {**dict(zip(MENU_SHOWS, shown)), "csrf_token": _TOKEN_MARK}
        parts = get_template("accounts/_menu.html").render(marked).split(_token_field(marked))
        if len(_MENUS) >= _KEPT_MENUS:
            del _MENUS[next(iter(_MENUS))]
        _MENUS[shown] = parts
    return mark_safe(_token_field(context).join(parts))


def _token_field(context) -> str:
    """What `{% csrf_token %}` writes in this context: the hidden field with its token, or nothing without one."""
    from django.template import Context

    return CsrfTokenNode().render(context if isinstance(context, Context) else Context(context))
