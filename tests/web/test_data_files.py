"""Files (issue 8, finding 12): the data folder is 0700, the SQLite database with its -wal/-shm files and the secret
key 0600, also for an installation made before (a 0755 folder and a 0644 database are put right at start)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

START = textwrap.dedent("""
    import json, os
    from pathlib import Path
    os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
    import django
    django.setup()
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE IF NOT EXISTS probe (x)")
        cursor.execute("INSERT INTO probe VALUES (1)")
        data = Path(os.environ["JIXIAO_DATA"])
        print(json.dumps({p.name: oct(p.stat().st_mode & 0o777) for p in [data, *data.iterdir()] if p.is_file() or p == data}))
""")


def _start(data: Path) -> dict[str, str]:
    env = {**os.environ, "JIXIAO_DATA": str(data)}
    env.pop("DATABASE_URL", None)
    env.pop("JIXIAO_SECRET_KEY", None)
    out = subprocess.run([sys.executable, "-c", START], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_a_new_data_folder_is_private(tmp_path):
    modes = _start(tmp_path / "data")
    assert modes == {"data": "0o700", "secret_key": "0o600", "jixiao.sqlite3": "0o600", "jixiao.sqlite3-wal": "0o600",
                     "jixiao.sqlite3-shm": "0o600"}


def test_an_existing_world_readable_installation_is_put_right(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    sqlite3.connect(data / "jixiao.sqlite3").close()
    (data / "jixiao.sqlite3").chmod(0o644)
    (data / "secret_key").write_text("an-old-secret-key-written-readable-by-all-0123456789")
    (data / "secret_key").chmod(0o644)
    modes = _start(data)
    assert modes["data"] == "0o700" and modes["secret_key"] == "0o600" and modes["jixiao.sqlite3"] == "0o600"
    assert modes["jixiao.sqlite3-wal"] == "0o600"
