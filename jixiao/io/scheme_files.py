"""Reading scheme and grade-scale files: the ones shipped in `jixiao/schemes/` and any a user adds.

Adding a province is adding a file: drop a YAML file into a folder named by `JIXIAO_SCHEMES` (or pass the folder)
and it is validated and listed like the shipped ones.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.core.errors import InputError, Problem, SchemeError
from jixiao.core.scheme import GradeScale, Scheme, grade_scale_from_data, scheme_from_data

from .file_signature import folders_signature
from .yaml_source import load_yaml

SHIPPED = Path(__file__).resolve().parent.parent / "schemes"
MAX_SCHEME_BYTES = 1_000_000


@dataclass
class SchemeLibrary:
    schemes: dict[str, Scheme] = field(default_factory=dict)
    grade_scales: dict[str, GradeScale] = field(default_factory=dict)

    def scheme(self, scheme_id: str) -> Scheme:
        try:
            return self.schemes[scheme_id]
        except KeyError:
            known = "、".join(sorted(self.schemes))
            raise SchemeError([Problem("scheme", f"没有名为“{scheme_id}”的评分方案（已有：{known}）")]) from None

    def grade_scale(self, scale_id: str) -> GradeScale:
        return self.grade_scales[scale_id]


def scheme_paths(*folders: Path | str) -> list[Path]:
    """The scheme files `load_library` reads, in its order: the shipped folder's, `JIXIAO_SCHEMES`'s, `folders`'."""
    extra = [Path(p) for p in os.environ.get("JIXIAO_SCHEMES", "").split(os.pathsep) if p]
    return [path for folder in [SHIPPED, *extra, *(Path(f) for f in folders)]
            for path in sorted(Path(folder).glob("*.yaml"))]


def files_signature(*folders: Path | str) -> tuple:
    """Each scheme file's path, size and modification time: what changes when a file is added, edited or removed,
    read without opening the files (a long-lived process asks it often)."""
    extra = [Path(p) for p in os.environ.get("JIXIAO_SCHEMES", "").split(os.pathsep) if p]
    return folders_signature([SHIPPED, *extra, *folders], ".yaml")  # the files scheme_paths lists, in its order


def load_library(*folders: Path | str) -> SchemeLibrary:
    """Every scheme and grade scale in the shipped folder, in `JIXIAO_SCHEMES`, and in `folders`."""
    library = SchemeLibrary()
    for path in scheme_paths(*folders):
        _add_file(library, path)
    problems = [
        Problem("grade_scale", f"{scheme.file}：等级量表“{scheme.grade_scale}”不存在")
        for scheme in library.schemes.values()
        if scheme.grade_scale not in library.grade_scales
    ]
    if problems:
        raise SchemeError(problems)
    return library


def _add_file(library: SchemeLibrary, path: Path) -> None:
    if path.stat().st_size > MAX_SCHEME_BYTES:
        raise SchemeError([Problem("", "方案文件超过 1 MB")], str(path))
    located = load_yaml(path.read_text(encoding="utf-8"), str(path))
    data = located.data
    kind = data.get("kind") if isinstance(data, dict) else None
    try:
        if kind == "grade_scale":
            scale = grade_scale_from_data(data, str(path))
            _register(library.grade_scales, scale.id, scale, path)
        elif kind == "scheme":
            scheme = scheme_from_data(data, str(path))
            scheme.file = path.name
            _register(library.schemes, scheme.id, scheme, path)
        else:
            raise SchemeError([Problem("kind", "应为 scheme 或 grade_scale")], str(path))
    except InputError as error:
        for problem in error.problems:
            problem.line = problem.line or located.line_of(problem.path)
        raise


def _register(registry: dict, key: str, value: object, path: Path) -> None:
    if key in registry:
        raise SchemeError([Problem("id", f"编号“{key}”与另一个文件重复")], str(path))
    registry[key] = value
