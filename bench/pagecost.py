"""Instructions per page drawn afresh, counted by callgrind in this process (no server, no load, no other agent's
CPU in the figure): what a forced reload costs each page kind, beside /health/ and a signed-in request for a missing
address (what every signed-in page pays before its view). Wall time on a shared machine moves; instructions do not.

    python bench/pagecost.py --data /tmp/jx-pages                  # the full demo built there once, then every kind
    python bench/pagecost.py --data /tmp/jx-pages --only review    # kinds, users or addresses matching a regex
    python bench/pagecost.py --data /tmp/jx-pages --only review --html /tmp/before   # and keep each page's HTML
    python bench/pagecost.py --data /tmp/jx-pages --only review --profile             # cProfile of one drawing

The first run builds the full demo (what ./run.sh serves) in --data and finds the pages the way bench/web.py does
(every demo user follows links; the largest page of each kind); later runs reuse both (pages.json). Each page is
asked for once to warm up (drawn afresh too: imports, templates, what is kept per process), then once more with Cache-Control:
no-cache (bench/web.py's forced reload: drawn afresh, never the page cache's copy) between two os.getppid() calls,
so that callgrind --dump-before=getppid writes that request's instructions to a file of its own. --html writes each
page's HTML with CSRF tokens and other per-request values masked, for diffing before and after a change; --keep
leaves the callgrind files (for callgrind_annotate) in --data/callgrind.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEALTH = "/health/"
MISSING = "/no-such-page/"
# values that differ from one request or one build of the database to another, not from the page's drawing
MASKS = (
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+'), rb"\1CSRF"),
    (re.compile(rb'(csrf[_-]?token["\']?\s*[:=]\s*["\'])[^"\']+', re.I), rb"\1CSRF"),
    (re.compile(rb'(nonce=")[^"]+'), rb"\1NONCE"),
    (re.compile(rb"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?"), rb"TIME"),
    (re.compile(rb"\d{4}\xe5\xb9\xb4\d{1,2}\xe6\x9c\x88\d{1,2}\xe6\x97\xa5 ?\d{1,2}:\d\d"), rb"TIME"),  # 年月日 时:分
    (re.compile(rb'(data-request-id=")[^"]+'), rb"\1ID"),
    (re.compile(rb'(data-testid="request-id">)[0-9a-f]+'), rb"\1ID"),  # an error page's request id
)


def setup(data: Path) -> None:
    os.environ["JIXIAO_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def prepare(data: Path) -> list[dict]:
    """The full demo in `data` and the pages found in it (kept in pages.json), once."""
    listing = data / "pages.json"
    if listing.exists():
        return json.loads(listing.read_text(encoding="utf-8"))
    data.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from bench.web import discover, prepare as load

    found, _ = discover(load(data, full=True))
    pages = [{"kind": p.kind, "user": p.user, "path": p.path} for p in sorted(found.values(), key=lambda p: p.kind)]
    listing.write_text(json.dumps(pages, ensure_ascii=False, indent=1), encoding="utf-8")
    return pages


def masked(html: bytes) -> bytes:
    for pattern, replacement in MASKS:
        html = pattern.sub(replacement, html)
    return html


def file_name(page: dict) -> str:
    return re.sub(r"[^\w.-]+", "_", f"{page['path']}__{page['user']}").strip("_")[:150] + ".html"


def measure(data: Path, pages: list[dict], html: Path | None, profile: bool) -> None:
    """Each page warmed, then drawn afresh between two getppid() calls (one callgrind dump each)."""
    from django.conf import settings
    from django.test import Client

    from bench.webclient import signed_in_client
    from bench.web import VISITOR

    # the test client's host name allowed; not setup_test_environment(), whose instrumented templates copy every
    # template's context for the test client (a cost no server pays)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clients: dict[str, Client] = {}

    def client_of(user: str):
        if user not in clients:
            clients[user] = Client() if user in ("—", VISITOR) else signed_in_client(user)
        return clients[user]

    reference = next((p["user"] for p in pages if p["user"] not in ("—", VISITOR)), None)
    runs = [{"kind": "health/（下限）", "user": "—", "path": HEALTH}]
    if reference:
        runs.append({"kind": "已登录、不存在的地址（参照）", "user": reference, "path": MISSING})
    runs += pages
    order = []
    for page in runs:
        client = client_of(page["user"])
        # warm: imports, templates, what each process keeps; drawn, not the page cache's copy (a kept copy would leave
        # the templates and imports to the measured request: monitoring/overview/ counted 88 M one run, 35 M the next)
        client.get(page["path"], HTTP_CACHE_CONTROL="no-cache")
        if profile and page["path"] not in (HEALTH, MISSING):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            client.get(page["path"], HTTP_CACHE_CONTROL="no-cache")
            profiler.disable()
            print(f"==== {page['kind']} {page['path']}")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(35)
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(45)
        # a full collection of what earlier pages left would otherwise land on whichever page comes next (the
        # overview counted 88 M after fifty other pages, 35 M alone): each page pays for its own garbage only
        gc.collect()
        os.getppid()
        response = client.get(page["path"], HTTP_CACHE_CONTROL="no-cache")  # a forced reload: drawn afresh
        os.getppid()
        order.append({**page, "status": response.status_code, "bytes": len(response.content)})
        if html is not None and page["path"] not in (HEALTH, MISSING):
            html.mkdir(parents=True, exist_ok=True)
            (html / file_name(page)).write_bytes(masked(response.content))
    (data / "order.json").write_text(json.dumps(order, ensure_ascii=False), encoding="utf-8")


def report(data: Path, prefix: Path) -> None:
    """Instructions of each measured request: dump 1 is start-up and the first warm-up, then each page's request
    (even) and the next page's warm-up (odd)."""
    order = json.loads((data / "order.json").read_text(encoding="utf-8"))
    counts = []
    for number in range(2, 2 + 2 * len(order), 2):
        text = Path(f"{prefix}.{number}").read_text(errors="replace")
        counts.append(int(re.search(r"^summary: (\d+)", text, re.M).group(1)))
    floor = counts[0]
    print(f"{'页面种类':<44} {'用户':<18} {'百万条指令':>10} {'÷/health/':>9} {'KB':>5}  地址")
    for page, count in zip(order, counts):
        print(f"{page['kind'][:44]:<44} {page['user'][:18]:<18} {count / 1e6:10.1f} {count / floor:8.1f}× "
              f"{page['bytes'] / 1024:5.0f}  {page['path']}" + ("" if page["status"] == 200 else f" [{page['status']}]"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="data folder: the demo is built there once")
    parser.add_argument("--only", default="", help="a regular expression matched against kind, user and address")
    parser.add_argument("--html", type=Path, help="write each page's masked HTML to this folder")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each page instead of counting")
    parser.add_argument("--keep", action="store_true", help="keep the callgrind files in DATA/callgrind")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # run under callgrind
    args = parser.parse_args()
    data = args.data.resolve()
    sys.path.insert(0, str(ROOT))
    if args.measure or args.profile:
        setup(data)
        pages = [p for p in json.loads((data / "pages.json").read_text(encoding="utf-8"))
                 if re.search(args.only, f"{p['kind']} {p['user']} {p['path']}")]
        measure(data, pages, args.html, args.profile)
        return
    if not (data / "pages.json").exists():
        setup(data)
        prepare(data)
    out = data / "callgrind"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    command = ["valgrind", "--tool=callgrind", "--dump-before=getppid", f"--callgrind-out-file={out}/cg",
               sys.executable, __file__, "--data", str(data), "--only", args.only, "--measure",
               *(["--html", str(args.html.resolve())] if args.html else [])]
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    report(data, out / "cg")
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
