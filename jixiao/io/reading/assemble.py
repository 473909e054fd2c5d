"""Form readings, prose and the narrative facts become one evaluation's data, each value with where it came from.

Precedence, for a value several layers read: a form's cell > the running text's mention > the narrative extractor.
A form states a figure in the column its header names; prose states it in a sentence whose subject, year and scope
the mention layer resolved; the narrative extractor (jixiao/io/extract/report_text.py, kept for the S1–S5 narrative
facts the other layers do not read yet) matches phrasings.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from jixiao.core.build import evaluation_from_data
from jixiao.core.errors import InputError

PROSE_LISTS = ("stated_totals", "stated_grade_scale", "mentioned_departments", "malformed_dates")
MERGED_LISTS = ("stated_years", "stated_dates", "form_texts")
SCALARS = ("stated_score", "stated_grade", "stated_execution_score", "stated_execution_weight")
_SPACES = re.compile(r"\s+")


def same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b) and _SPACES.sub("", a) == _SPACES.sub("", b)


class Assembly:
    """The data being built, the sources of its values, and what could not be placed."""

    def __init__(self, base: dict[str, Any] | None, base_sources: dict[str, str]):
        self.data: dict[str, Any] = copy.deepcopy(base) if base else {}
        self.data.setdefault("department", {})
        self.sources: dict[str, str] = dict(base_sources)
        self.unplaced: list[str] = []

    # -------------------------------------------------------------------------------------------- prose
    def add_prose(self, prose) -> int:
        """Place what the running text states; returns how many figures were placed."""
        if prose is None:
            return 0
        placed = 0
        if getattr(prose, "year", None):
            self.data["year"] = prose.year
        if getattr(prose, "department", None):
            self.data["department"]["name"] = prose.department
        if getattr(prose, "title", None) and not self.data.get("title"):
            self.data["title"] = prose.title
        for key in SCALARS:
            value = getattr(prose, key, None)
            if value is not None:
                self.data[key] = _plain(value)
                placed += 1
        for key in PROSE_LISTS:
            items = [_plain(x) for x in getattr(prose, key, None) or []]
            if items:
                self.data[key] = items
                placed += len(items)
        for key in MERGED_LISTS:
            self._union(key, [_plain(x) for x in getattr(prose, key, None) or []])
        statements = [_plain(s) for s in getattr(prose, "statements", None) or []]
        if statements:
            self.data["statements"] = _merge_statements(self.data.get("statements") or [], statements)
            placed += len(statements)
        for key, value in (getattr(prose, "data", None) or {}).items():
            placed += _fill(self.data, key, value)
        for path, source in (getattr(prose, "sources", None) or {}).items():
            self.sources.setdefault(path, str(source))
        return placed

    def _union(self, key: str, items: list) -> None:
        if not items:
            return
        have = self.data.get(key) or []
        seen = {repr(sorted(x.items())) if isinstance(x, dict) else repr(x) for x in have}
        for item in items:
            marker = repr(sorted(item.items())) if isinstance(item, dict) else repr(item)
            if marker not in seen:
                have.append(item)
                seen.add(marker)
        self.data[key] = have

    # -------------------------------------------------------------------------------------------- forms
    def add_form(self, form) -> None:
        data = copy.deepcopy(form.data)
        sources = {path: str(source) for path, source in (form.sources or {}).items()}
        year = data.pop("year", None)
        department = data.pop("department_name", None)
        if year:
            self.data["year"] = int(year)
        if department and not self.data["department"].get("name", "").strip("（）未识别的部门"):
            self.data["department"]["name"] = department
        if form.target == "project":
            self._add_project(data, sources, form)
        else:
            for key, value in data.items():
                self.data[key] = value
            self.sources.update(sources)

    def _add_project(self, project: dict, sources: dict[str, str], form) -> None:
        if not _valid_project(project):
            self.unplaced.append(f"{_form_label(form)}“{project.get('name') or '（无名称）'}”的数据不完整，未纳入核对")
            return
        projects = self.data.setdefault("projects", [])
        index = next((i for i, p in enumerate(projects) if same_name(p.get("name"), project.get("name"))), None)
        if index is None:
            index = len(projects)
            projects.append(project)
        else:  # the form's cells are more precise than a sentence about the same project
            merged = dict(projects[index])
            merged.update({k: v for k, v in project.items() if v not in (None, "", [])})
            projects[index] = merged
        for path, source in sources.items():
            self.sources[f"projects[{index}].{path}"] = source


def build(assembly: Assembly, name: str):
    """The evaluation, or the reason it could not be built (an extractor bug must not hide the report)."""
    data = assembly.data
    data.setdefault("year", 0)
    if not data["department"].get("name"):
        data["department"]["name"] = "（未识别的部门）"
    try:
        return evaluation_from_data(data, name), ""
    except InputError as error:
        return None, str(error)


def _valid_project(project: dict) -> bool:
    try:
        evaluation_from_data({"year": 2000, "department": {"name": "-"}, "projects": [project]})
        return True
    except InputError:
        return False


def _form_label(form) -> str:
    from .coverage import FORM_NAMES

    return FORM_NAMES.get(form.template, form.template)


def _merge_statements(old: list[dict], new: list[dict]) -> list[dict]:
    """The mention layer's statements replace the narrative extractor's for the same fact: it tells this year's
    figure from last year's, which the phrasing patterns do not."""
    facts = {s["fact"] for s in new}
    return [s for s in old if s.get("fact") not in facts] + new


def _fill(data: dict, key: str, value: Any) -> int:
    """Set `value` under `key` where the data has nothing yet; nested dicts are filled key by key."""
    if isinstance(value, dict):
        target = data.setdefault(key, {})
        if not isinstance(target, dict):
            return 0
        return sum(_fill(target, k, v) for k, v in value.items())
    if data.get(key) in (None, "", [], {}):
        data[key] = _plain(value)
        return 1
    return 0


def _plain(value: Any) -> Any:
    """msgspec structs and Decimals as the plain data evaluation_from_data accepts."""
    import msgspec

    if isinstance(value, (str, int)) or value is None:
        return value
    return msgspec.to_builtins(value)
