"""Reading the cycle's rule files (`jixiao/rules/*.yaml`: monitoring warnings, risk signals, result application, the
indicator library): each is parsed by its core module's `*_from_data` and validated on load, so that a bad rule stops
the program with a Chinese message naming the file, the rule's path and its line. A bureau's own rules are a file in
a folder named by `JIXIAO_RULES`, which takes the place of the shipped file of the same name."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Callable, TypeVar

from jixiao.core.errors import InputError, Problem

from .file_signature import files_signature as signature_of
from .file_signature import folders_signature
from .yaml_source import load_yaml

SHIPPED = Path(__file__).resolve().parent.parent / "rules"
MAX_RULE_BYTES = 2_000_000
T = TypeVar("T")


def rule_path(name: str) -> Path:
    """The file that holds rule set `name` (e.g. "monitoring" or "indicators/common"): a bureau's own first."""
    for folder in [Path(p) for p in os.environ.get("JIXIAO_RULES", "").split(os.pathsep) if p]:
        if (folder / f"{name}.yaml").is_file():
            return folder / f"{name}.yaml"
    return SHIPPED / f"{name}.yaml"


def load_rules(name: str, parse: Callable[[Any, str], T], path: Path | None = None) -> T:
    """Rule set `name` parsed by `parse(data, source)`, which raises InputError with Problems naming paths; the lines
    are filled in here."""
    path = path or rule_path(name)
    if not path.is_file():
        raise InputError([Problem("", "规则文件不存在")], str(path))
    if path.stat().st_size > MAX_RULE_BYTES:
        raise InputError([Problem("", "规则文件超过 2 MB")], str(path))
    located = load_yaml(path.read_text(encoding="utf-8"), str(path))
    try:
        return parse(located.data, str(path))
    except InputError as error:
        for problem in error.problems:
            problem.line = problem.line or located.line_of(problem.path)
        error.source = error.source or str(path)
        raise


# Every rule set the cycle reads, with the core function that parses it: `jixiao rules` and the web app's start-up
# check validate them all, so that a bad rule stops the program before anyone meets it on a page.
RULE_SETS: dict[str, str] = {
    "monitoring": "jixiao.core.cycle.monitoring:rules_from_data",
    "risk": "jixiao.core.cycle.risk_rules:risk_rules_from_data",
    "result_application": "jixiao.core.cycle.result_application:rules_from_data",
    "indicators/*": "jixiao.core.cycle.goals:library_from_data",
}


def _parser(spec: str) -> Callable[[Any, str], Any]:
    import importlib

    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)


def rule_files() -> list[tuple[str, Path, str]]:
    """(rule set name, file, parser) of every rule file in use: the shipped ones, or a bureau's in their place."""
    found = []
    for name, spec in RULE_SETS.items():
        if name.endswith("/*"):
            folder = name[:-2]
            stems = {p.stem for p in (SHIPPED / folder).glob("*.yaml")}
            for extra in [Path(p) for p in os.environ.get("JIXIAO_RULES", "").split(os.pathsep) if p]:
                stems |= {p.stem for p in (extra / folder).glob("*.yaml")}
            found += [(f"{folder}/{stem}", rule_path(f"{folder}/{stem}"), spec) for stem in sorted(stems)]
        else:
            found.append((name, rule_path(name), spec))
    return found


def check_rule_files() -> list[tuple[Path, InputError | None]]:
    """Each rule file with the error that stops it, or None when it is valid."""
    results = []
    for name, path, spec in rule_files():
        try:
            load_rules(name, _parser(spec), path)
            results.append((path, None))
        except InputError as error:
            results.append((path, error))
    return results


def files_signature() -> tuple:
    """Each rule file's path, size and modification time (the shipped ones and a bureau's own)."""
    folders = [SHIPPED, *(Path(p) for p in os.environ.get("JIXIAO_RULES", "").split(os.pathsep) if p)]
    return folders_signature(folders, ".yaml", recursive=True)  # as sorted(folder.rglob("*.yaml")) lists them


def read_again_when_changed(paths: Callable[[], Iterable[Path]]):
    """For a function without arguments that reads rule files: its result is kept while the files `paths()` names
    are unchanged (path, size, modification time) and read again at the first call after a bureau edits, adds or
    removes one, so that a long-running web process follows the files without a restart (as the scheme library
    does). A file that fails to load is not kept: the next call says the same error. `cache_clear()` forgets."""
    def decorate(load: Callable[[], T]) -> Callable[[], T]:
        kept: dict[str, Any] = {}

        @functools.wraps(load)
        def current() -> T:
            signature = signature_of(paths())
            if "value" not in kept or kept["signature"] != signature:
                kept.clear()
                value = load()
                kept.update(signature=signature, value=value)
            return kept["value"]

        current.cache_clear = kept.clear  # type: ignore[attr-defined]
        return current
    return decorate
