"""Keeping the goal sets' stored counts (GoalSet.errors / warnings, which the list shows) in step with the
evaluations their checks read: after every committed save or delete of an evaluation, the department's goal sets
that read it are summarised again (`services.summarise`), as the analytics projection and the risk scores follow a
save. The evaluations app does not know goal sets exist.

What the checks of a goal set of year Y read of the evaluations (services.findings): the actual values and the
budgets of the evaluation of Y − 1 (GOAL.BELOW_LAST_YEAR, GOAL.BUDGET_SCALE) and, for a goal set naming no scheme, the
schemes of the latest evaluation before Y (services.evaluation_schemes). So the evaluation of year X is read by the
goal sets after X up to the department's next evaluation: usually one, that of X + 1.

Paths that write evaluations without save() need nothing here: a rescoring batch changes the score, not the
document; the province load creates departments of its own, which have no goal sets. A rescoring batch follows a
change of the scheme files, though, whose totals the goal sets' weight checks read (services.findings:
weight_totals_of): it has an item for each goal set, which `recount` does. So does the indicator library's
`common.yaml`, whose weight totals a goal set naming no (known) scheme must add up to: when a process reads the library
with totals other than those the counts were last made under (noted in the data folder), every goal set is recounted
in the background (`library_read`, `recount_all`), without anyone starting a batch."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from jixiao.web.evaluations.models import Evaluation
from jixiao.web.tasks import enqueue_on_commit, task

from . import services
from .models import GoalSet

log = logging.getLogger(__name__)

# What of an evaluation the goal checks read: a save naming none of these (a workflow step, the summary stored after
# scoring) changes no goal set's findings.
READ_FIELDS = frozenset({"document", "year", "department", "department_id"})


def on_evaluation_changed(sender, instance: Evaluation, update_fields=None, **kwargs) -> None:
    """post_save / post_delete of an evaluation: the goal sets reading it, once the change is committed (a rolled
    back one changes nothing, and the refresh reads what was committed)."""
    if update_fields is not None and not READ_FIELDS & set(update_fields):
        return
    department_id, year = instance.department_id, instance.year
    transaction.on_commit(lambda: refresh_quietly(department_id, year))


def readers(department_id: int, year: int):
    """The department's goal sets whose checks read its evaluation of `year` (or would, had it one)."""
    following = Evaluation.objects.filter(department_id=department_id, year__gt=year) \
        .order_by("year").values_list("year", flat=True).first()
    goal_sets = GoalSet.objects.filter(department_id=department_id, year__gt=year)
    return goal_sets if following is None else goal_sets.filter(year__lte=following)


def refresh(department_id: int, year: int) -> list[GoalSet]:
    """The stored counts of the goal sets reading the evaluation of `year`, summarised again; returns those whose
    counts changed. Each row is locked meanwhile (a goal set saved at the same time is counted by whichever comes
    last, from its own document), and only the counts are written: the goals were not modified, so their revision
    and save time stay."""
    changed = []
    with transaction.atomic():
        for goal_set in readers(department_id, year).select_related("department").select_for_update(of=("self",)):
            before = (goal_set.errors, goal_set.warnings)
            services.summarise(goal_set)
            if (goal_set.errors, goal_set.warnings) != before:
                GoalSet.objects.filter(pk=goal_set.pk).update(errors=goal_set.errors, warnings=goal_set.warnings)
                changed.append(goal_set)
    return changed


def recount(goal_set_id: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """One goal set's stored counts summarised again under the rule and scheme files in force (a rescoring batch's
    item, after a scheme change): (errors, warnings) before and after, or None for a goal set deleted meanwhile.
    Locked and written as `refresh` does: only the counts, and only when they moved."""
    with transaction.atomic(savepoint=False):
        goal_set = GoalSet.objects.select_related("department").select_for_update(of=("self",)) \
            .filter(pk=goal_set_id).order_by().first()
        if goal_set is None:
            return None
        before = (goal_set.errors, goal_set.warnings)
        services.summarise(goal_set)
        after = (goal_set.errors, goal_set.warnings)
        if after != before:
            GoalSet.objects.filter(pk=goal_set.pk).update(errors=goal_set.errors, warnings=goal_set.warnings)
    return before, after


def refresh_quietly(department_id: int, year: int) -> None:
    """A refresh that fails must not turn a save that succeeded into an error: it is logged, and the goal set's next
    save counts again (its checks page computes them afresh meanwhile)."""
    try:
        refresh(department_id, year)
    except Exception:  # logged with its traceback; the evaluation's save itself succeeded
        log.exception("绩效目标：部门 %s %s 年度自评变更后，其后年度绩效目标的检查结果未能更新", department_id, year)


TOTALS_NOTED = "goal-library-totals.json"  # in the data folder: the library totals the stored counts were made under


def library_read(totals: Mapping[str, Decimal]) -> bool:
    """The indicator library was read (a process's first use, or again after a file changed): when its weight totals
    differ from those noted, they are noted and every goal set recounted in the background; returns whether. Nothing
    noted yet (a new installation) is noted without a recount: its counts were made under these totals."""
    noted = {key: str(value) for key, value in sorted(totals.items())}
    path = Path(settings.DATA_DIR) / TOTALS_NOTED
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = None
    if before == noted:
        return False
    fresh = path.with_name(f"{path.name}.{os.getpid()}")
    fresh.write_text(json.dumps(noted), encoding="utf-8")
    fresh.replace(path)  # whole, even with two processes noting at once
    if before is None:
        return False
    log.info("绩效目标：指标库权重合计由 %s 改为 %s，重新计数各绩效目标的错误、警告数", before, noted)
    enqueue_on_commit(recount_all)
    return True


@task()
def recount_all() -> str:
    """Every goal set's stored counts under the library and schemes in force, one goal set at a time (each locked
    and written as `recount` does)."""
    moved = 0
    for goal_set_id in GoalSet.objects.order_by("pk").values_list("pk", flat=True):
        counted = recount(goal_set_id)
        moved += counted is not None and counted[0] != counted[1]
    return f"{moved} 份绩效目标的错误、警告数有变化"
