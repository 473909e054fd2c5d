"""Backup and restore of the whole database (`jixiao backup`, `jixiao restore`): the demo backed up, rows changed and
deleted, the backup restored, and every table as it was — counts and real values of the seed (an evaluation's
score). PostgreSQL through pg_dump / pg_restore, SQLite through its backup API; the data must be committed for
pg_dump (another process) to see it, hence transactional tests."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from jixiao.web.analytics.models import EvaluationRow
from jixiao.web.demo import load_demo
from jixiao.web.evaluations.models import Evaluation, Revision, WorkflowEvent
from jixiao.web.organisations.models import Department, Unit
from jixiao.web.pagecache import revision
from jixiao.web.province.backup import BackupError, backup, restore

ROOT = Path(__file__).resolve().parents[2]
COUNTED = (Evaluation, Revision, WorkflowEvent, Department, Unit, EvaluationRow)


def _state() -> dict:
    tongcheng = Evaluation.objects.get(department__name__startswith="通城县", year=2023,
                                       department__generated=False)
    return {"counts": {model.__name__: model.objects.count() for model in COUNTED},
            "score": tongcheng.score, "grade": tongcheng.grade, "status": tongcheng.status,
            "units": sorted(Unit.objects.filter(department=tongcheng.department).values_list("name", flat=True))}


def _damage() -> None:
    """What a restore must undo: a changed score, deleted units and projection rows."""
    tongcheng = Evaluation.objects.get(department__name__startswith="通城县", year=2023,
                                       department__generated=False)
    Evaluation.objects.filter(pk=tongcheng.pk).update(score=Decimal("1.00"), grade="差")
    Unit.objects.filter(department=tongcheng.department).delete()
    EvaluationRow.objects.all().delete()


def _round_trip(tmp_path: Path) -> None:
    load_demo()
    before = _state()
    assert before["score"] is not None and before["units"]  # the seed's real values
    path = tmp_path / "jixiao.backup"
    assert "已备份" in backup(path)
    _damage()
    assert _state() != before
    with pytest.raises(BackupError, match="已有数据.*--force"):
        restore(path)
    damaged = revision.current(connection)
    assert "已从" in restore(path, force=True)
    assert _state() == before
    # the data went back, the revision did not: a page kept from the damaged data is never served again
    assert revision.current(connection) > damaged


@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_and_restore_bring_back_every_row(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL 不是 PostgreSQL：pg_dump / pg_restore 的往返在 PostgreSQL 上运行测试时检查")
    _round_trip(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_and_restore_bring_back_every_row(tmp_path):
    """On SQLite in this process; when the suite runs on PostgreSQL, through the commands against a SQLite
    database of their own (so that both paths are checked by every run)."""
    if connection.vendor == "sqlite":
        _round_trip(tmp_path)
        return
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(JIXIAO_DATA=str(tmp_path / "data"), PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="jixiao.web.settings")
    script = f"""
import django, pytest; django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
import tests.web.test_backup as t
from pathlib import Path
t._round_trip(Path({str(tmp_path)!r}))
print("OK")
"""
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0 and done.stdout.strip().endswith("OK"), done.stderr[-3000:]


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_no_backup_and_a_missing_one(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("不是备份", encoding="utf-8")
    with pytest.raises(BackupError, match="不是.*备份文件"):
        restore(text, force=True)
    with pytest.raises(BackupError, match="不存在"):
        restore(tmp_path / "missing.backup")
    with pytest.raises(BackupError, match="是一个目录"):
        backup(tmp_path)


def test_the_commands_say_what_went_wrong_in_chinese(tmp_path, capsys):
    from jixiao.cli import main

    assert main(["restore", str(tmp_path / "missing.backup")]) == 2
    assert "备份文件" in capsys.readouterr().err
