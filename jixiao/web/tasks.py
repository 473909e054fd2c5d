"""Django's task framework, imported in this one place.

Today it is the `django-tasks` backport; Django 6 ships the same API as `django.tasks`. Moving to Django 6 is the one
line `_API` below (and dropping "django_tasks" from INSTALLED_APPS); `@task` code elsewhere does not change. The
database backend (`django_tasks_db`) and its worker pick the right one by themselves.
"""

from __future__ import annotations

from importlib import import_module

from django.db import transaction

_API = "django_tasks"  # Django 6: "django.tasks"

_api = import_module(_API)
_signals = import_module(f"{_API}.signals")

task = _api.task
task_backends = _api.task_backends
TaskResultStatus = _api.TaskResultStatus
task_finished = _signals.task_finished


def enqueue_on_commit(a_task, *args) -> None:
    """Queue `a_task(*args)` once the current transaction commits, so that a worker never picks up a task whose
    rows it cannot see yet, and a rolled-back request queues nothing."""
    transaction.on_commit(lambda: a_task.enqueue(*args))
