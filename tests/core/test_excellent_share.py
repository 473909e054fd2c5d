"""评优率 is the share of 优 among the projects that have a grade (issue [hardening], finding 13: unscored projects were
counted as not 优)."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from jixiao.core.engine import score_evaluation


def test_projects_without_a_grade_are_not_counted_as_not_excellent(changli, library):
    result = score_evaluation(changli, library)
    assert (result.grade_counts["优"], result.grade_counts["差"], result.excellent_share) == (37, 3, Decimal("0.925"))
    # two 优 projects not evaluated yet: no stated score or grade, no indicators
    ungraded = [i for i, p in enumerate(changli.projects) if p.stated_grade == "优"][:2]
    projects = [msgspec.structs.replace(p, stated_score=None, stated_grade=None) if i in ungraded else p
                for i, p in enumerate(changli.projects)]
    result = score_evaluation(msgspec.structs.replace(changli, projects=projects), library)
    assert result.graded_projects == 38
    assert result.excellent_share == Decimal(35) / Decimal(38)  # not 35 / 40
