"""Scoring an audit against a document's expected reading (`*.expect.yaml`): facts, findings, false errors, coverage.

Rules (bench/accuracy.py prints them per group):
- A fact is right when the audit holds the expected value at the expected key (a path into its evaluation, a fact
  key of jixiao/core/facts.py, or a key of the audit's own `facts` list), figures compared as numbers
  ("1,234.50" = "1234.5", "100.00%" = "100"). Precision is over the expected keys the audit gave a value for.
- A finding matches an expected one when its code is the expected code (or lies in an expected family "SCOPE.*") and
  every expected `stated` / `recomputed` value is found in the finding's stated, recomputed or message, figures again
  compared as numbers. Each finding matches at most one expected finding.
- A false error is an error-severity finding that matches no expected finding, counted when the expectation says
  `no_errors_beyond: true`.
- Coverage: expected forms (template ids) the audit says it recognised (`audit.coverage`, a list of ids, when the
  pipeline provides it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

_NUMBER = re.compile(r"[-−]?\d[\d,，]*(?:\.\d+)?")
_PURE_NUMBER = re.compile(r"^\s*[-−]?\d[\d,，]*(?:\.\d+)?\s*(?:%|分|万元|元)?\s*$")


def normalise_text(value: Any) -> str:
    """Full-width to half-width, no spaces: '１２ 分' → '12分'."""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"\s+", "", text)


def as_number(value: Any) -> Decimal | None:
    """The figure a value states when it is only a figure (with at most a unit): '1,234.50' → 1234.5, '98.00%' → 98."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = normalise_text(value)
    if not _PURE_NUMBER.match(text):
        return None
    return _decimal(_NUMBER.search(text).group(0))


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", "").replace("−", "-")).normalize()
    except InvalidOperation:
        return None


def numbers_in(text: str) -> list[Decimal]:
    return [n for n in (_decimal(m) for m in _NUMBER.findall(normalise_text(text))) if n is not None]


def same_value(expected: Any, observed: Any) -> bool:
    """Figures as numbers, everything else as normalised text."""
    if observed is None:
        return False
    a, b = as_number(expected), as_number(observed)
    if a is not None and b is not None:
        return a == b
    return normalise_text(expected) == normalise_text(observed)


def value_in(expected: Any, texts: Iterable[str | None]) -> bool:
    """An expected stated/recomputed value is in one of the finding's texts: a figure among its figures, else the
    text as a substring ('0–10' and '优' are looked for as written)."""
    texts = [t for t in texts if t]
    number = as_number(expected)
    if number is not None:
        return any(number.normalize() in [n.normalize() for n in numbers_in(t)] for t in texts)
    wanted = normalise_text(expected)
    return any(wanted in normalise_text(t) for t in texts)


def code_matches(expected: str, found: str) -> bool:
    if expected.endswith(".*"):
        return found == expected[:-2] or found.startswith(expected[:-1])
    return found == expected


def finding_matches(expected: dict, finding: Any) -> bool:
    if not code_matches(expected["code"], finding.code):
        return False
    texts = [getattr(finding, "stated", None), getattr(finding, "recomputed", None), getattr(finding, "message", "")]
    return all(value_in(expected[key], texts) for key in ("stated", "recomputed") if expected.get(key) not in (None, ""))


def match_findings(expected: list[dict], found: list) -> tuple[list[tuple[dict, Any]], list[dict], list]:
    """One-to-one greedy matching: each expected finding takes the first unused finding that matches it (the most
    specific expectations — with both values — first). Returns (pairs, expected not found, findings not expected)."""
    order = sorted(range(len(expected)), key=lambda i: -sum(1 for k in ("stated", "recomputed") if expected[i].get(k)))
    used: set[int] = set()
    pairs: list[tuple[dict, Any]] = []
    missed: list[dict] = []
    for i in order:
        for j, finding in enumerate(found):
            if j not in used and finding_matches(expected[i], finding):
                used.add(j)
                pairs.append((expected[i], finding))
                break
        else:
            missed.append(expected[i])
    extra = [f for j, f in enumerate(found) if j not in used]
    return pairs, missed, extra


# --------------------------------------------------------------------------------------------------- facts
def observed_value(audit: Any, key: str) -> Any:
    """What the audit read for `key`: the evaluation's value at the path, else a fact of the core's registry, else
    the audit's own facts list. None when it has nothing."""
    evaluation = getattr(audit, "evaluation", None)
    if evaluation is not None:
        value = _path_value(evaluation, key)
        if value not in (None, [], {}):
            return value
        try:
            from jixiao.core.facts import known_facts, fact

            if key in known_facts():
                computed = fact(evaluation, key)
                if computed is not None:
                    return computed.value
        except Exception:  # a key the registry cannot compute for this evaluation
            pass
    for item in getattr(audit, "facts", None) or []:
        if getattr(item, "key", None) == key:
            return getattr(item, "value", None)
    return None


def _path_value(evaluation: Any, key: str) -> Any:
    import msgspec

    from jixiao.core import docpath

    try:
        data = msgspec.to_builtins(evaluation)
        return docpath.get(data, key)
    except (docpath.PathError, TypeError, ValueError):
        return None


# ----------------------------------------------------------------------------------------------- one document
@dataclass
class DocumentScore:
    name: str
    facts_right: int = 0
    facts_read: int = 0  # expected keys the audit gave any value for
    facts_expected: int = 0
    findings_matched: int = 0
    findings_found: int = 0
    findings_expected: int = 0
    false_errors: int = 0
    forms_recognised: int = 0
    forms_expected: int = 0
    coverage_reported: bool = False
    notes: list[str] = field(default_factory=list)


def score_document(expect: dict, audit: Any | None, error: str = "") -> DocumentScore:
    score = DocumentScore(expect["document"], facts_expected=len(expect.get("facts") or {}),
                          findings_expected=len(expect.get("findings") or []), forms_expected=len(expect.get("forms") or []))
    if audit is None:
        score.notes.append(f"  未能审核：{error}")
        return score
    for key, wanted in (expect.get("facts") or {}).items():
        seen = observed_value(audit, key)
        if seen is None or seen == "" and wanted != "":
            score.notes.append(f"  事实未读取：{key}")
            continue
        score.facts_read += 1
        if same_value(wanted, seen):
            score.facts_right += 1
        else:
            score.notes.append(f"  事实有误：{key} 读为 {seen!r}，应为 {wanted!r}")
    found = list(getattr(audit, "findings", []) or [])
    pairs, missed, extra = match_findings(list(expect.get("findings") or []), found)
    score.findings_found = len(found)
    score.findings_matched = len(pairs)
    score.notes += [f"  漏报：{m['code']} {m.get('stated', '')}→{m.get('recomputed', '')}" for m in missed]
    if expect.get("no_errors_beyond", True):
        false = [f for f in extra if getattr(f, "severity", "") == "error"]
        score.false_errors = len(false)
        score.notes += [f"  误报错误：{f.code} {f.message[:60]}" for f in false]
    coverage = getattr(audit, "coverage", None)
    if coverage is not None:
        score.coverage_reported = True
        recognised = {str(c) for c in coverage}
        score.forms_recognised = sum(1 for form in expect.get("forms") or [] if form in recognised)
    return score


@dataclass
class GroupScore:
    documents: list[DocumentScore] = field(default_factory=list)
    seconds: float = 0.0
    megabytes: float = 0.0

    def total(self, attribute: str) -> int:
        return sum(getattr(d, attribute) for d in self.documents)

    def ratio(self, numerator: str, denominator: str) -> str:
        n, d = self.total(numerator), self.total(denominator)
        return f"{n}/{d} = {n / d:.1%}" if d else f"{n}/0"
