"""A select drawn in Python. Django draws each option of a select through its own template: for the list of a
province's departments that cost more than the rest of the page (issue 11). The markup is Django's, less its blank
lines."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        """Select.optgroups' choices and selection (the first option whose value is one of `value`), without its
        per-option context dictionaries and attribute copies: a province's departments made thousands of them."""
        select_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        wanted, selected = set(self.format_value(value)), [False]
        parts = [format_html("<select name=\"{}\"{}>", name, flatatt(select_attrs))]
        for group, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.extend([format_html('<optgroup label="{}">', group)] if group else [])
                parts.extend(self._option(option, text, wanted, selected) for option, text in label)
                parts.extend(["</optgroup>"] if group else [])
            else:
                parts.append(self._option("" if group is None else group, label, wanted, selected))
        parts.append("</select>")
        return mark_safe("\n".join(parts))

    def _option(self, value, label, wanted: set[str], selected: list[bool]) -> str:
        text = str(value)
        chosen = (not selected[0] or self.allow_multiple_selected) and text in wanted
        selected[0] = selected[0] or chosen
        selection = " selected" if chosen else ""
        return f'<option value="{conditional_escape(text)}"{selection}>{conditional_escape(label)}</option>'
