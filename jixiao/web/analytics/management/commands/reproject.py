from django.core.management.base import BaseCommand, CommandError

from jixiao.web.analytics.projection import rebuild_all


class Command(BaseCommand):
    help = "重建统计分析数据（按每份自评当前保存的内容重新生成；可重复运行，结果相同）"

    def handle(self, *args, **options):
        count, failed = rebuild_all()
        self.stdout.write(f"已重建统计分析数据：{count} 份自评。")
        if failed:
            ids = "、".join(str(pk) for pk in failed)
            raise CommandError(f"{len(failed)} 份自评未能分析，其统计数据未更新（编号 {ids}），原因见日志。")
