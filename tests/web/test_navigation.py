"""The header's addresses found once per process ({% address %}, {% asset %}) are what {% url %} and {% static %}
write, for every view base.html names and for a view taking a key."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template, TemplateSyntaxError
import pytest

import jixiao.web

BASE = Path(jixiao.web.__file__).parent / "templates" / "base.html"


def _rendered(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_every_address_of_the_header_is_what_url_gives():
    names = re.findall(r"\{% address '([^']+)' %\}", BASE.read_text(encoding="utf-8"))
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
