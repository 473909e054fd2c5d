"""folders_signature (jixiao/io/file_signature.py) lists what pathlib's glob and rglob list, in their order: the
rule files' and the scheme files' signatures are what they were when read through pathlib."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jixiao.io import rule_files, scheme_files
from jixiao.io.file_signature import files_signature, folders_signature


def _through_pathlib(folders, recursive: bool) -> tuple:
    listed = (Path(folder).rglob("*.yaml") if recursive else Path(folder).glob("*.yaml") for folder in folders)
    return files_signature(path for paths in listed for path in sorted(paths))


def test_the_shipped_rule_and_scheme_files_are_signed_as_pathlib_lists_them():
    assert rule_files.files_signature() == _through_pathlib([rule_files.SHIPPED], True)
    assert scheme_files.files_signature() == _through_pathlib([scheme_files.SHIPPED], False)
    assert len(rule_files.files_signature()) > 5 and len(scheme_files.files_signature()) > 5


@pytest.mark.parametrize("recursive", [False, True])
def test_odd_folders_are_listed_as_pathlib_lists_them(tmp_path, monkeypatch, recursive):
    """Nested folders, a folder named like a file, a link to a folder (not walked into), a broken link, a hidden
    file, another case, a missing folder, a file given as a folder, the current folder by a relative name."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "z.yaml").write_text("1")
    (tmp_path / "a" / "b" / "y.yaml").write_text("2")
    (tmp_path / "a" / "b.yaml").mkdir()
    (tmp_path / "a" / "b" / "c.YAML").write_text("3")
    (tmp_path / "x.yaml").write_text("4")
    (tmp_path / "a-b.yaml").write_text("5")
    (tmp_path / ".hidden.yaml").write_text("6")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    (tmp_path / "dead.yaml").symlink_to(tmp_path / "nowhere")
    monkeypatch.chdir(tmp_path)
    for folders in (["."], [tmp_path], ["a", "./a/", "missing", tmp_path / "x.yaml"], [str(tmp_path) + os.sep]):
        found = folders_signature(folders, ".yaml", recursive)
        assert found == _through_pathlib(folders, recursive), folders
    assert [path for path, _, _ in folders_signature(["."], ".yaml", recursive)] == \
        ([".hidden.yaml", "a/b/y.yaml", "a/b.yaml", "a/z.yaml", "a-b.yaml", "x.yaml"] if recursive
         else [".hidden.yaml", "a-b.yaml", "x.yaml"])  # the broken link left out
