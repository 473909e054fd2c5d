"""The trail (issue 8, finding 11 and build item 9): the audit log is a hash chain that `jixiao audit-log verify`
proves, concurrent writers do not fork it, every refusal, export and download is in it, and frozen versions are as
immutable in the database as the log."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from jixiao.web.audit import chain, triggers
from jixiao.web.audit.log import record, record_changes
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.evaluations.models import Version

from .conftest import client_for


def _tamper(sql: str, params=()) -> None:
    """What someone with the database's password could do: drop the triggers, change the table, put them back."""
    triggers.remove(connection, triggers.AUDIT_TABLE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        triggers.install(connection, triggers.AUDIT_TABLE)


def _some_events() -> list[AuditEvent]:
    """Three events recorded after whatever the demo wrote to the log (its goals, monitoring and review parts act
    through the audited services)."""
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    record(Action.LOGIN, username="alice")
    record_changes(None, "evaluation", 7, [("budget.total.spent", "2820.06", "2820.16"), ("problems", "", "无")])
    record(Action.LOGOUT, username="alice")
    return list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))


@pytest.mark.django_db
def test_each_event_carries_the_previous_hash_and_its_own(demo):
    _some_events()
    events = list(AuditEvent.objects.order_by("seq"))  # the demo's and these
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].previous_hash == chain.GENESIS
    for before, after in zip(events, events[1:]):
        assert after.previous_hash == before.hash
    for event in events:
        assert event.hash == chain.digest(event) and len(event.hash) == 64
    result = chain.verify()
    assert result.intact and result.count == len(events) and result.head == events[-1].hash


@pytest.mark.django_db
@pytest.mark.parametrize("sql, changed, named, reason", [
    # an event changed is named itself; an event removed, by the one after the gap
    ("UPDATE audit_auditevent SET new_value = '9999.99' WHERE field = 'budget.total.spent'", 2, 2, "内容与其哈希不符"),
    ("UPDATE audit_auditevent SET username = 'bob' WHERE action = 'login' AND username = 'alice'", 1, 1,
     "内容与其哈希不符"),
    ("DELETE FROM audit_auditevent WHERE field = 'budget.total.spent'", 2, 3, "其前的事件被删除"),
])
def test_tampering_is_found_and_the_first_broken_event_named(demo, sql, changed, named, reason, capsys):
    events = _some_events()
    assert (events[0].username, events[1].field) == ("alice", "budget.total.spent")
    _tamper(sql)
    target = events[named - 1]
    result = chain.verify()
    assert not result.intact
    assert result.first_break.seq == target.seq and result.first_break.event_id == target.pk
    assert reason in result.first_break.reason
    assert result.count == events[0].seq - 1 + changed - 1  # the demo's events and those before the break

    from jixiao.cli import main

    assert main(["audit-log", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"第 {target.seq} 条事件" in err and reason in err


@pytest.mark.django_db
def test_a_forged_event_with_a_recomputed_hash_still_breaks_the_next_link(demo):
    events = _some_events()
    victim = events[1]
    victim.new_value = "9999.99"
    forged = chain.digest(victim)  # the forger recomputes this event's hash…
    _tamper("UPDATE audit_auditevent SET new_value = %s, hash = %s WHERE id = %s", ["9999.99", forged, victim.pk])
    broken = chain.verify().first_break
    assert broken.seq == victim.seq + 1  # …but the next event still names the old one
    assert "前一事件" in broken.reason


@pytest.mark.django_db
def test_verify_says_the_log_is_intact(demo, capsys):
    _some_events()
    from jixiao.cli import main

    assert main(["audit-log", "verify"]) == 0
    assert "审计日志完整" in capsys.readouterr().out


WRITER = textwrap.dedent("""
    import os, sys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    django.setup()
    from jixiao.web.audit.log import record, record_changes
    for i in range(int(sys.argv[2])):
        if i % 3:
            record("login", username=f"{sys.argv[1]}-{i}")
        else:
            record_changes(None, "evaluation", i, [(f"f{i}", "a", "b"), (f"g{i}", "c", "d")])
""")


def _writers_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "JIXIAO_DATA": str(tmp_path)}
    if connection.vendor == "postgresql":  # the test database, whose rows this transactional test can see
        settings = connection.settings_dict
        env["DATABASE_URL"] = (f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
                               f"{settings['PORT'] or 5432}/{settings['NAME']}")
    else:  # an SQLite file of its own (the test database lives in memory, out of other processes' reach)
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env={
            **env, "DJANGO_SETTINGS_MODULE": "jixiao.web.settings"}, check=True)
    return env


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain(tmp_path):
    """Four processes, each writing 30 times (single events and batches), at once."""
    env = _writers_env(tmp_path)
    processes = [subprocess.Popen([sys.executable, "-c", WRITER, f"w{n}", "30"], env=env, stderr=subprocess.PIPE)
                 for n in range(4)]
    errors = [p.communicate(timeout=300)[1].decode() for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], errors
    check = subprocess.run([sys.executable, "-m", "jixiao.cli", "audit-log", "verify"], env=env,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    # 4 writers × (20 single events + 10 batches of 2)
    assert "共 160 条事件" in check.stdout


# ---------------------------------------------------------------------------------------- refusals and exports
@pytest.mark.django_db
def test_refusals_of_another_bureaus_report_audit_and_export_are_logged(evaluations):
    from django.contrib.auth import get_user_model

    from jixiao.web.bureau.models import ExportJob, ReportAudit
    from jixiao.web.organisations.models import FinanceBureau

    report = ReportAudit.objects.create(finance_bureau=FinanceBureau.objects.get(name="昌黎县财政局"), name="x.docx")
    job = ExportJob.objects.create(user=get_user_model().objects.get(username="changli_finance"), year=2023)
    client = client_for("tongcheng_finance")
    urls = [f"/bureau/reports/{report.pk}/", f"/bureau/export/{job.pk}/", f"/bureau/export/{job.pk}/download/"]
    for url in urls:
        assert client.get(url).status_code == 404
    refused = AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, username="tongcheng_finance")
    assert refused.count() == 3
    assert all(any(e.detail.startswith(f"GET {url}") for e in refused) for url in urls)
    assert client.get("/bureau/reports/999999/").status_code == 404  # nothing there: nothing refused
    assert refused.count() == 3


@pytest.mark.django_db
def test_zip_and_version_downloads_are_export_events(evaluations):
    from django.contrib.auth import get_user_model

    from jixiao.web.bureau.models import ExportChunk, ExportJob

    finance = get_user_model().objects.get(username="tongcheng_finance")
    job = ExportJob.objects.create(user=finance, year=2023, state=ExportJob.State.DONE)
    ExportChunk.objects.create(job=job, index=0, data=b"PK\x05\x06" + b"\0" * 18)  # an empty zip, as built
    response = client_for("tongcheng_finance").get(f"/bureau/export/{job.pk}/download/")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert AuditEvent.objects.filter(action=Action.EXPORT, username="tongcheng_finance", object_type="export",
                                     object_id=str(job.pk), detail__contains="压缩包").exists()

    tongcheng = evaluations["tongcheng"]
    Version.objects.create(evaluation=tongcheng, number=1, status=tongcheng.status, document=tongcheng.document)
    assert client_for("tongcheng_reviewer").get(f"/evaluations/{tongcheng.pk}/versions/1.json").status_code == 200
    assert AuditEvent.objects.filter(action=Action.EXPORT, username="tongcheng_reviewer", object_type="evaluation",
                                     object_id=str(tongcheng.pk), detail__contains="第 1 版").exists()


# ------------------------------------------------------------------------------------------- frozen versions
@pytest.mark.django_db
def test_frozen_versions_cannot_be_changed_or_deleted_in_the_database(evaluations):
    tongcheng = evaluations["tongcheng"]
    version = Version.objects.create(evaluation=tongcheng, number=1, status=tongcheng.status,
                                     document=tongcheng.document, note="提交")
    attempts = [
        lambda: Version.objects.filter(pk=version.pk).update(note="改过"),
        lambda: Version.objects.filter(pk=version.pk).delete(),
        lambda: connection.cursor().execute("UPDATE evaluations_version SET score = 1"),
        lambda: connection.cursor().execute("DELETE FROM evaluations_version"),
        lambda: tongcheng.delete(),  # the cascade would delete the versions
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert Version.objects.get(pk=version.pk).note == "提交"


@pytest.mark.django_db
def test_events_written_with_the_orm_directly_join_the_chain_too(demo):
    before = AuditEvent.objects.count()  # what the demo wrote
    AuditEvent.objects.create(action=Action.LOGIN, username="carol")
    AuditEvent.objects.bulk_create([AuditEvent(action=Action.CHANGE, field=f"f{i}") for i in range(3)])
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, before + 5))
    assert chain.verify().intact
