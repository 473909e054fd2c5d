"""Generated demo data (issue 10, part 7): evaluations of other years and other departments made from the seed
documents' shapes with varied figures, deterministic (a `random.Random` seeded by name), marked as generated.

- `documents`: the pure transformations of a stored document (years, amounts, actual values);
- `stated`: what a generated document states about its own scores, from the core's result;
- `workflow`: storing a generated evaluation in its status with the versions and events the workflow leaves.
"""

from __future__ import annotations

import json
import random

from jixiao.web.organisations.models import GENERATED

from .documents import previous_year
from .stated import sync_stated


def generated_previous_year(data: dict, key: str) -> dict:
    """The year before the seed document `data`, marked as generated in its title; `key` seeds the variation.
    Made once per process for the same seed (every web test loads the demo)."""
    cache_key = (key, json.dumps(data, sort_keys=True, ensure_ascii=False))
    if cache_key not in _PREVIOUS:
        _PREVIOUS[cache_key] = json.dumps(_previous_year(data, key), ensure_ascii=False)
    return json.loads(_PREVIOUS[cache_key])  # a fresh copy (faster than deepcopy)


_PREVIOUS: dict[tuple[str, str], str] = {}


def _previous_year(data: dict, key: str) -> dict:
    rng = random.Random(f"{key}:{int(data['year']) - 1}")
    document = previous_year(data, rng)
    mark_generated(document)
    sync_stated(document)
    return document


def mark_generated(document: dict) -> None:
    title = document.get("title") or f"{document['department']['name']} {document['year']} 年度绩效自评"
    if GENERATED not in title:
        document["title"] = f"{title}（{GENERATED}）"
