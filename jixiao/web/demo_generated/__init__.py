"""Generated demo data (issue 10, part 7): evaluations of other years and other departments made from the seed
documents' shapes with varied figures, deterministic (a `random.Random` seeded by name), marked as generated.

- `documents`: the pure transformations of a stored document (years, amounts, actual values);
- `stated`: what a generated document states about its own scores, from the core's result;
- `workflow`: storing a generated evaluation in its status with the versions and events the workflow leaves.
"""

from __future__ import annotations

import random

from .documents import previous_year
from .stated import sync_stated
from .texts import GENERATED


def generated_previous_year(data: dict, key: str) -> dict:
    """The year before the seed document `data`, marked as generated in its title; `key` seeds the variation."""
    rng = random.Random(f"{key}:{int(data['year']) - 1}")
    document = previous_year(data, rng)
    mark_generated(document)
    sync_stated(document)
    return document


def mark_generated(document: dict) -> None:
    title = document.get("title") or f"{document['department']['name']} {document['year']} 年度绩效自评"
    if GENERATED not in title:
        document["title"] = f"{title}（{GENERATED}）"
