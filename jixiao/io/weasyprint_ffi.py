"""WeasyPrint imported without its slowest start-up step, for a PDF made by a command that starts afresh.

`weasyprint.text.ffi` declares the C functions of Pango, HarfBuzz and fontconfig it calls with `cffi.FFI().cdef(…)`,
which parses some 450 lines of C with pycparser (pure Python) at every import, and then finds each library with
`ctypes.util.find_library`, which runs `ldconfig` and, for each of the names that are not this system's, `gcc`: together
about 0.2 s of CPU and 0.28 s on the clock, 40% of `import weasyprint` (0.48 s of CPU → 0.28 s), a sixth of
`jixiao report --format pdf`.

cffi can write the parsed declarations out once as a small Python module (its "out-of-line ABI mode") that loads in
milliseconds; its `dlopen` opens a library by the name given, without `find_library` (WeasyPrint's list of names holds
the Linux file names, libpango-1.0.so.0 …). So the first import writes that module into the user's cache folder, keyed
by WeasyPrint's file and cffi's version, and every later import runs WeasyPrint's own `ffi.py` with the
declarations taken from it in place of its `FFI()` and `cdef(…)` statements: the same module, the same libraries.

Anything unexpected (not Linux, a WeasyPrint whose ffi.py no longer reads as expected, no cache folder, a library
not opened by its file name) falls back to the plain import: slower, the same result.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

MODULE = "weasyprint.text.ffi"


def import_weasyprint() -> None:
    """Import WeasyPrint, its C declarations from the cache when this system allows it."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401
        return
    finder = _finder()
    if finder is None:
        import weasyprint  # noqa: F401
        return
    sys.meta_path.insert(0, finder)
    try:
        import weasyprint  # noqa: F401
    except OSError:  # a library not found by its file name: let WeasyPrint look for it its own way
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
        sys.meta_path.remove(finder)
        import weasyprint  # noqa: F401, F811
    finally:
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)


def _finder() -> importlib.abc.MetaPathFinder | None:
    """A finder that gives `weasyprint.text.ffi` with cached declarations, or None if it cannot."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return None
    origin = Path(next(iter(spec.submodule_search_locations))) / "text" / "ffi.py"
    try:
        source = origin.read_text(encoding="utf-8")
        code, declarations = _without_declarations(source, str(origin))
        ffi = _declared(declarations, _key(source))
    except Exception:  # noqa: BLE001 - whatever went wrong (a cache file edited by hand …), the plain import works
        return None
    return _Finder(origin, code, ffi)


def _without_declarations(source: str, filename: str):
    """ffi.py compiled less its `ffi = cffi.FFI()` and `ffi.cdef(…)` statements, and the declarations' text."""
    tree = ast.parse(source, filename)
    kept, declarations, created = [], None, False
    for statement in tree.body:
        if _is_call(statement, "FFI") and isinstance(statement, ast.Assign) and _names(statement) == ["ffi"]:
            created = True
        elif _is_call(statement, "cdef") and isinstance(statement, ast.Expr) and declarations is None:
            call = statement.value
            if len(call.args) != 1 or call.keywords or not isinstance(call.args[0], ast.Constant):
                raise ValueError("ffi.cdef with other arguments")
            declarations = call.args[0].value
        else:
            kept.append(statement)
    if not created or not isinstance(declarations, str):
        raise ValueError("ffi.py no longer declares its functions in one ffi.cdef")
    tree.body = kept
    return compile(tree, filename, "exec"), declarations


def _is_call(statement: ast.stmt, attribute: str) -> bool:
    value = getattr(statement, "value", None)
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == attribute


def _names(statement: ast.Assign) -> list[str]:
    return [target.id for target in statement.targets if isinstance(target, ast.Name)]


def _key(source: str) -> str:
    import cffi

    return hashlib.sha256(f"{cffi.__version__}\n{sys.version}\n{source}".encode()).hexdigest()[:20]


def _declared(declarations: str, key: str):
    """The FFI object of the cached module for these declarations, written first if it is not there yet."""
    path = _cache_folder() / f"weasyprint-ffi-{key}.py"
    if not path.exists():
        _write_module(declarations, path)
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102 - our own cache
    return namespace["ffi"]


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "jixiao"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_module(declarations: str, path: Path) -> None:
    """cffi's out-of-line module for `declarations`, written whole under a temporary name, then renamed (so that
    two processes starting together never read half a file)."""
    import cffi

    builder = cffi.FFI()
    builder.set_source("_weasyprint_ffi", None, compiler_verbose=False)  # no "generating …" on stdout
    builder.cdef(declarations)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    builder.emit_python_code(str(temporary))
    os.replace(temporary, path)


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and runs weasyprint/text/ffi.py as WeasyPrint ships it, `ffi` given already declared."""

    def __init__(self, origin: Path, code, ffi):
        self.origin, self.code, self.ffi = origin, code, ffi

    def find_spec(self, fullname, path=None, target=None):
        if fullname != MODULE:
            return None
        return importlib.util.spec_from_file_location(fullname, self.origin, loader=self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.ffi = self.ffi
        exec(self.code, module.__dict__)  # noqa: S102 - WeasyPrint's own file
