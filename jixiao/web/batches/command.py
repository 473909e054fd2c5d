"""`jixiao batch`: start a batch from the command line, or show batches and their progress."""

from __future__ import annotations

import sys
from pathlib import Path

from jixiao.web import params
from jixiao.web.organisations.models import FinanceBureau

from . import services, starting
from .models import Batch, BatchItem


def _bureau(given: str | None):
    if not given:
        return None
    found = FinanceBureau.objects.filter(name=given).first()
    if found is None and params.integer(given) > 0:
        found = FinanceBureau.objects.filter(pk=params.integer(given)).first()
    if found is None:
        raise LookupError(f"没有名为（或编号为）“{given}”的财政局")
    return found


def run(args) -> int:
    try:
        bureau = _bureau(getattr(args, "bureau", None))
    except LookupError as error:
        print(f"jixiao: {error}", file=sys.stderr)
        return 2
    if args.batch_command == "rescore":
        batch = starting.start_rescore(bureau=bureau)
    elif args.batch_command == "disclosure":
        if bureau is None:
            print("jixiao: 请用 --bureau 指明财政局", file=sys.stderr)
            return 2
        batch = starting.start_disclosure(bureau=bureau, year=args.year)
    elif args.batch_command == "audit":
        if bureau is None:
            print("jixiao: 请用 --bureau 指明财政局", file=sys.stderr)
            return 2
        files = []
        for path in args.files:
            try:
                files.append((Path(path).name, Path(path).read_bytes()))
            except OSError as error:
                print(f"jixiao: 无法读取 {path}（{error.strerror or error}）", file=sys.stderr)
                return 2
        batch = starting.start_audit(bureau=bureau, files=files)
    elif args.batch_command == "resume":
        print(f"已重新排队 {services.resume(args.id)} 项")
        return 0
    else:
        return status(args.id)
    print(f"已发起{batch.get_kind_display()} #{batch.pk}，共 {batch.total} 项；由 jixiao worker 执行，"
          f"用 jixiao batch status {batch.pk} 查看进度")
    return 0


def status(batch_id: int | None) -> int:
    if batch_id is None:
        for batch in Batch.objects.select_related("finance_bureau")[:20]:
            print(f"#{batch.pk}\t{batch.get_kind_display()}\t{batch.finance_bureau or '全部财政局'}\t"
                  f"{batch.total} 项\t{batch.get_state_display()}")
        return 0
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        print(f"jixiao: 没有批量任务 #{batch_id}", file=sys.stderr)
        return 2
    counts = services.counts(batch.pk)
    shown = "，".join(f"{label} {counts[value]}" for value, label in BatchItem.State.choices)
    print(f"#{batch.pk} {batch.get_kind_display()}（{batch.get_state_display()}）：共 {batch.total} 项，{shown}")
    for item in batch.items.filter(state=BatchItem.State.FAILED):
        print(f"  失败：{item.label or item.key}：{item.error}")
    return 0
