from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "jixiao.web.worker"
    verbose_name = "后台任务"
