from django.apps import AppConfig


class BatchesConfig(AppConfig):
    name = "jixiao.web.batches"
    verbose_name = "批量任务"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  the receiver that marks the items of lost tasks failed
