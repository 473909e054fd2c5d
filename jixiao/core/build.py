"""From plain data (what a YAML or JSON file holds) to a validated Evaluation, all or nothing."""

from __future__ import annotations

from typing import Any

import msgspec

from . import model
from .errors import ENUM_CHOICES, InputError, Problem, translate
from .limits import document_problems
from .model import Evaluation


def _collect_enum_choices() -> None:
    """Let enum errors list the allowed values, read from the model's own Literal types."""
    import typing

    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, msgspec.Struct):
            for name, hint in typing.get_type_hints(value).items():
                for arg in (typing.get_args(hint) or (hint,)):
                    if typing.get_origin(arg) is typing.Literal:
                        ENUM_CHOICES[name] = typing.get_args(arg)


_collect_enum_choices()


def evaluation_from_data(data: Any, source: str = "") -> Evaluation:
    """Validate and convert; on any problem raise InputError naming the path, and return nothing half-built."""
    if not isinstance(data, dict):
        raise InputError([translate("Expected `object`, got `array`")], source) if isinstance(data, list) else \
            InputError([translate("Expected `object`, got `str`")], source)
    try:
        evaluation = msgspec.convert(data, type=Evaluation)
    except msgspec.ValidationError as error:
        raise InputError([translate(str(error))], source) from None
    problems = [Problem(path, reason) for path, reason in document_problems(evaluation, validated=True)]
    if problems:
        raise InputError(problems[:20], source)
    return evaluation


def evaluation_from_json(raw: bytes, source: str = "") -> Evaluation:
    """Decode JSON straight into the model (the fast path for large batches)."""
    try:
        return msgspec.json.decode(raw, type=Evaluation)
    except msgspec.ValidationError as error:
        raise InputError([translate(str(error))], source) from None
    except msgspec.DecodeError as error:
        raise InputError([translate(f"JSON 格式错误：{error}")], source) from None


def evaluation_to_data(evaluation: Evaluation) -> dict[str, Any]:
    """Plain data again (Decimals as strings), for JSON output and round trips."""
    return msgspec.to_builtins(evaluation)
