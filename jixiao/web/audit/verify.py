"""`jixiao audit-log verify`: prove the hash chain, or name the first broken event."""

from __future__ import annotations

from django.utils import timezone

from .chain import verify


def report() -> tuple[bool, str]:
    result = verify()
    if result.intact:
        return True, (f"审计日志完整：共 {result.count} 条事件，哈希链逐条相符。\n"
                      f"链尾哈希 {result.head}（可另行记下，日后比对可发现末尾事件被删除）")
    broken = result.first_break
    when = timezone.localtime(broken.time).strftime("%Y-%m-%d %H:%M:%S") if broken.time else "未知时间"
    return False, (f"审计日志已被改动：第 {broken.seq} 条事件（编号 {broken.event_id}，{when}）{broken.reason}。\n"
                   f"其前 {result.count} 条事件完好。")
