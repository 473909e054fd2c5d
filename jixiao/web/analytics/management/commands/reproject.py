from django.core.management.base import BaseCommand

from jixiao.web.analytics.projection import rebuild_all


class Command(BaseCommand):
    help = "重建统计分析数据（按每份自评当前保存的内容重新生成；可重复运行，结果相同）"

    def handle(self, *args, **options):
        count = rebuild_all()
        self.stdout.write(f"已重建统计分析数据：{count} 份自评。")
