"""Forms in a page, read the way a browser submits them, so that tests post back exactly what the page holds.

Rules followed (HTML's form submission): disabled controls are not sent; a checkbox is sent only when checked
(value 'on' unless given); a select sends its selected option or else its first; a textarea sends its text (a
leading newline dropped); controls inside <template> are not part of the form; buttons are not sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


@dataclass
class Control:
    name: str
    kind: str  # text, hidden, checkbox, select, textarea, …
    value: str
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    attrs: dict[str, str]
    controls: list[Control] = field(default_factory=list)

    def data(self) -> list[tuple[str, str]]:
        """(name, value) pairs in document order, as submitted."""
        pairs = []
        for c in self.controls:
            if c.kind in ("checkbox", "radio") and not c.checked:
                continue
            pairs.append((c.name, c.value))
        return pairs

    def as_dict(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, value in self.data():
            found.setdefault(name, []).append(value)
        return found

    def editable(self) -> list[Control]:
        """Controls a person types into or chooses (not hidden bookkeeping)."""
        return [c for c in self.controls if c.kind not in ("hidden", "submit", "button", "file")]


class _Reader(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.template_depth = 0
        self.select: Control | None = None
        self.selected_any = False
        self.option_value: str | None = None
        self.option_text: list[str] = []
        self.textarea: Control | None = None
        self.textarea_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "template":
            self.template_depth += 1
        if self.template_depth:
            return
        if tag == "form":
            self.form = Form(a.get("action") or self.url, (a.get("method") or "get").lower(), a)
            self.forms.append(self.form)
        elif self.form is None or "disabled" in a:
            if tag == "select" and "disabled" in a:
                self.select = None
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.form.controls.append(Control(a["name"], kind, a.get("value", default), "checked" in a))
        elif tag == "select" and a.get("name"):
            self.select = Control(a["name"], "select", "")
            self.selected_any = False
            self.form.controls.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option_value = a.get("value")
            self.option_text = []
            if "selected" in a:
                self.selected_any = True
                self._pending_selected = True
            else:
                self._pending_selected = False
        elif tag == "textarea" and a.get("name"):
            self.textarea = Control(a["name"], "textarea", "")
            self.textarea_text = []
            self.form.controls.append(self.textarea)

    def handle_data(self, data):
        if self.template_depth:
            return
        if self.textarea is not None:
            self.textarea_text.append(data)
        elif self.option_value is None and self.select is not None:
            self.option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self.template_depth = max(0, self.template_depth - 1)
            return
        if self.template_depth:
            return
        if tag == "form":
            self.form = None
        elif tag == "option" and self.select is not None:
            value = self.option_value if self.option_value is not None else "".join(self.option_text).strip()
            self.select.options.append(value)
            if getattr(self, "_pending_selected", False) or (len(self.select.options) == 1 and not self.selected_any):
                self.select.value = value
            self.option_value = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = unescape("".join(self.textarea_text))
            self.textarea.value = text[1:] if text.startswith("\n") else text
            self.textarea = None


def forms_of(html: str, url: str) -> list[Form]:
    reader = _Reader(url)
    reader.feed(html)
    return reader.forms


def links_of(html: str) -> list[str]:
    """Every href of an <a> outside templates."""

    class Links(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.found: list[str] = []
            self.depth = 0

        def handle_starttag(self, tag, attrs):
            if tag == "template":
                self.depth += 1
            elif tag == "a" and not self.depth:
                href = dict(attrs).get("href")
                if href:
                    self.found.append(href)

        def handle_endtag(self, tag):
            if tag == "template":
                self.depth = max(0, self.depth - 1)

    reader = Links()
    reader.feed(html)
    return reader.found
