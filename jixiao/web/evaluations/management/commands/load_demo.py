from django.core.management.base import BaseCommand

from jixiao.web.demo import load_demo, logins_file
from jixiao.web.evaluations.models import Evaluation


class Command(BaseCommand):
    help = "载入示例数据（三个部门及各角色用户），数据库中已有评价时不载入"

    def handle(self, *args, **options):
        if Evaluation.objects.exists():
            self.stdout.write(f"数据库中已有数据，未载入示例。示例账号见 {logins_file()}")
            return
        logins = load_demo()
        self.stdout.write(f"已载入示例数据：3 个部门，{len(logins)} 个账号（{logins_file()}）。")
