from __future__ import annotations

from typing import Any

import msgspec

from jixiao.core.checks import run_checks


def findings(evaluation, library, *only):
    return run_checks(evaluation, library, only=list(only) or None)


def codes(evaluation, library, *only) -> list[str]:
    return [f.code for f in findings(evaluation, library, *only)]


def replace(struct: Any, **changes: Any) -> Any:
    return msgspec.structs.replace(struct, **changes)


def replace_in_list(items: list, index: int, **changes: Any) -> list:
    copy = list(items)
    copy[index] = replace(copy[index], **changes)
    return copy
