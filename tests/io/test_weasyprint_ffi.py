"""WeasyPrint's C declarations taken from a cached module (jixiao.io.weasyprint_ffi): the same PDF as the plain
import, the cache written once and then used without parsing the C text again nor running `find_library`; anything
unexpected falls back to the plain import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jixiao.io import weasyprint_ffi

ROOT = Path(__file__).resolve().parents[2]
PAGE = "<html><body style='font-family: \"Noto Serif CJK SC\"'><h1>通城县2023年度绩效自评</h1><p>执行率 96.5%</p></body></html>"

# A fresh interpreter imports WeasyPrint one way or the other, prints what it saw, and writes the page as a PDF.
SCRIPT = textwrap.dedent("""
    import ctypes.util, json, sys
    looked_up = []
    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: looked_up.append(name) or find_library(name)
    import cffi.api
    parsed = []
    cdef = cffi.api.FFI.cdef
    cffi.api.FFI.cdef = lambda self, *args, **kwargs: parsed.append(1) or cdef(self, *args, **kwargs)
    if sys.argv[1] == "cached":
        from jixiao.io.weasyprint_ffi import import_weasyprint
        import_weasyprint()
    from weasyprint import HTML
    from weasyprint.text import ffi
    sys.stdout.buffer.write(json.dumps({"ffi": type(ffi.ffi).__module__, "cdef": len(parsed),
                                        "find_library": len(looked_up)}).encode() + b"\\n")
    sys.stdout.buffer.write(HTML(string=sys.argv[2]).write_pdf())
""")


def _run(mode: str, cache: Path) -> tuple[dict, bytes]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SCRIPT, mode, PAGE], capture_output=True, check=True, env=env).stdout
    seen, pdf = out.split(b"\n", 1)
    return json.loads(seen), pdf


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the cached declarations are used on Linux only")
def test_the_cached_declarations_give_the_same_pdf_without_parsing_c_or_finding_libraries(tmp_path):
    plain, plain_pdf = _run("plain", tmp_path)
    assert plain == {"ffi": "cffi.api", "cdef": 1, "find_library": plain["find_library"]} and plain["find_library"] > 0
    first, first_pdf = _run("cached", tmp_path)  # writes the cache: parses the C text once, to write it out
    assert first["cdef"] == 1 and len(list((tmp_path / "jixiao").glob("weasyprint-ffi-*.py"))) == 1
    again, again_pdf = _run("cached", tmp_path)
    assert again == {"ffi": "_cffi_backend", "cdef": 0, "find_library": 0}
    assert first["ffi"] == "_cffi_backend"
    assert plain_pdf.startswith(b"%PDF") and first_pdf == plain_pdf and again_pdf == plain_pdf


def test_an_ffi_file_that_no_longer_reads_as_expected_is_refused():
    with pytest.raises(ValueError):  # declarations made some other way: leave WeasyPrint to its own import
        weasyprint_ffi._without_declarations("import cffi\nffi = cffi.FFI()\nffi.cdef(DECLARATIONS)\n", "ffi.py")
    with pytest.raises(ValueError):
        weasyprint_ffi._without_declarations("import cffi\nffi = cffi.FFI()\n", "ffi.py")
    code, declarations = weasyprint_ffi._without_declarations(
        "import cffi\nffi = cffi.FFI()\nffi.cdef('int f(int);')\nlib = ffi.dlopen('m')\n", "ffi.py")
    assert declarations == "int f(int);" and code.co_names == ("cffi", "ffi", "dlopen", "lib")


def test_without_a_cache_folder_the_plain_import_is_used(monkeypatch, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")  # a cache "folder" that is a file: nothing can be written under it
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert weasyprint_ffi._finder() is None


def test_a_library_the_cached_way_cannot_open_falls_back_to_the_plain_import(tmp_path):
    script = textwrap.dedent("""
        import sys
        from jixiao.io import weasyprint_ffi
        def refuse(self, module):
            raise OSError("cannot load library 'libpango-1.0.so.0'")  # as cffi says when dlopen finds no such file
        weasyprint_ffi._Finder.exec_module = refuse
        weasyprint_ffi.import_weasyprint()
        from weasyprint import HTML
        from weasyprint.text import ffi
        left = [finder for finder in sys.meta_path if isinstance(finder, weasyprint_ffi._Finder)]
        print(type(ffi.ffi).__module__, len(left), HTML(string="<p>通城</p>").write_pdf()[:5].decode())
    """)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, env=env, text=True).stdout
    assert out.split() == ["cffi.api", "0", "%PDF-"]
