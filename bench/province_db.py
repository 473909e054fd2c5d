"""A province in PostgreSQL: load it through the application (`jixiao province-load`), then time the bureau's pages
over it beside the floor (/health/) measured in the same run, against the 300 ms p95 target (issue 11 §1).

    python bench/province_db.py --database-url postgres://postgres@127.0.0.1:5432/jx_province --fresh
    python bench/province_db.py --departments 400 --fresh     # a tenth, for a quick look
    python bench/province_db.py --departments 400              # reuse what an earlier run loaded; pages only

The province is generated once (bench/generate_province.py, deterministic) under bench/data/. `--fresh` empties the
database named first (every table of its public schema): use a database of your own. Without it, a database that
already holds the province is reused and only the pages are timed. Pages are requested one after another through
Django's test client in this process (no network, no concurrency), signed in as the province's reviewer, who sees
every bureau. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 300


def setup(database_url: str) -> None:
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("需要 PostgreSQL：--database-url postgres://用户@主机:端口/数据库（或环境变量 DATABASE_URL）")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def empty_database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def already_loaded(departments: int, years: int) -> bool:
    from django.db import DatabaseError

    from jixiao.web.analytics.models import EvaluationRow
    from jixiao.web.organisations.models import Department

    try:
        return Department.objects.filter(generated=True, finance_bureau__name__startswith="示范省").count() \
            == departments and EvaluationRow.objects.count() >= departments * years
    except DatabaseError:  # no tables yet
        return False


def load(paths: list[Path], years: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from jixiao.web.province.load import Options
    from jixiao.web.province.load import load as load_province

    call_command("migrate", interactive=False, verbosity=0)
    loaded = load_province(paths, Options(years=years), progress=_every_tenth(len(paths)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would do soon after: the planner sees the new rows
    print(f"导入：{loaded.line()}")


def _every_tenth(total: int):
    step = max(1, total // 10)
    done = [0]

    def show(line: str) -> None:
        done[0] += 1
        if done[0] % max(1, step // 50) == 0:
            print("  " + line, flush=True)

    return show


def signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from jixiao.web.accounts import twofactor
    from jixiao.web.province.load import REVIEWER

    user = get_user_model().objects.get(username=REVIEWER)
    client = Client()
    client.force_login(user)
    device = twofactor.confirmed_device(user) or twofactor.create_confirmed_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages() -> dict[str, str]:
    from jixiao.web.analytics.models import EvaluationRow
    from jixiao.web.organisations.models import Department

    year = EvaluationRow.objects.order_by("-year").values_list("year", flat=True).first()
    middle = Department.objects.filter(generated=True).order_by("pk").values_list("name", flat=True)
    name = middle[middle.count() // 2]
    return {
        "下限 /health/": "/health/",
        "财政首页（自评一览）": "/bureau/",
        "财政首页 第 20 页": "/bureau/?page=20",
        "财政首页 按得分排序、某年度": f"/bureau/?year={year}&sort=-score",
        "财政首页 搜索部门名称": f"/bureau/?q={name}",
        "统计分析 部门×年度": "/analytics/",
        "统计分析 部门×年度 第 10 页": "/analytics/?page=10",
        "统计分析 排名（得分）": "/analytics/rankings/",
        "统计分析 排名（风险分）": "/analytics/rankings/?by=risk",
        "统计分析 趋势": "/analytics/trends/",
        "统计分析 分布": "/analytics/distributions/",
        "绩效自评 列表": "/evaluations/",
        "抽查复核 风险排序": "/review/",
        "结果应用": "/results/",
        "运行监控 总览": "/monitoring/overview/",
        "绩效目标 列表": "/goals/",
        "批量任务": "/batches/",
        "公开 门户": "/public/",
        "开放数据 自评 JSON": "/public/data/evaluations.json",
    }


def measure(client, url: str, requests: int) -> tuple[float, float, float, int]:
    """The first request's time (figures kept by revision not yet computed), then p50 and p95 of `requests` more
    after another one to warm up."""
    start = time.perf_counter()
    client.get(url)
    first = (time.perf_counter() - start) * 1000
    response = client.get(url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return first, statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))], response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description="Province load and bureau pages on PostgreSQL")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--departments", type=int, default=4000)
    parser.add_argument("--projects", type=int, default=25)
    parser.add_argument("--years", type=int, choices=(1, 2), default=2)
    parser.add_argument("--requests", type=int, default=30, help="requests per page (after two to warm up)")
    parser.add_argument("--fresh", action="store_true", help="empty the database first and load again")
    args = parser.parse_args()
    setup(args.database_url)
    from bench.generate_province import generate

    out = ROOT / "bench" / "data" / f"province-{args.departments}-{args.projects}"
    started = time.perf_counter()
    paths = generate(out, args.departments, args.projects)
    print(f"全省数据：{len(paths)} 个部门文件（{out}，生成或沿用 {time.perf_counter() - started:.1f} 秒）")
    if args.fresh:
        empty_database()
    if already_loaded(args.departments, args.years):
        print("数据库中已有这个省的数据：跳过导入，只测页面（--fresh 重新导入）")
    else:
        load(paths, args.years)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"数据库大小：{cursor.fetchone()[0]}")
    client = signed_in_client()
    print(f"页面（测试客户端顺序请求，每页 {args.requests} 次；目标 p95 < {TARGET_MS} ms；"
          f"{os.cpu_count()} 核，与其他进程共用）")
    floor = None
    for label, url in pages().items():
        first, p50, p95, status = measure(client, url, args.requests)
        floor = floor or p95
        verdict = "达标" if p95 < TARGET_MS else "未达标"
        print(f"  {label:　<16} 首次 {first:7.1f} ms  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {p95 / floor:6.1f}× 下限  "
              f"HTTP {status}  {verdict}")


if __name__ == "__main__":
    main()
