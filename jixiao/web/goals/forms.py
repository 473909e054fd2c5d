"""The goal-set page as a form: the department's goal and indicator table, then one block per project, each table
with two empty rows and one empty project block for adding (the page's 添加一行 adds more). Reading a post gives the
document and a Chinese message per field that cannot be read; what is typed is kept either way. A row emptied in every
cell is removed, and so is a row the page marked removed (its ✕: `<row>delete` = 1), whatever its cells still hold."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from jixiao.core.cycle.goals import (DIRECTIONS, LEVEL2_OF, department_goals, direction_of, goal_subject,
                                     label_of_level, repeat_key, unit_of)
from jixiao.web import params
from jixiao.web.evaluations.fields import Field

CATEGORIES = tuple((f"{l1}/{l2}", label_of_level(l1, l2)) for l1, l2s in LEVEL2_OF.items() for l2 in l2s)
COLUMNS = (
    Field("name", "三级指标", "text", css="w-l ind-name", max_length=100, wrap=True),
    Field("category", "一级·二级指标", "choice", choices=CATEGORIES, css="ind-category"),
    Field("unit_of_measure", "计量单位", "text", css="w-xs ind-unit", max_length=20),
    Field("direction", "方向", "choice", choices=tuple(DIRECTIONS.items()), css="ind-direction"),
    Field("target", "年度指标值", "quantity", css="w-s ind-target", max_length=100, wrap=True),
    Field("weight", "权重", "weight", css="ind-weight"),
    Field("reason", "说明（目标调低的理由等）", "text", css="w-m", max_length=200),
)
GOAL = Field("goal", "绩效目标", "longtext", max_length=2000)
GOAL_WEIGHT = Field("weight", "分值", "weight")  # a department goal's, as its evaluation scores it
PROJECT_NAME = Field("name", "项目名称", "text", css="w-l project-name", max_length=100)
BUDGET = Field("budget", "申请预算", "money", "万元")
# Cells the page fills from the target when a row has none stored (“100 例” → 例, ≥ 正向). What it showed is posted
# back beside them (`<cell>-implied`): the same value again is no choice, so that the row keeps following its target
# (a direction shown as 定性 for a row without a target must not stay 定性 once “≥100 人” is typed).
IMPLIED = ("unit_of_measure", "direction")
EXTRA_ROWS, EXTRA_PROJECTS, EXTRA_GOALS = 2, 1, 1
MAX_ROWS, MAX_PROJECTS, MAX_GOALS = 200, 100, 50


def goal_prefix(index: int) -> str:
    """A department goal's fields on the page: the first keeps the names the single overall goal had (goal, i0-name),
    the others are g1-, g2- …"""
    return f"g{index}-" if index else ""


@dataclass
class Block:
    """One goal (the department's, or a project's) as the page shows it: its fields and rows of cells."""

    prefix: str  # "" for the department's first goal, "g1-" for its second, "p3-" for the fourth project
    title: str
    values: dict[str, str]  # goal, name, budget (a project's), weight (a department goal's) as shown
    rows: list[dict[str, str]]  # each row: column → shown text
    is_project: bool = False
    # a stored goal after the first, or a stored project: the page offers to remove it whole (`removed_block`)
    removable: bool = False


@dataclass
class Posted:
    document: dict
    errors: dict[str, str] = field(default_factory=dict)  # field name → message (naming its row)
    blocks: list[Block] = field(default_factory=list)  # what was typed, to show again
    places: dict[str, str] = field(default_factory=dict)  # field name → its goal, as the summary names it
    # where the document's parts are on the page that posted it: its prefix ("" or "p<k>-" of document["projects"][k])
    # → the block's prefix on the page and, per indicator, (row posted, row number as seen): the live checks link to the
    # rows as the page has them (a row added after the empty ones, or one removed above, is numbered otherwise there)
    layout: dict[str, tuple[str, list[tuple[int, int]]]] = field(default_factory=dict)
    # the cells typed but not read (a refused number, a text too long), by their path in `document`: left out of it
    unread: list[str] = field(default_factory=list)

    def for_checks(self, stored: dict) -> tuple[dict, list[str]]:
        """The document the checks judge while the post is refused: what was typed, each cell that could not be read
        given the value stored for it (its project and row found by name, see `_restore`), and the paths of those
        cells for which nothing is stored, whose findings the page leaves out. Left out of the document, a budget
        typed as “12,6 万元x” over a stored 12.5 was reported as 没有填写申请预算."""
        document = copy.deepcopy(self.document)
        withheld = [path for path in self.unread if not _restore(document, stored, path, self.layout)]
        return document, withheld

    def fail(self, name: str, place: str, message: str) -> None:
        """Record the first problem of field `name`; `place` names its goal (and row) for the page's summary."""
        if name not in self.errors:
            self.errors[name] = message
            self.places[name] = place

    def summary(self, shown: int = 3) -> str:
        """The page's top message: how many fields are wrong, and the first few by goal, row and field."""
        named = [f"{self.places[name]}·{message}" for name, message in list(self.errors.items())[:shown]]
        more = "等" if len(self.errors) > shown else ""
        return (f"有 {len(self.errors)} 处填写错误，未保存（您的输入都保留在下方，已用红字标出）："
                + "；".join(named) + more + "。")


def _row_shown(indicator: dict) -> dict[str, str]:
    """A stored indicator's cells: unit and direction as stored or as its target implies (“100 例” → 例, ≥ 正向),
    the same the read-only page shows."""
    shown = {c.path: str(indicator.get(c.path) or "") for c in COLUMNS}
    shown["unit_of_measure"] = unit_of(indicator)
    if indicator.get("name") or indicator.get("target"):
        shown["direction"] = direction_of(indicator.get("target"), indicator.get("direction"))
    if indicator.get("level1"):
        shown["category"] = f"{indicator['level1']}/{indicator.get('level2') or ''}"
    for path in IMPLIED:
        if shown[path] and not indicator.get(path):
            shown[f"{path}-implied"] = shown[path]
    return shown


def blocks_of(document: dict) -> list[Block]:
    """The page's blocks for a stored document, with the empty rows, goal and project for adding."""
    blank = [{c.path: "" for c in COLUMNS} for _ in range(EXTRA_ROWS)]
    goals = list(department_goals(document)) or [{}]
    blocks = []
    for index, goal in enumerate(goals + [{}] * EXTRA_GOALS):
        title = goal_title(index, len(goals)) if index < len(goals) else "新增年度目标"
        values = {"goal": goal.get("goal") or "", "weight": str(goal.get("weight") or "")}
        rows = [_row_shown(i) for i in goal.get("indicators") or []] + [dict(r) for r in blank]
        blocks.append(Block(goal_prefix(index), title, values, rows, removable=0 < index < len(goals)))
    stored = len(document.get("projects") or [])
    projects = list(document.get("projects") or []) + [{}] * EXTRA_PROJECTS
    for index, project in enumerate(projects):
        values = {"goal": project.get("goal") or "", "name": project.get("name") or "",
                  "budget": str(project.get("budget") or "")}
        rows = [_row_shown(i) for i in project.get("indicators") or []] + [dict(r) for r in blank]
        blocks.append(Block(f"p{index}-", project.get("name") or "新增项目", values, rows, is_project=True,
                            removable=index < stored))
    return blocks


def goal_title(index: int, count: int) -> str:
    """A department goal's heading: 部门整体绩效目标 when it is the only one, else 年度目标 2."""
    return "部门整体绩效目标" if count == 1 else goal_subject(index, count)


def posted_goal_title(index: int, blocks: int) -> str:
    """The heading the page gave the goal block at `index` of `blocks` (`blocks_of`: the goals it was drawn with, then
    the one for adding): a refused page shows and names them so. A trial's 7 goals came back as 部门整体绩效目标 and
    年度目标 2 … 8, the message naming “部门整体绩效目标·第 1 行” for what the page had called 年度目标 1."""
    drawn = max(blocks - EXTRA_GOALS, 1)
    return goal_title(index, drawn) if index < drawn else "新增年度目标"


def block_count(blocks: list[Block], is_project: bool) -> int:
    """The blocks a page posts (its `goals` or `projects`): up to the last one's prefix (g3-, p5-), not how many are
    shown, for a block removed on the page is not shown again after a refusal and the ones after it keep their
    prefixes (counted, the last one, the block for adding, went unread)."""
    numbers = [int(block.prefix[1:-1]) if block.prefix else 0 for block in blocks if block.is_project == is_project]
    return max(numbers) + 1 if numbers else 0


def _count(post, name: str, most: int) -> int:
    return max(0, min(params.integer(post.get(name)), most))


def read_post(post, drawn: list[str] = ()) -> Posted:
    """The document a post states. Blocks and rows are counted by hidden fields the page writes (`goals`: the
    department's goal blocks, one when a page does not say). `drawn`: the names the page's project blocks were drawn
    with (p0-, p1-, …), to name a block whose name was emptied as the page did rather than by its number."""
    posted = Posted({})
    posted.document = {"goals": [], "projects": []}
    goal_blocks = _count(post, "goals", MAX_GOALS) if "goals" in post else 1
    for index in range(max(goal_blocks, 1)):
        prefix = goal_prefix(index)
        goal, rows, unread = _read_block(post, prefix, posted_goal_title(index, goal_blocks), posted,
                                         is_project=False, optional=index > 0)
        if goal:
            place = f"goals[{len(posted.document['goals'])}]"
            posted.layout[f"g{len(posted.document['goals'])}-"] = (prefix, rows)
            posted.unread += [f"{place}.{path}" for path in unread]
            posted.document["goals"].append(goal)
    project_blocks = _count(post, "projects", MAX_PROJECTS)
    for index in range(project_blocks):
        # unnamed, the last block is the one for adding, as the page titled it (a named project is titled by its name)
        title = "新增项目" if index == project_blocks - EXTRA_PROJECTS else f"第 {index + 1} 个项目"
        was = drawn[index] if index < len(drawn) else ""
        project, rows, unread = _read_block(post, f"p{index}-", title, posted, is_project=True, was=was)
        if project:
            place = f"projects[{len(posted.document['projects'])}]"
            posted.layout[f"p{len(posted.document['projects'])}-"] = (f"p{index}-", rows)
            posted.unread += [f"{place}.{path}" for path in unread]
            posted.document["projects"].append(project)
    return posted


def _read_block(post, prefix: str, title: str, posted: Posted, *, is_project: bool, optional: bool = True,
                was: str = "") -> tuple[dict, list[tuple[int, int]], list[str]]:
    """The goal (and a project's name and budget, a department goal's weight) and indicators of one block, where each
    indicator's row is on the page (Posted.layout), and the paths in the block of the cells that could not be read
    (Posted.unread). An `optional` block left empty is none ({}): the one for adding, or one emptied to remove it.
    A project is titled and named in messages by its typed name, else by the name it was drawn with (`was`)."""
    if optional and removed_block(post, prefix):
        return {}, [], []  # removed whole: not read, not shown again (as a row removed with its ✕)
    values, found, unread = {}, {}, []
    fields = [GOAL] + ([PROJECT_NAME, BUDGET] if is_project else [GOAL_WEIGHT])
    # a project is named as typed (a trial's renamed project came back as 第 1 个项目), else as the page drew it
    name = (post.get(f"{prefix}name", "").strip() or was.strip()) if is_project else ""
    title, place = (name, f"项目“{name[:30]}”") if name else (title, title)
    for spec in fields:
        raw = post.get(f"{prefix}{spec.path}", "")
        values[spec.path] = raw
        value, error = spec.read(raw)
        if error:
            posted.fail(f"{prefix}{spec.path}", place, f"{spec.label}：{error}")
            unread.append(spec.path)
        elif value is not None:
            found[spec.path] = value
    rows, indicators, places, seen = [], [], [], 0
    for row in range(_count(post, f"{prefix}rows", MAX_ROWS)):
        if removed(post, f"{prefix}i{row}-"):
            continue
        seen += 1  # the rows the page shows, empty ones among them
        # a message names the row where the page shows it again: among the rows kept, removed and empty ones gone
        # (a row removed above would otherwise put its red marks on the row below)
        shown, indicator, failed = _read_row(post, f"{prefix}i{row}-", posted, (place, len(rows) + 1),
                                             f"{prefix}i{len(rows)}-")
        if _typed(shown):
            rows.append(shown)
            if indicator is not None:
                unread += [f"indicators[{len(indicators)}].{column}" for column in failed]
                indicators.append(indicator)
                places.append((row, seen))
    posted.blocks.append(Block(prefix, title, values, rows + [
        {c.path: "" for c in COLUMNS} for _ in range(EXTRA_ROWS)], is_project,
        removable=optional and bool(found or rows)))
    if optional and not found and not rows:
        return {}, places, []  # the empty block for adding, or a goal or project emptied to remove it
    if is_project and not found.get("name"):
        posted.fail(f"{prefix}name", place, "项目名称：请填写（要删除该项目，请清空它的所有内容）")
    result = {"goal": found.get("goal", ""), "indicators": indicators}
    if not is_project and "weight" in found:
        result = {"goal": result["goal"], "weight": found["weight"], "indicators": indicators}
    if is_project:
        result = {"name": found.get("name", ""), **result, **({"budget": found["budget"]} if "budget" in found else {})}
    return result, places, unread


def removed_block(post, prefix: str) -> bool:
    """Whether a goal after the first, or a project, was ticked 保存时删除 on the page: dropped whole, whatever its
    fields and rows still hold (emptying every one of them was the only way)."""
    return post.get(f"{prefix}remove", "") == "1"


def removed(post, prefix: str) -> bool:
    """Whether the row was removed on the page (✕): its selects keep the values shown (a direction implied by the
    target, a category), so the row is not read at all rather than asked to be empty."""
    return post.get(f"{prefix}delete", "") == "1"


def _read_row(post, prefix: str, posted: Posted, where: tuple[str, int],
              shown_as: str) -> tuple[dict[str, str], dict[str, Any] | None, list[str]]:
    """One indicator row, posted as `prefix`, and the columns typed in it that could not be read; each message names
    the row and column (“第 2 行·权重：…”), the summary also the goal, and is put on the field `shown_as` (the row's
    cells where the page shows it again)."""
    shown = {c.path: post.get(f"{prefix}{c.path}", "") for c in COLUMNS}
    if not _typed(shown):
        return shown, None, []
    implied = {path: post.get(f"{prefix}{path}-implied", "") for path in IMPLIED}
    shown.update({f"{path}-implied": value for path, value in implied.items() if value})  # shown again with an error
    place, row = where
    indicator: dict[str, Any] = {}
    failed = []
    for column in COLUMNS:
        value, error = column.read(shown[column.path])
        if error:
            posted.fail(f"{shown_as}{column.path}", place, f"第 {row} 行·{column.label}：{error}")
            failed.append(column.path)
        elif value not in (None, "") and not (column.path in implied and shown[column.path] == implied[column.path]):
            indicator[column.path] = value
    if not indicator.get("name"):
        posted.fail(f"{shown_as}name", place, f"第 {row} 行·三级指标：请填写名称（要删除该行，请点该行末的 ✕，或清空整行）")
    category = indicator.pop("category", None)
    if category:
        indicator["level1"], indicator["level2"] = category.split("/")
    else:
        posted.fail(f"{shown_as}category", place, f"第 {row} 行·一级·二级指标：请选择")
    return shown, _ordered(indicator), failed


def _typed(shown: dict[str, str]) -> bool:
    """Whether a row has anything in its cells (what the page implied beside them is not typing)."""
    return any(shown.get(c.path, "").strip() for c in COLUMNS)


_ORDER = ("name", "level1", "level2", "unit_of_measure", "direction", "target", "weight", "reason")


def _ordered(indicator: dict) -> dict:
    return {key: indicator[key] for key in _ORDER if key in indicator}


_CELL = re.compile(r"^(?:projects\[(?P<project>\d+)\]\.|goals\[(?P<goal>\d+)\]\.)?"
                   r"(?:indicators\[(?P<row>\d+)\]\.)?(?P<column>\w+)$")


def _restore(document: dict, stored: dict, path: str, layout: dict) -> bool:
    """Give the cell at `path` of `document` (typed, left out as unreadable) its value in `stored`; False when
    nothing is stored for it. The rows of the page are not the stored rows (rows are added, removed, and the page
    shown again after a refusal leaves removed rows out): the cell's project is the stored one of the same name, or
    the one its block was drawn from when no typed project has that one's name (a project being renamed); its row
    is the stored row of the same name (the second of two rows of one name, the second)."""
    match = _CELL.match(path)
    if match is None:
        return False
    owner, source = document, stored
    if match["project"] is not None:
        owner = document["projects"][int(match["project"])]
        source = _stored_project(document, stored, int(match["project"]), layout)
    elif match["goal"] is not None:  # the stored goal at the same place (goals have no names to follow)
        owner = document["goals"][int(match["goal"])]
        goals = department_goals(stored)
        source = goals[int(match["goal"])] if int(match["goal"]) < len(goals) else None
    if match["row"] is not None:
        table = owner
        owner = owner["indicators"][int(match["row"])]
        source = _stored_row(table, source, int(match["row"]))
    column = match["column"]
    keys = ("level1", "level2") if column == "category" else (column,)
    if source is None or any(source.get(key) in (None, "") for key in keys):
        return False
    owner.update({key: copy.deepcopy(source[key]) for key in keys})
    return True


def _stored_project(document: dict, stored: dict, index: int, layout: dict) -> dict | None:
    projects = [p for p in stored.get("projects") or [] if isinstance(p, dict)]
    typed = document["projects"]
    name = str(typed[index].get("name") or "")
    for project in projects:
        if name and str(project.get("name") or "") == name:
            return project
    page_prefix = layout.get(f"p{index}-", (f"p{index}-", []))[0]  # "p3-": the block drawn from projects[3]
    drawn = int(page_prefix[1:-1]) if page_prefix[1:-1].isdigit() else -1
    if 0 <= drawn < len(projects) and projects[drawn].get("name") not in {p.get("name") for p in typed}:
        return projects[drawn]
    return None


def _stored_row(owner: dict, source: dict | None, row: int) -> dict | None:
    indicators = owner.get("indicators") or []
    key = repeat_key(indicators[row].get("name"))
    if source is None or not key:
        return None
    nth = sum(1 for earlier in indicators[:row] if repeat_key(earlier.get("name")) == key)
    namesakes = [i for i in source.get("indicators") or [] if isinstance(i, dict) and repeat_key(i.get("name")) == key]
    return namesakes[nth] if nth < len(namesakes) else None
