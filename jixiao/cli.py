"""The `jixiao` command: score, explain and check evaluations; list schemes.

Errors in use (a missing file, bad YAML, an unknown scheme) are one clear line on stderr and exit status 2, never a
traceback. `jixiao check` exits 1 when it finds errors.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from jixiao.core.checks import registered_checks, run_checks
from jixiao.core.engine import score_evaluation
from jixiao.core.unchecked import unchecked
from jixiao.core.errors import InputError
from jixiao.core.explain import UnknownPath, explain_path
from jixiao.io import terminal
from jixiao.io.charts import FontMissing
from jixiao.io.evaluation_file import read_evaluation
from jixiao.io.scheme_files import load_library

EXIT_FINDINGS, EXIT_USAGE, EXIT_UNAUDITABLE = 1, 2, 3


def _load(args: argparse.Namespace):
    library = load_library(*(args.schemes or []))
    evaluation = read_evaluation(args.file)
    return evaluation, library, score_evaluation(evaluation, library)


def cmd_score(args: argparse.Namespace) -> int:
    evaluation, library, result = _load(args)
    if args.json:
        _print_json(terminal.result_json(evaluation, result))
        return 0
    blocks = [terminal.render_overview(evaluation, result)]
    if result.department is not None:
        blocks.append(terminal.render_card(result.department, f"{evaluation.department.name} {evaluation.year} 年度部门整体绩效自评表"))
    for project in result.projects:
        if project.card is not None and (args.all or args.project == project.index + 1):
            blocks.append(terminal.render_card(project.card, f"项目 {project.index + 1}：{project.project.name}"))
    blocks.append(terminal.render_projects(result))
    print("\n\n".join(b for b in blocks if b))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    evaluation, library, result = _load(args)
    lines = explain_path(evaluation, result, args.path, library)
    lines[0] += f"　[{args.path.strip() or 'total'}]"  # the path, for scripts that read the output
    print("\n".join(lines))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    evaluation, library, result = _load(args)
    findings = run_checks(evaluation, library, result, only=args.only)
    gaps = unchecked(evaluation, result) if args.only is None else None
    unauditable = gaps is not None and not gaps.auditable  # nothing a check reads: never 未发现问题 (as on the web)
    code = EXIT_UNAUDITABLE if unauditable else EXIT_FINDINGS if any(f.severity == "error" for f in findings) else 0
    if args.json:  # the findings alone, as scripts read them; the exit code as in text
        _print_json([terminal.finding_json(f) for f in findings])
    elif unauditable:
        print(f"无法审核：{gaps.nothing}。")
    else:
        clean = "已填写的内容中未发现问题；下列“尚未审核”的内容未经核对，不能视为没有问题。"
        print(clean if gaps and not findings else terminal.render_findings(findings))
        if gaps:
            print(f"尚未审核（{len(gaps.parts)}）\n" + "\n".join(f"  {reason}。" for _, reason in gaps.parts))
    return code


def cmd_schemes(args: argparse.Namespace) -> int:
    library = load_library(*(args.schemes or []))
    rows = []
    for scheme in library.schemes.values():
        shape = "框架" if scheme.framework else ("按年度目标" if scheme.goals else "按一级指标")
        execution = scheme.execution.weight if scheme.execution else "—"
        rows.append([scheme.id, scheme.name, {"project": "项目", "department": "部门整体"}[scheme.applies_to], shape,
                     str(execution), str(scheme.total_weight), scheme.grade_scale])
    print(terminal.table(["编号", "名称", "对象", "结构", "预算执行", "总分", "等级量表"], rows))
    print()
    scale_rows = [[s.id, s.name, "，".join(f"{b.name} ≥{b.min}" for b in s.bands[:-1]) + f"，{s.bands[-1].name}"]
                  for s in library.grade_scales.values()]
    print(terminal.table(["等级量表", "名称", "划分"], scale_rows))
    return 0


def cmd_checks(args: argparse.Namespace) -> int:
    print(terminal.table(["代码", "检查内容"], [[c.code, c.title] for c in registered_checks()]))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Extract a report's facts, run every check and the text checks, and print what a reviewer should see."""
    from jixiao.io.extract.audit import audit_file
    from jixiao.io.extract.readers import UploadError

    library = load_library(*(args.schemes or []))
    try:
        audit = audit_file(args.file, library)
    except UploadError as error:
        print(f"jixiao: {args.file}：{error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        _print_json({"file": str(args.file), "seconds": round(audit.seconds, 3),
                     "summary": {s: audit.count(s) for s in ("error", "warning", "notice")},
                     "findings": [terminal.finding_json(f) for f in audit.findings],
                     "facts": [{"key": f.key, "value": str(f.value), "where": f.where, "text": f.text,
                                "confidence": f.confidence} for f in audit.facts],
                     "not_extracted": audit.missing,
                     "coverage": _coverage_json(audit.coverage)})
    else:
        e = audit.evaluation
        print(f"{args.file}：{e.department.name} {e.year} 年度；用时 {audit.seconds:.2f} 秒")
        if audit.coverage is not None:
            print(f"识别与读取：{audit.coverage.summary()}")
        print()
        if audit.coverage is not None and not audit.coverage.auditable:
            print(f"无法审核：{audit.coverage.why_not_auditable()}")
        elif not audit.findings and audit.missing:  # clean only as far as it was read: say what was not
            print("已读取的内容中未发现问题；未能提取或未能核对的内容见下，不能视为没有问题。")
        else:
            print(terminal.render_findings(audit.findings))
        if audit.missing:
            print()
            print("未能提取或未能核对：")
            for line in audit.missing:
                print(f"  {line}")
    if args.report:
        from jixiao.io.audit_memo import memo_docx

        args.report.write_bytes(memo_docx(audit))
        print(f"审核意见已写入 {args.report}")
    if audit.coverage is not None and not audit.coverage.auditable:
        return EXIT_UNAUDITABLE  # a script must not take an unread report for a clean one
    return EXIT_FINDINGS if audit.count("error") else 0


def _coverage_json(coverage) -> dict | None:
    if coverage is None:
        return None
    return {"auditable": coverage.auditable, "summary": coverage.summary(),
            "why_not_auditable": None if coverage.auditable else coverage.why_not_auditable(),
            "forms": [{"template": f.template, "name": f.name, "subject": f.subject, "rows_read": f.rows_read,
                       "rows_total": f.rows_total} for f in coverage.forms],
            "removed": coverage.removed, "unread": coverage.unread}


def cmd_report(args: argparse.Namespace) -> int:
    from jixiao.io.documents import file_mark, render

    evaluation = read_evaluation(args.file)
    library = load_library(*(args.schemes or []))
    with _no_cycle_collection():  # a file that says it is generated makes documents that say so (演示生成)
        document = render(evaluation, library, args.format, shape=args.shape, with_findings=args.findings,
                          mark=file_mark(evaluation))
    output = _output_path(args.output, document.filename)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(document.content)
    except OSError as error:  # a folder that cannot be created, a file that cannot be written
        print(f"jixiao: 无法写入 {output}（{error.strerror or error}）", file=sys.stderr)
        return EXIT_USAGE
    print(f"已生成 {output}（{len(document.content) / 1024:.0f} KB）")
    return 0


@contextmanager
def _no_cycle_collection():
    """Python's cyclic garbage collector paused while one document is made: WeasyPrint builds some million objects
    for a PDF, and the collector's passes over them, which free nothing worth having before the command ends (the
    peak memory is the same, the fonts' most of it), cost a tenth of the command's CPU time. Resumed afterwards,
    for a caller that goes on (tests call `main` in their own process)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _output_path(given: str | None, filename: str) -> Path:
    """-o names a file, or a folder when it ends with a slash or is one already (`-o out/` writes out/<name>.docx,
    creating out/). Path() drops a trailing slash, so the text is looked at first."""
    if not given:
        return Path(filename)
    folder = given.endswith(("/", os.sep)) or Path(given).is_dir()
    return Path(given) / filename if folder else Path(given)


def cmd_rules(args: argparse.Namespace) -> int:
    """Validate every rule file of the cycle (monitoring, risk, result application, indicator library)."""
    from jixiao.io.rule_files import check_rule_files

    failed = 0
    results = check_rule_files()
    for path, error in results:
        print(f"{'有误' if error else '通过'}  {path}")
        if error:
            failed += 1
            for problem in error.problems:
                print(f"      {problem}")
    print(f"规则文件 {len(results)} 个，有误 {failed} 个")
    return 2 if failed else 0


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def cmd_serve(args: argparse.Namespace) -> int:
    """Set up the database (migrations, demo data the first time) and serve the web app beside a background worker."""
    _setup_django()
    from django.core.management import call_command

    from jixiao.web.demo import logins_file
    from jixiao.web.demo_logins import read_logins
    from jixiao.web.worker.supervise import serve

    call_command("check", fail_level="ERROR")  # a bad rule file stops here, with its Chinese message (rule_checks)
    call_command("migrate", interactive=False, verbosity=0)
    from jixiao.web.metrics.instruments import start_afresh

    start_afresh()  # /metrics counts from this start: the files of the last run's processes go
    if not args.no_demo:
        call_command("load_demo", full=True)
    url = f"http://{args.host}:{args.port}/"
    print(f"\njixiao 已启动：{url}（另有一个后台工作进程审核上传的报告、生成打包下载）")
    if logins_file().exists() and not args.no_demo:
        print(demo_logins_text(read_logins(logins_file())))
    sys.stdout.flush()
    web = [sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application", "--bind", f"{args.host}:{args.port}",
           "--workers", str(args.workers), "--threads", str(args.threads),
           # gunicorn's longest request line (its default is 4094): a long filter address then reaches the
           # application, which answers in Chinese, instead of gunicorn's English 414 page
           "--limit-request-line", "8190",
           "--access-logfile", "-" if args.verbose else "/dev/null"]
    worker = [sys.executable, "-m", "jixiao.cli", "worker", "--parent", str(os.getpid()), "--nice", "10"]
    return serve(web, worker)


def cmd_worker(args: argparse.Namespace) -> int:
    """Run queued background tasks (report audits, export zips) until stopped."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("jixiao.web.worker").setLevel(logging.INFO)
    _setup_django()
    if os.environ.get("JIXIAO_TASK_BACKEND") == "rq":  # the Redis option: an RQ worker runs the same tasks
        from jixiao.web.batches.rq import run_worker

        run_worker(burst=args.burst)
        return 0
    from jixiao.web.worker.process import run

    run(interval=args.interval, parent_pid=args.parent, nice=args.nice)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """Start a batch (rescoring, disclosure documents, report audits) or show batches' progress."""
    _setup_django()
    from jixiao.web.batches.command import run

    return run(args)


def demo_logins_text(logins) -> str:
    """The demo logins as `jixiao serve` prints them: the secrets stay in the file, `jixiao otp` reads them."""
    lines = ["示例账号（用户名　密码　角色）："]
    lines += [f"{x.username}\t{x.password}\t{x.role}{'　需动态口令' if x.otp_secret else ''}" for x in logins]
    lines.append("标“需动态口令”的账号（管理员、财政审核人）登录时还要输入 6 位动态口令："
                 "演示时在另一个终端运行 `jixiao otp 用户名` 取得当前口令。")
    return "\n".join(lines) + "\n"


def cmd_audit_log(args: argparse.Namespace) -> int:
    """Prove the audit log's hash chain (the database named by DATABASE_URL / JIXIAO_DATA, as `jixiao serve`)."""
    _setup_django()
    from jixiao.web.audit.verify import report

    intact, text = report()
    print(text, file=sys.stdout if intact else sys.stderr)
    return 0 if intact else EXIT_FINDINGS


def cmd_otp(args: argparse.Namespace) -> int:
    """The current code of a demo account, from the demo logins file: a stand-in for the phone a new user lacks."""
    from jixiao.web.demo_logins import current_code, default_logins_file, read_logins

    path = default_logins_file()
    if not path.exists():
        print(f"jixiao: 没有找到示例账号文件 {path}（先运行 jixiao serve 载入示例数据）", file=sys.stderr)
        return EXIT_USAGE
    found = {login.username: login for login in read_logins(path)}.get(args.username)
    if found is None or not found.otp_secret:
        print(f"jixiao: {path} 中没有示例账号 {args.username} 的动态口令密钥", file=sys.stderr)
        return EXIT_USAGE
    print(current_code(found.otp_secret))
    return 0


# ------------------------------------------------------------------------- a province in the database (issue 11)
def cmd_province_load(args: argparse.Namespace) -> int:
    """Store a generated province (one JSON per department) in the database, in bulk, with progress and the time."""
    _setup_django()
    from django.core.management import call_command

    from jixiao.web.province.load import LoadRefused, Options, load

    paths = sorted(args.directory.glob("*.json"))
    if not paths:
        print(f"jixiao: 目录 {args.directory} 中没有部门文件（*.json）；可用 python bench/generate_province.py 生成",
              file=sys.stderr)
        return EXIT_USAGE
    if args.departments:
        paths = paths[:args.departments]
    call_command("migrate", interactive=False, verbosity=0)
    options = Options(bureaus=args.bureaus, years=args.years, batch=args.batch, prefix=args.prefix)
    try:
        loaded = load(paths, options, progress=lambda line: print(line, flush=True))
    except LoadRefused as refused:
        print(f"jixiao: {refused}", file=sys.stderr)
        return EXIT_USAGE
    print(f"导入完成：{loaded.line()}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    _setup_django()
    from jixiao.web.province.backup import BackupError, backup

    try:
        print(backup(args.path))
    except BackupError as error:
        print(f"jixiao: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup_django()
    from jixiao.web.province.backup import BackupError, restore

    try:
        print(restore(args.path, force=args.force))
    except BackupError as error:
        print(f"jixiao: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def add_province_commands(sub) -> None:
    load = sub.add_parser("province-load", help="把生成的全省数据（每个部门一个 JSON）批量导入数据库：部门、自评、统计数据")
    load.add_argument("directory", type=Path, help="部门文件所在目录（bench/generate_province.py 的输出）")
    load.add_argument("--departments", type=int, metavar="N", help="只导入前 N 个部门（测试用）")
    load.add_argument("--years", type=int, choices=(1, 2), default=1, help="导入的年度数：2 = 另加上一年度")
    load.add_argument("--bureaus", type=int, default=100, help="部门依次分属的县财政局个数（默认 100）")
    load.add_argument("--batch", type=int, default=50, help="每个事务导入的部门数（默认 50）")
    load.add_argument("--prefix", default="示范省", help="财政局名称的前缀（默认 示范省）")
    load.set_defaults(run=cmd_province_load)
    backup = sub.add_parser("backup", help="备份整个数据库到文件（PostgreSQL 用 pg_dump，SQLite 用其备份接口）")
    backup.add_argument("path", type=Path, help="备份文件")
    backup.set_defaults(run=cmd_backup)
    restore = sub.add_parser("restore", help="从备份文件恢复数据库（数据库非空时须加 --force）")
    restore.add_argument("path", type=Path, help="备份文件")
    restore.add_argument("--force", action="store_true", help="覆盖非空的数据库")
    restore.set_defaults(run=cmd_restore)


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="预算绩效自评：评分、解释与审核")
    parser.add_argument("--schemes", action="append", metavar="DIR", help="另外读取此目录中的评分方案（可重复）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    score = sub.add_parser("score", help="打印自评表：指标、目标、实际、分值、得分、总分、等级")
    score.add_argument("file", type=Path, help="评价数据文件（YAML 或 JSON）")
    score.add_argument("--json", action="store_true", help="以 JSON 输出")
    score.add_argument("--all", action="store_true", help="同时打印每个项目的自评表")
    score.add_argument("--project", type=int, metavar="N", help="同时打印第 N 个项目的自评表")
    score.set_defaults(run=cmd_score)

    explain = sub.add_parser("explain", help="说明某项得分是怎样算出的")
    explain.add_argument("file", type=Path)
    explain.add_argument("path", help="如 total、projects[0]、projects[0].indicators[2]、goals[1].indicators[0]")
    explain.set_defaults(run=cmd_explain)

    check = sub.add_parser("check", help="审核：按严重程度列出问题，有错误时退出码为 1")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.add_argument("--only", action="append", metavar="CODE", help="只运行某类检查（如 SUM、RATE），可重复")
    check.set_defaults(run=cmd_check)

    schemes = sub.add_parser("schemes", help="列出评分方案与等级量表")
    schemes.set_defaults(run=cmd_schemes)
    rules = sub.add_parser("rules", help="校验绩效管理各环节的规则文件（监控预警、风险评分、结果应用、指标库）；有误时退出码为 2")
    rules.set_defaults(run=cmd_rules)
    checks = sub.add_parser("checks", help="列出所有检查")
    checks.set_defaults(run=cmd_checks)

    audit = sub.add_parser("audit", help="审核已有的自评报告（.txt、.docx、.pdf，或 jixiao 导出的 .xlsx）")
    audit.add_argument("file", type=Path)
    audit.add_argument("--json", action="store_true", help="以 JSON 输出")
    audit.add_argument("--report", type=Path, metavar="AUDIT.docx", help="另写一份审核意见（Word）")
    audit.set_defaults(run=cmd_audit)

    report = sub.add_parser("report", help="生成自评报告与表格：docx、pdf、xlsx、html，或信息公开包 zip")
    report.add_argument("file", type=Path)
    report.add_argument("--format", choices=["docx", "pdf", "xlsx", "html", "zip", "json"], default="docx")
    report.add_argument("--shape", choices=["S1", "S2", "S3", "S4", "S5"], help="报告样式（默认按评分方案）")
    report.add_argument("--findings", action="store_true", help="附上审核发现")
    report.add_argument("-o", "--output", help="输出文件，或目录（以 / 结尾或已存在；不存在时自动创建）")
    report.set_defaults(run=cmd_report)

    serve = sub.add_parser("serve", help="启动网页应用（首次运行时建库并载入示例数据）")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument("--workers", type=int, default=2, help="网页服务进程数")
    serve.add_argument("--threads", type=int, default=4, help="每个网页服务进程的线程数")
    serve.add_argument("--no-demo", action="store_true", help="不载入示例数据")
    serve.add_argument("--verbose", action="store_true", help="打印访问日志")
    serve.set_defaults(run=cmd_serve)

    worker = sub.add_parser("worker", help="运行后台任务（报告审核、打包下载）；PostgreSQL 上可在多台机器各运行若干个")
    worker.add_argument("--interval", type=float, default=1.0, help="队列为空时每隔几秒查看一次（默认 1）")
    worker.add_argument("--nice", type=int, default=0, help="降低本进程的 CPU 优先级（0–19）")
    worker.add_argument("--parent", type=int, metavar="PID", help=argparse.SUPPRESS)  # serve: exit with it
    worker.add_argument("--burst", action="store_true", help=argparse.SUPPRESS)  # rq: stop once the queue is empty
    worker.set_defaults(run=cmd_worker)

    batch = sub.add_parser("batch", help="批量任务：重新评分、生成信息公开文件、批量审核报告；查看进度")
    batch_sub = batch.add_subparsers(dest="batch_command", required=True, metavar="操作")
    rescore = batch_sub.add_parser("rescore", help="评分方案调整后，重新评分某财政局（默认全部）的全部自评")
    rescore.add_argument("--bureau", metavar="名称或编号", help="财政局（不写则为全部财政局）")
    disclosure = batch_sub.add_parser("disclosure", help="生成某财政局某年度已公开自评的 PDF 与 Excel")
    disclosure.add_argument("--bureau", metavar="名称或编号", required=True)
    disclosure.add_argument("--year", type=int, required=True)
    audit_batch = batch_sub.add_parser("audit", help="批量审核报告文件（每个文件一项）")
    audit_batch.add_argument("--bureau", metavar="名称或编号", required=True)
    audit_batch.add_argument("files", nargs="+", type=Path)
    batch_status = batch_sub.add_parser("status", help="列出最近的批量任务，或某一批量任务的进度与失败原因")
    batch_status.add_argument("id", type=int, nargs="?")
    resume = batch_sub.add_parser("resume", help="把某一批量任务中仍在排队的条目重新放入队列（如 Redis 被清空后）；可重复执行")
    resume.add_argument("id", type=int)
    batch.set_defaults(run=cmd_batch)

    audit_log = sub.add_parser("audit-log", help="审计日志：校验哈希链")
    audit_log_sub = audit_log.add_subparsers(dest="audit_log_command", required=True, metavar="操作")
    verify = audit_log_sub.add_parser("verify", help="逐条校验哈希链，指出第一条被改动的事件；完整时退出码 0，否则 1")
    verify.set_defaults(run=cmd_audit_log)

    otp = sub.add_parser("otp", help="仅用于演示：打印示例账号当前的 6 位动态口令（读取数据目录中的 demo-logins.txt）",
                         description="仅用于演示数据：示例账号的动态口令密钥保存在数据目录的 demo-logins.txt 中，"
                                     "本命令据此算出当前口令，代替新用户手边没有的手机验证器。真实账号的密钥不在该文件中。")
    otp.add_argument("username", help="示例账号的用户名，如 sysadmin、tongcheng_finance")
    otp.set_defaults(run=cmd_otp)
    add_province_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        print(f"jixiao: {error}", file=sys.stderr)
        return EXIT_USAGE
    except UnknownPath as error:
        print(f"jixiao: {error.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except FontMissing as error:
        print(f"jixiao: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `jixiao score … | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
