"""The setup scripts: ./run.sh installs the CJK font the documents need (scripts/app-deps.sh) as ./test.sh does,
only when it is missing, and says in Chinese what to do when it cannot install it. apt-get, id and fc-list are
stand-ins on PATH here, so nothing is installed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fake(tmp_path):
    """A folder of stand-in commands; apt-get records its arguments."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()

    def command(name: str, body: str) -> None:
        path = bin_ / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    command("apt-get", f'echo "$@" >> {tmp_path}/apt-get.log')
    return bin_, command, tmp_path / "apt-get.log"


def source_app_deps(bin_) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}"}
    return subprocess.run(["bash", "-c", "set -euo pipefail; source scripts/app-deps.sh"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_a_missing_cjk_font_is_installed_when_root(fake):
    bin_, command, log = fake
    command("fc-list", "true")  # no font with Chinese
    command("id", "echo 0")
    done = source_app_deps(bin_)
    assert done.returncode == 0 and "安装中文字体：fonts-noto-cjk" in done.stdout
    assert "install -y -qq fonts-noto-cjk" in log.read_text()


def test_a_missing_cjk_font_is_a_chinese_message_when_not_root(fake):
    bin_, command, log = fake
    command("fc-list", "true")
    command("id", "echo 1000")
    done = source_app_deps(bin_)
    assert done.returncode == 0 and "未找到中文字体：请以 root 运行 apt-get install fonts-noto-cjk" in done.stderr
    assert not log.exists()


def test_a_present_cjk_font_installs_nothing(fake):
    bin_, command, log = fake
    command("fc-list", "echo 'Noto Sans CJK SC'")
    command("id", "echo 0")
    done = source_app_deps(bin_)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "") and not log.exists()


def test_run_and_test_set_up_the_font_before_starting():
    for script in ("run.sh", "test.sh"):
        lines = (ROOT / script).read_text().splitlines()
        assert "source scripts/app-deps.sh" in lines
        first_use = next(i for i, line in enumerate(lines) if "exec jixiao" in line or "python -m pytest" in line)
        assert lines.index("source scripts/app-deps.sh") < first_use
