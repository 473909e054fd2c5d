"""Consistency checks (CHECKS.md) as plugins: one function per check, registered by its code.

A check reads a scored evaluation and yields findings. Clean data gives none: a false alarm is a defect just like a
miss. To add a check, write a function in a module of this package and decorate it with `@check(code, title)`.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal

import msgspec

from ..engine import score_evaluation
from ..model import Evaluation
from ..results import EvaluationResult

Severity = Literal["error", "warning", "notice"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "notice": 2}


class _Unset:
    __slots__ = ()


_UNSET = _Unset()


class Later(msgspec.Struct, gc=False):
    """Text built the first time it is read: `Later(build, *args)` stands for `build(*args)` (up to 5 arguments).

    A finding's message and subject cost more to format (Decimals rounded for display, the path named) than the check
    costs to run, and a province's rescoring yields some 700 000 findings that are counted far more often than read.
    A Finding given a Later formats it when `.message` / `.subject` is first read and keeps the text. It compares,
    hashes, prints and pickles as its text.

    A Struct without cycle-collector tracking and with its arguments in fields, not a tuple: a province makes
    millions of them, and tracked objects kept until the findings are counted made the collector rescan them."""

    build: Callable[..., str]
    a: object = _UNSET
    b: object = _UNSET
    c: object = _UNSET
    d: object = _UNSET
    e: object = _UNSET

    @property
    def args(self) -> tuple:
        found = []
        for value in (self.a, self.b, self.c, self.d, self.e):
            if value is _UNSET:
                break
            found.append(value)
        return tuple(found)

    def __str__(self) -> str:
        return self.build(*self.args)

    def __eq__(self, other: object) -> bool:
        return str(self) == (str(other) if isinstance(other, Later) else other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return repr(str(self))

    def __reduce__(self) -> tuple:
        return str, (str(self),)


class Texts(msgspec.Struct, gc=False):
    """The texts of one finding, built together the first time one of them is read: `Texts(build, *args)` stands for
    `build(*args)`, which returns (message, stated, recomputed, subject). A finding that has several texts to build
    is given the same Texts in each of those fields (one object, where a `Later` for each cost a province some
    400 000 objects more); each field reads its own text from it (`_built_on_read`). A Texts means nothing outside a
    finding's fields: a Finding compares, hashes, prints and pickles with its texts built."""

    build: Callable[..., tuple]
    a: object = _UNSET
    b: object = _UNSET
    c: object = _UNSET
    built: tuple | None = None

    def texts(self) -> tuple:
        if self.built is None:
            args = [value for value in (self.a, self.b, self.c) if value is not _UNSET]
            self.built = self.build(*args)
        return self.built


class Finding(msgspec.Struct, frozen=True, gc=False):
    code: str
    severity: Severity
    location: str  # a path into the evaluation, e.g. projects[3].indicators[2]
    message: str  # one sentence in Chinese: what is wrong and what to do (a `Later` or `Texts` until first read)
    stated: str | None = None  # the value the document states
    recomputed: str | None = None  # the recomputed or conflicting value
    where: str = ""  # where in the source document, when known (section, line)
    subject: str = ""  # what the location names, e.g. 项目“工伤病残等级鉴定费” › 受理工伤病残等级鉴定例数

    def resolved(self) -> Finding:
        """This finding with its texts built (reading them builds them in place; this says so where it matters:
        before `msgspec` encodes it, which reads the fields without their accessors)."""
        self.message, self.stated, self.recomputed, self.subject  # noqa: B018 - reading builds them
        return self

    # compared, hashed, printed and pickled as before, its texts built first: a `Texts` in a field does not know
    # which of the four texts it stands for there
    def __eq__(self, other: object) -> bool:
        if type(other) is Finding:
            other.resolved()
        return msgspec.Struct.__eq__(self.resolved(), other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return msgspec.Struct.__hash__(self.resolved())

    def __repr__(self) -> str:
        return msgspec.Struct.__repr__(self.resolved())

    def __reduce__(self) -> tuple:
        return msgspec.Struct.__reduce__(self.resolved())


TEXT_FIELDS = ("message", "stated", "recomputed", "subject")


def _built_on_read(name: str) -> None:
    """Put an accessor in front of a Finding field that formats a `Later` (or reads its text from a `Texts`) on first
    read and stores the text in the field itself (the slot's own descriptor writes it: the Struct is frozen to
    callers, not to itself)."""
    slot = Finding.__dict__[name]
    index = TEXT_FIELDS.index(name)

    def read(finding: Finding) -> str:
        value = slot.__get__(finding, Finding)
        kind = type(value)
        if kind is Later:
            value = str(value)
            slot.__set__(finding, value)
        elif kind is Texts:
            value = value.texts()[index]
            slot.__set__(finding, value)
        return value

    setattr(Finding, name, property(read, doc=slot.__doc__))


for _name in TEXT_FIELDS:
    _built_on_read(_name)


@dataclass
class CheckContext:
    evaluation: Evaluation
    result: EvaluationResult
    library: object
    # what several checks read and gather once for them all: the score cards (`_common.score_cards`), the tables as
    # stated (`score_shape.stated_cards`), the facts statements name (`statements._lookup`); read, never changed
    memo: dict = field(default_factory=dict, repr=False, compare=False)


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class RegisteredCheck:
    code: str
    title: str
    function: CheckFunction


REGISTRY: dict[str, RegisteredCheck] = {}


def check(code: str, title: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        if code in REGISTRY:
            raise ValueError(f"check {code} registered twice")
        REGISTRY[code] = RegisteredCheck(code, title, function)
        return function

    return register


@functools.cache  # once per process: later calls find the registry loaded and ordered
def _load_plugins() -> None:
    """Import every check module once, and keep the registry in module order then definition order: a module
    imported on its own beforehand (for a helper it shares) neither stops the others loading nor runs first."""
    names = [f"{__name__}.{module.name}" for module in pkgutil.iter_modules(__path__)]
    for name in names:
        importlib.import_module(name)
    rank = {name: i for i, name in enumerate(names)}
    ordered = sorted(REGISTRY.values(), key=lambda c: rank.get(c.function.__module__, len(rank)))
    REGISTRY.clear()
    REGISTRY.update((c.code, c) for c in ordered)


def run_checks(evaluation: Evaluation, library: object, result: EvaluationResult | None = None,
               only: Iterable[str] | None = None) -> list[Finding]:
    """All findings, errors first. `only` selects by code prefix: a check's registered code ('SUM' for a family,
    'SUM.BUDGET' for one check) or a finding's own code ('SUM.BASIC')."""
    _load_plugins()
    result = result if result is not None else score_evaluation(evaluation, library)
    context = CheckContext(evaluation, result, library)
    selected = list(only) if only else None
    findings: list[Finding] = []
    for registered in REGISTRY.values():
        produced = registered.function(context)
        if selected is None or any(registered.code.startswith(code) for code in selected):
            findings.extend(produced)
        elif any(code.split(".")[0] == registered.code.split(".")[0] for code in selected):
            findings.extend(f for f in produced if any(f.code.startswith(code) for code in selected))
    return _in_severity_order(findings)


def _in_severity_order(findings: list[Finding]) -> list[Finding]:
    """The findings sorted by severity, stably (errors first, each severity in the order found): one list per
    severity filled in one pass, where sorting called a key function for each of a province's 700 000 findings."""
    ranked: dict[str, list[Finding]] = {severity: [] for severity in _BY_RANK}
    for finding in findings:
        ranked[finding.severity].append(finding)
    return [finding for severity in _BY_RANK for finding in ranked[severity]]


_BY_RANK = sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__)


def by_severity(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """(severity, its findings) for each severity that has any, the most serious first."""
    groups = [(severity, [f for f in findings if f.severity == severity]) for severity in SEVERITY_ORDER]
    return [(severity, group) for severity, group in groups if group]


def registered_checks() -> list[RegisteredCheck]:
    _load_plugins()
    return list(REGISTRY.values())


# Families whose checks are registered one by one (SCORE.BOUNDS, SUM.INCOME …) have no title of their own; the risk
# rules name whole families, and a user reads their name, not "SUM". Finding codes a check yields under another
# code than its own (the SUM.BUDGET check finds SUM.BASIC and SUM.SPENDING) read as that check.
FAMILY_TITLES = {"SUM": "合计与各分项之和相符", "SCORE": "得分与分值、计分方法及总分相符"}
YIELDED_BY = {"SUM.BASIC": "SUM.BUDGET", "SUM.SPENDING": "SUM.BUDGET"}


def title_of(code: str) -> str:
    """What a finding's check verifies, in words (GRADE.MISMATCH → its family GRADE's title): users read this, the code
    stays for the record and for people who cite it. An unknown code is its own title."""
    _load_plugins()
    from jixiao.core import carried_over, text_checks  # checks on text and carried-over names, outside the registry

    if code in FAMILY_TITLES:
        return FAMILY_TITLES[code]
    family = YIELDED_BY.get(code, code)
    while family:
        if family in REGISTRY:
            return REGISTRY[family].title
        family = family.rpartition(".")[0]
    return {**text_checks.TITLES, **carried_over.TITLES}.get(code, code)
