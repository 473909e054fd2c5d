from django.core.management.base import BaseCommand

from jixiao.web.demo import load_demo, logins_file
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.organisations.models import Department


class Command(BaseCommand):
    help = "载入示例数据（三个部门及各角色用户；--full：每个财政局 12 个部门、两个年度），数据库中已有评价时不载入"

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="完整示例：另加演示生成的部门，每个财政局 12 个")

    def handle(self, *args, **options):
        if Evaluation.objects.exists():
            self.stdout.write(f"数据库中已有数据，未载入示例。示例账号见 {logins_file()}")
            return
        logins = load_demo(full=options["full"])
        departments = Department.objects.count()
        self.stdout.write(f"已载入示例数据：{departments} 个部门，{len(logins)} 个账号（{logins_file()}）。")
