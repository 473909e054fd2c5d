"""The risk rule file (`jixiao/rules/risk.yaml`) read and validated: every control point names a registered signal,
its weight and the thresholds that signal takes. A mistake is a Chinese problem naming the point (its id) and the
path of the value; `jixiao.io.rule_files.load_rules` adds the line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.core.errors import InputError, Problem

from .risk import SIGNALS, TEXT_FIELDS, Param, RiskRules, SignalRule

SEVERITIES = ("error", "warning", "notice")
MAX_WEIGHT = Decimal(100)
COMMON_KEYS = {"id", "signal", "title", "weight"}


class _Refused(Exception):
    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.message, self.key = message, key


def risk_rules_from_data(data: Any, source: str = "") -> RiskRules:
    if not isinstance(data, dict) or not isinstance(data.get("signals"), list) or not data["signals"]:
        raise InputError([Problem("signals", "应有 signals：风险信号（控制点）的列表，至少一项")], source)
    problems: list[Problem] = [Problem(key, "不认识的字段（只有 signals）") for key in data if key != "signals"]
    rules, seen = [], set()
    for index, item in enumerate(data["signals"]):
        path = f"signals[{index}]"
        rule = _rule(item, path, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(Problem(f"{path}.id", f"信号“{rule.id}”的 id 重复：每个控制点的 id 须唯一"))
        seen.add(rule.id)
        rules.append(rule)
    if problems:
        raise InputError(problems, source)
    return RiskRules(tuple(rules))


def _rule(item: Any, path: str, problems: list[Problem]) -> SignalRule | None:
    if not isinstance(item, dict):
        problems.append(Problem(path, "应为键值表（id、signal、weight 及阈值）"))
        return None
    name = item.get("id")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(f"{path}.id", "缺少 id：每个控制点须有名称"))
        return None
    spec = SIGNALS.get(item.get("signal"))
    if spec is None:
        problems.append(Problem(f"{path}.signal", f"信号“{name}”：不认识的 signal“{item.get('signal')}”"
                                                  f"（可选：{'、'.join(SIGNALS)}）"))
        return None
    found = len(problems)
    weight = _weight(item.get("weight"), name, f"{path}.weight", problems)
    known = COMMON_KEYS | {p.name for p in spec.params}
    problems.extend(Problem(f"{path}.{key}", f"信号“{name}”：不认识的参数（{spec.name} 的参数：{_param_names(spec.params)}）")
                    for key in item if key not in known)
    params: dict[str, Any] = {}
    for param in spec.params:
        try:
            params[param.name] = _value(param, item, params)
        except _Refused as refused:
            key = f"{param.name}{refused.key}"
            problems.append(Problem(f"{path}.{key}", f"信号“{name}”的{param.label}（{param.name}）{refused.message}"))
    title = item.get("title", spec.title)
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(f"{path}.title", f"信号“{name}”的标题应为文字"))
    if len(problems) > found:
        return None
    return SignalRule(name.strip(), spec.name, title.strip(), weight, params)


def _param_names(params: tuple[Param, ...]) -> str:
    return "、".join(p.name for p in params) or "无"


def _decimal(value: Any) -> Decimal | None:
    """A number of the file as a Decimal (YAML gives whole numbers as int), or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = Decimal(str(value))
    return value if isinstance(value, Decimal) and value.is_finite() else None


def _weight(value: Any, name: str, path: str, problems: list[Problem]) -> Decimal:
    number = _decimal(value)
    if number is None or not 0 < number <= MAX_WEIGHT:
        problems.append(Problem(path, f"信号“{name}”的权重应为大于 0、不超过 100 的数字，不是“{value}”"))
        return Decimal(0)
    return number


def _value(param: Param, item: dict, params: dict) -> Any:
    if param.name not in item:
        if param.default is None:
            raise _Refused("缺少")
        return param.default
    return READERS[param.kind](item[param.name], params)


def _count(value: Any, params: dict) -> int:
    number = _decimal(value)
    if number is not None and number == number.to_integral_value() and 1 <= number <= 10_000:
        return int(number)
    raise _Refused(f"应为 1 到 10000 的整数，不是“{value}”")


def _number(value: Any, params: dict) -> Decimal:
    number = _decimal(value)
    if number is not None and 0 <= number <= 1_000_000:
        return number
    raise _Refused(f"应为不小于 0 的数字，不是“{value}”")


def _positive(value: Any, params: dict) -> Decimal:
    number = _number(value, params)
    if number == 0:
        raise _Refused("应大于 0")
    return number


def _severity(value: Any, params: dict) -> str:
    if value in SEVERITIES:
        return value
    raise _Refused(f"应为 error、warning 或 notice，不是“{value}”")


def _any_severity(value: Any, params: dict) -> str:
    return "any" if value == "any" else _severity(value, params)


def _texts(value: Any, params: dict) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Refused("应为非空的文字列表")
    return [v.strip() for v in value]


def _codes(value: Any, params: dict) -> list[str]:
    return [code.upper() for code in _texts(value, params)]


def _fields(value: Any, params: dict) -> list[str]:
    fields = _texts(value, params)
    unknown = [f for f in fields if f not in TEXT_FIELDS]
    if unknown:
        raise _Refused(f"中不认识“{'、'.join(unknown)}”（可选：{'、'.join(TEXT_FIELDS)}）")
    return fields


def _grades(value: Any, params: dict) -> list[str]:
    grades = _texts(value, params)
    if len(grades) < 2 or len(set(grades)) != len(grades):
        raise _Refused("应列出至少两个互不相同的等级，从低到高")
    return grades


def _caps(value: Any, params: dict) -> list[dict]:
    order = params.get("order")
    if not isinstance(value, list) or not value:
        raise _Refused("应为列表，每项写 below（执行率 %）和 highest（最高等级）")
    caps = []
    for index, cap in enumerate(value):
        if not isinstance(cap, dict) or set(cap) != {"below", "highest"}:
            raise _Refused("每项应只有 below 和 highest", f"[{index}]")
        below = _decimal(cap["below"])
        if below is None or not 0 < below <= 100:
            raise _Refused(f"的 below 应为 0 到 100 之间的执行率（%），不是“{cap['below']}”", f"[{index}].below")
        if order is not None and cap["highest"] not in order:
            raise _Refused(f"的 highest“{cap['highest']}”不在等级次序 order 中", f"[{index}].highest")
        caps.append({"below": below, "highest": cap["highest"]})
    return caps


def _bool(value: Any, params: dict) -> bool:
    if isinstance(value, bool):
        return value
    raise _Refused(f"应为 true 或 false，不是“{value}”")


READERS = {"count": _count, "number": _number, "positive": _positive, "severity": _severity, "any_severity": _any_severity, "codes": _codes,
           "fields": _fields, "words": _texts, "grades": _grades, "caps": _caps, "bool": _bool}
