"""The Content-Security-Policy (accounts.middleware) allows styles and scripts from our static files only: an inline
style attribute, <style> element, inline <script> or on* event handler in a template is refused by the browser."""
import re
from pathlib import Path

import jixiao.web

WEB = Path(jixiao.web.__file__).parent
INLINE = [
    (re.compile(r"""\sstyle\s*=""", re.I), "style= 属性"),
    (re.compile(r"<style[\s>]", re.I), "<style> 元素"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "内联 <script>"),
    (re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I), "on* 事件属性"),
]


def inline_assets(text):
    return [(text.count("\n", 0, m.start()) + 1, what) for pattern, what in INLINE for m in pattern.finditer(text)]


def test_the_scan_finds_each_kind_of_inline_asset():
    found = inline_assets('<p style="max-width: 520px">\n<style>p{}</style>\n<script>x()</script>\n'
                          '<select onchange="go()"><script src="/static/a.js" defer></script>')
    assert found == [(1, "style= 属性"), (2, "<style> 元素"), (3, "内联 <script>"), (4, "on* 事件属性")]


def test_no_template_has_inline_styles_or_scripts():
    templates = sorted(WEB.rglob("*.html"))
    assert len(templates) > 50
    offenders = [f"{path.relative_to(WEB)}:{line} {what}" for path in templates
                 for line, what in inline_assets(path.read_text(encoding="utf-8"))]
    assert offenders == []
