"""The Redis option: the same batch queued in Redis through the RQ backend (JIXIAO_TASK_BACKEND=rq) and run by two
real RQ worker processes (`jixiao worker`, burst mode) sharing the database.

It needs the optional extra (pip install "jixiao[redis]": django-tasks-rq, django-rq, rq, redis) and a Redis server
(JIXIAO_TEST_REDIS_URL, default redis://127.0.0.1:6379/2, a database this test empties)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import django_tasks_rq as rq_backend  # the test install has the extra (scripts/setup-env.sh)

from bench.webclient import django, server_env

from ..conftest import ROOT

REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
WAIT_SECONDS = 300  # a guard against hanging for ever, not a speed requirement


def test_a_batch_runs_on_rq_workers_sharing_the_database(tmp_path):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    env = server_env(tmp_path)  # a SQLite database of its own that the processes share
    extra = str(Path(rq_backend.__file__).resolve().parents[1])  # where the extra is installed
    env.update(JIXIAO_TASK_BACKEND="rq", JIXIAO_REDIS_URL=REDIS_URL,
               PYTHONPATH=os.pathsep.join([str(ROOT), extra]))
    django("from django.core.management import call_command\n"
           "call_command('migrate', verbosity=0)\ncall_command('load_demo')\n"
           "from jixiao.web.evaluations.models import Evaluation\n"
           "Evaluation.objects.update(errors=999)  # stale figures, which the rescoring writes anew", env)
    connection.flushdb()  # only the batch's tasks from here on

    command = [sys.executable, "-m", "jixiao.cli"]
    started = subprocess.run([*command, "batch", "rescore"], env=env, cwd=ROOT, capture_output=True, text=True,
                             timeout=WAIT_SECONDS)
    assert started.returncode == 0, started.stderr
    total = django("from jixiao.web.batches.models import Batch\nresult = Batch.objects.get().total", env)
    assert total > 2 and connection.llen("rq:queue:default") == total  # queued in Redis, not in the database

    workers = [subprocess.Popen([*command, "worker", "--burst"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    for worker in workers:
        output, _ = worker.communicate(timeout=WAIT_SECONDS)
        assert worker.returncode == 0, output[-3000:]

    found = django("""
from jixiao.web.batches.models import Batch, BatchItem
from jixiao.web.batches.services import counts
from jixiao.web.evaluations.models import Evaluation
batch = Batch.objects.get()
result = {"counts": counts(batch.pk), "state": batch.state, "done": batch.done,
          "rescored": all(e.updated >= batch.created for e in Evaluation.objects.all())}
""", env)
    assert found == {"counts": {"queued": 0, "running": 0, "done": total, "failed": 0}, "state": "finished",
                     "done": total, "rescored": True}
    assert connection.llen("rq:queue:default") == 0
