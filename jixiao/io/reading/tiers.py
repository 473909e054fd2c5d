"""A report read from a file becomes data a person edits (a draft evaluation): the tier the report's own score put
each qualitative row in is written down as the chosen tier, so that the draft scores as the report did until the
preparer chooses otherwise (entered data needs its tier chosen; a read report's score names it)."""

from __future__ import annotations

from typing import Any

from jixiao.core import docpath
from jixiao.core.build import evaluation_to_data
from jixiao.core.engine import score_evaluation
from jixiao.core.model import Evaluation


def editable_data(evaluation: Evaluation, library) -> dict[str, Any]:
    """The evaluation as plain data for a draft: tiers as the report's scores chose them, no longer marked as read."""
    data = evaluation_to_data(evaluation)
    data.pop("read_from_report", None)
    try:
        result = score_evaluation(evaluation, library)
    except Exception:  # noqa: BLE001 — a scheme the data names but the library lacks: the draft is kept without tiers
        return data
    cards = ([result.department] if result.department else []) + [p.card for p in result.projects if p.card]
    for card in cards:
        for leaf in card.leaves():
            if leaf.method != "qualitative" or leaf.tier is None or not leaf.path.endswith("]"):
                continue
            indicator = docpath.get(data, leaf.path)
            if isinstance(indicator, dict) and not indicator.get("tier"):
                indicator["tier"] = leaf.tier.key
    return data
