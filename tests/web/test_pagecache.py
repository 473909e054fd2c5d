"""The page cache (jixiao/web/pagecache): a page is served again only while nothing it shows has changed, and a
page served again is the page a fresh drawing gives."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import F

from jixiao.io.rule_files import SHIPPED
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.organisations.models import Department
from jixiao.web.pagecache import revision
from jixiao.web.pagecache.middleware import SKIPPED_PREFIXES

from .conftest import client_for
from .crawl import spider
from .test_permissions import ALL_USERS

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _same_page(html: str) -> str:
    """A page without its forms' CSRF tokens (each drawing masks the same secret anew)."""
    return TOKEN.sub(r'\1…"', html)


def _browser(username: str):
    """A signed-in client holding the CSRF cookie, as a browser does from the login form on."""
    client = client_for(username)
    client.get("/", follow=True)
    assert client.cookies.get("csrftoken")
    return client


def _warm(client, url: str):
    """The page twice: drawn (and kept), then served again (`_twice_within_a_minute`)."""
    return _twice_within_a_minute(client, url)


def test_every_tracked_table_has_the_revision_trigger(db):
    tracked = revision.tracked_tables(connection)
    assert "evaluations_evaluation" in tracked and "django_session" not in tracked
    assert revision.install(connection) == 0  # installed by migrate already: nothing left to add
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'jx_rev_*'")
        else:
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = 'jx_rev'")
        assert {row[0] for row in cursor.fetchall()} == set(tracked)


def test_writes_of_every_kind_move_the_revision_and_session_writes_do_not(evaluations):
    evaluation = evaluations["tongcheng"]
    before = revision.current(connection)
    Evaluation.objects.filter(pk=evaluation.pk).update(score=evaluation.score)  # update(), no signal
    after_update = revision.current(connection)
    with connection.cursor() as cursor:  # raw SQL
        cursor.execute("UPDATE evaluations_evaluation SET year = year WHERE id = %s", [evaluation.pk])
    after_raw = revision.current(connection)
    client = client_for("tongcheng_preparer")  # a login writes only the session (and the user's last login)
    session_before = revision.current(connection)
    session = client.session
    session["anything"] = 1
    session.save()
    assert before < after_update < after_raw
    assert revision.current(connection) == session_before


def test_a_page_is_served_again_until_the_data_it_shows_changes(evaluations):
    evaluation = evaluations["tongcheng"]
    client = _browser("tongcheng_preparer")
    url = f"/evaluations/{evaluation.pk}/"
    first, again = client.get(url), client.get(url)
    assert first.status_code == again.status_code == 200
    assert "X-Page-Cache" not in first and again["X-Page-Cache"] == "hit"
    assert _same_page(first.content.decode()) == _same_page(again.content.decode())
    # a write no page-level signal sees (update(), as a batch's rescoring item does)
    Department.objects.filter(pk=evaluation.department_id).update(name="改名后的单位名称")
    changed = client.get(url)
    assert "X-Page-Cache" not in changed
    assert "改名后的单位名称" in changed.content.decode()


def _kept_tables() -> set[str]:
    """The tables the one page in the cache was kept under (the local-memory cache's own entries, unpickled)."""
    import pickle

    from django.core.cache import caches

    [entry] = caches["pages"]._cache.values()
    return set(pickle.loads(entry)[0])


def test_a_write_to_a_table_the_page_never_read_leaves_it_served(evaluations):
    """Revisions are per table: a department's page stays served while another part of the cycle (here the bureau's
    rectification notices) is written; a write to what it shows draws it afresh."""
    from jixiao.web.result_application.models import RectificationNotice as Notice

    evaluation = evaluations["tongcheng"]
    client = _browser("tongcheng_preparer")
    url = f"/evaluations/{evaluation.pk}/"
    assert _warm(client, url)["X-Page-Cache"] == "hit"
    tables = _kept_tables()
    assert {"evaluations_evaluation", "organisations_department", "auth_user", revision.EVERYTHING} <= tables
    assert Notice._meta.db_table not in tables
    with connection.cursor() as cursor:  # a write to a table it did not read: raw SQL, as a migration's step
        cursor.execute(f'UPDATE "{Notice._meta.db_table}" SET id = id')
        cursor.execute(f'INSERT INTO "{revision.TABLE}" ("key", table_name, n) VALUES (%s, %s, 1) '
                       f'ON CONFLICT ("key") DO UPDATE SET n = "{revision.TABLE}".n + 1',
                       [Notice._meta.db_table, Notice._meta.db_table])  # an empty table's UPDATE fires no row trigger
    assert client.get(url)["X-Page-Cache"] == "hit"
    Evaluation.objects.filter(pk=evaluation.pk).update(year=evaluation.year)  # the same values, a write all the same
    assert "X-Page-Cache" not in client.get(url)


def test_a_migration_or_a_restore_moves_every_page(evaluations):
    client = _browser("tongcheng_preparer")
    assert _warm(client, "/evaluations/")["X-Page-Cache"] == "hit"
    revision.install(connection)  # what every migrate ends with
    assert "X-Page-Cache" not in client.get("/evaluations/")
    assert client.get("/evaluations/")["X-Page-Cache"] == "hit"
    revision.advance_past(connection, revision.current(connection) + 10)  # a restore of data kept at a later point
    assert "X-Page-Cache" not in client.get("/evaluations/")


def test_ended_processes_rows_are_folded_and_no_table_revision_changes(db):
    """PostgreSQL keeps a row per table and server process; the worker folds those of ended processes into one row
    per table. SQLite has one row per table: nothing to fold."""
    table = "evaluations_evaluation"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # two rows of a process that ended (pids above Linux's pid_max)
            for key in (f"{table}:4194305", "organisations_department:4194306"):
                cursor.execute(f'INSERT INTO "{revision.TABLE}" ("key", table_name, n) VALUES (%s, %s, 5)',
                               [key, key.split(":")[0]])
        before = revision.revisions(connection)
        folded = revision.fold(connection)
        assert revision.revisions(connection) == before
        cursor.execute(f'SELECT COUNT(*) FROM "{revision.TABLE}" WHERE "key" LIKE %s', ["%:419430_"])
        assert (folded, cursor.fetchone()[0]) == ((2, 0) if connection.vendor == "postgresql" else (0, 0))


def test_the_whole_database_revisions_triggers_are_replaced(evaluations):
    """A database from before table revisions (pagecache 0001) has a trigger on every table writing one number; the
    migration replaces them, so that no write after it fails on the old table."""
    table = "organisations_department"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{revision.OLD_TABLE}" ("key" bigint PRIMARY KEY, n bigint NOT NULL)')
        bump = f'INSERT INTO "{revision.OLD_TABLE}" ("key", n) VALUES (0, 1) ON CONFLICT ("key") DO UPDATE SET n = 1'
        if connection.vendor == "sqlite":
            cursor.execute(f'CREATE TRIGGER {revision.OLD_TRIGGER}_{table}_update AFTER UPDATE ON "{table}" '
                           f"BEGIN {bump}; END;")
        else:
            cursor.execute(f"CREATE FUNCTION {revision.OLD_TRIGGER}_bump() RETURNS trigger AS $$ BEGIN {bump}; "
                           "RETURN NULL; END; $$ LANGUAGE plpgsql")
            cursor.execute(f'CREATE TRIGGER {revision.OLD_TRIGGER} AFTER UPDATE ON "{table}" '
                           f"FOR EACH STATEMENT EXECUTE FUNCTION {revision.OLD_TRIGGER}_bump()")
        assert revision._existing(connection, revision.OLD_TRIGGER)
        revision.install(connection)
        assert revision._existing(connection, revision.OLD_TRIGGER) == set()
        cursor.execute(f'DROP TABLE "{revision.OLD_TABLE}"')  # as the migration does after replacing them
        before = revision.revisions(connection).get(table, 0)
        Department.objects.update(name=F("name"))
        assert revision.revisions(connection)[table] > before


def test_pages_are_kept_per_session(evaluations):
    url = "/bureau/"
    reviewer, other = _browser("tongcheng_finance"), _browser("tongcheng_finance")
    _warm(reviewer, url)
    assert "X-Page-Cache" not in other.get(url)  # another session (even of the same user) draws its own
    assert other.get(url)["X-Page-Cache"] == "hit"


def test_a_forced_reload_draws_the_page_afresh(evaluations):
    client = _browser("tongcheng_finance")
    assert _warm(client, "/bureau/")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/bureau/", HTTP_CACHE_CONTROL="no-cache")
    assert "X-Page-Cache" not in client.get("/bureau/", HTTP_PRAGMA="no-cache")


def test_a_message_is_shown_once_and_its_page_is_not_kept(evaluations):
    """A refused submission writes nothing and says why on the page it returns to: that page is drawn afresh (a kept
    copy has no message) and not kept (the message would come back); the page after it is the kept one again."""
    changli = evaluations["changli"]
    client = _browser("changli_preparer")
    url = f"/evaluations/{changli.pk}/"
    assert _warm(client, url)["X-Page-Cache"] == "hit"
    refused = client.post(f"{url}workflow/submit/")
    assert refused.status_code == 302 and refused["Location"] == url
    with_message = client.get(url)
    assert "还有 1 个错误未改正" in with_message.content.decode() and "X-Page-Cache" not in with_message
    after = client.get(url)
    assert after["X-Page-Cache"] == "hit" and "还有 1 个错误未改正" not in after.content.decode()


def test_a_page_that_reads_the_clock_is_not_kept(evaluations):
    """Whether a worker is alive depends on the time since its heartbeat, which no write marks."""
    from jixiao.web.worker.recovery import workers_alive
    from jixiao.web import pagecache
    from jixiao.web.pagecache import _DO_NOT_KEEP

    marker: list = []
    token = _DO_NOT_KEEP.set(marker)
    try:
        workers_alive()
    finally:
        _DO_NOT_KEEP.reset(token)
    assert marker == [True]
    assert pagecache.no_store("r") == "r"


def test_without_the_csrf_cookie_a_page_is_not_kept(evaluations):
    """Its forms carry a token for the cookie the page itself hands out, which a kept copy could not."""
    client = _browser("tongcheng_finance")
    client.get("/bureau/")
    assert client.get("/bureau/")["X-Page-Cache"] == "hit"
    client.cookies.pop("csrftoken")
    assert "X-Page-Cache" not in client.get("/bureau/")


@pytest.mark.parametrize("user", ALL_USERS)
def test_every_page_served_again_is_the_page_drawn_afresh(evaluations, user):
    """The crawl's pages, as each demo user: every page asked for twice is served from the cache the second time, and
    that page equals the page drawn anew (so no page depends on anything outside its key: the clock, files, another
    process's memory)."""
    client = _browser(user)
    pages = [v.url for v in spider(client, "/", user=user) if v.status == 200 and "<html" in v.html]
    pages = [url for url in pages if not url.startswith(SKIPPED_PREFIXES)]
    assert pages
    not_served = []
    for url in pages:
        kept = _twice_within_a_minute(client, url)
        fresh = client.get(url, HTTP_CACHE_CONTROL="no-cache")
        assert "X-Page-Cache" not in fresh
        assert _same_page(kept.content.decode()) == _same_page(fresh.content.decode()), (user, url)
        if kept.get("X-Page-Cache") != "hit":
            not_served.append(url)
    assert not_served == [], user


def _twice_within_a_minute(client, url: str):
    """The page asked for twice, the second answer returned; asked again when the two fell on either side of a minute's
    turn (the minute is part of a kept page's key: across it the second is drawn afresh, as it should be)."""
    import time

    for _ in range(2):
        minute = int(time.time() // 60)
        client.get(url)
        kept = client.get(url)
        if int(time.time() // 60) == minute:
            break
    return kept


def test_a_rule_file_edited_while_the_application_runs_is_seen_at_once(evaluations, tmp_path, monkeypatch):
    """The pages read a bureau's own rule files again when they change (monitoring, risk): a page kept under the old
    files is not served for the new ones."""
    import time

    from jixiao.web.pagecache import middleware

    client = _browser("tongcheng_finance")
    assert _warm(client, "/bureau/")["X-Page-Cache"] == "hit"
    (tmp_path / "risk.yaml").write_text((SHIPPED / "risk.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))
    monkeypatch.setattr(middleware, "_RULES_SEEN", [time.monotonic() - 1, ()])  # the once-a-second look is due
    assert "X-Page-Cache" not in client.get("/bureau/")



def test_the_authenticators_secret_is_never_kept(evaluations):
    client = _browser("changli_preparer")  # a preparer may enrol an authenticator: the page shows its secret
    enrolment = _warm(client, "/accounts/two-factor/")
    assert "X-Page-Cache" not in enrolment and 'data-testid="otp-secret"' in enrolment.content.decode()


def test_the_password_form_is_served_again_and_its_tokens_are_accepted(evaluations):
    """Django's password view renews the CSRF cookie with the same value at every drawing: its page is kept, and the
    form of the copy served posts with a token the server accepts (a wrong current password is the form's error, not
    a refusal of the token)."""
    client = _browser("changli_preparer")
    client.handler.enforce_csrf_checks = True
    served = _warm(client, "/accounts/password/")
    assert served["X-Page-Cache"] == "hit" and not served.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', served.content.decode()).group(1)
    answer = client.post("/accounts/password/", {"csrfmiddlewaretoken": token, "old_password": "不是这个密码",
                                                  "new_password1": "Xq7-长城-2026-z", "new_password2": "Xq7-长城-2026-z"})
    assert answer.status_code == 200 and "您的旧密码不正确，请重新输入。" in answer.content.decode()


def test_public_pages_are_kept_for_every_visitor_without_a_session(evaluations):
    """The portal is read by the public without signing in: one kept page serves every such visitor until a
    publication (a write to a table the page reads) changes it; a visitor holding a stale session cookie is drawn
    afresh (the answer deletes that cookie, which a kept copy would not)."""
    from django.test import Client

    from jixiao.web.disclosure.models import Publication

    Publication.objects.all().delete()
    tongcheng = evaluations["tongcheng"]
    Evaluation.objects.filter(pk=tongcheng.pk).update(status="accepted")
    first_visitor, second_visitor = Client(), Client()
    url, bureau = "/public/", f"/public/bureaus/{tongcheng.department.finance_bureau_id}/"
    kept = _twice_within_a_minute(first_visitor, url)
    assert kept["X-Page-Cache"] == "hit" and not first_visitor.cookies
    assert "目前没有公开的评价" in kept.content.decode() and bureau not in kept.content.decode()
    assert second_visitor.get(url)["X-Page-Cache"] == "hit"

    published = client_for("tongcheng_finance").post(
        "/public/manage/", {"evaluation": tongcheng.pk, "action": "publish"})
    assert published.status_code == 302 and Publication.objects.filter(evaluation=tongcheng).exists()
    after = first_visitor.get(url)
    assert "X-Page-Cache" not in after and bureau in after.content.decode()
    assert second_visitor.get(url)["X-Page-Cache"] == "hit"

    stale = Client()
    stale.cookies["sessionid"] = "no-such-session"
    assert "X-Page-Cache" not in stale.get(url)
    signed_in = _browser("tongcheng_finance")
    assert "X-Page-Cache" not in signed_in.get(url)  # a session's pages are its own


def test_every_public_page_served_again_is_the_page_drawn_afresh(evaluations):
    """The portal's pages as a visitor without a session sees them (通城 published): each asked for twice is served
    from the cache the second time and equals the page drawn anew."""
    from django.test import Client

    Evaluation.objects.filter(pk=evaluations["tongcheng"].pk).update(status="accepted")
    reviewer = client_for("tongcheng_finance")
    assert reviewer.post("/public/manage/", {"evaluation": evaluations["tongcheng"].pk,
                                              "action": "publish"}).status_code == 302
    pages = [v.url for v in spider(Client(), "/public/") if v.status == 200 and "<html" in v.html]
    pages = [url for url in pages if not url.startswith(SKIPPED_PREFIXES)]  # the sign-in form the header links
    assert f"/public/evaluations/{evaluations['tongcheng'].pk}/" in pages and "/public/data/" in pages
    visitor = Client()  # with no cookie at all (the spider's visit to the sign-in form got one)
    for url in pages:
        kept = _twice_within_a_minute(visitor, url)
        fresh = visitor.get(url, HTTP_CACHE_CONTROL="no-cache")
        assert kept["X-Page-Cache"] == "hit", url
        assert "X-Page-Cache" not in fresh and kept.content == fresh.content, url
    assert not visitor.cookies


def test_the_tables_a_statement_names_are_found_once_and_as_the_pattern_finds_them():
    """noting's memo (middleware._named) answers what scanning the statement answers, the second time without
    scanning; a statement naming a table inside a longer name or a column names only what stands alone."""
    from jixiao.web.pagecache import middleware

    pattern = revision.table_pattern(["evaluations_evaluation", "evaluations_evaluationversion", "audit_auditevent"])
    sql = ('SELECT "evaluations_evaluation"."id", x.evaluations_evaluation_id FROM "evaluations_evaluation" '
           'JOIN "evaluations_evaluationversion" ON 1 = 1 WHERE name = \'audit_auditevents\'')
    first = middleware._named(pattern, sql)
    assert first == {"evaluations_evaluation", "evaluations_evaluationversion"} == set(pattern.findall(sql))
    assert middleware._named(pattern, sql) is first
    read: set[str] = set()
    middleware.noting(pattern, read)(lambda *args: None, sql, [], False, {})
    assert read == first
