from django.apps import AppConfig


class BureauConfig(AppConfig):
    name = "jixiao.web.bureau"
    label = "bureau"
    verbose_name = "财政审核"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (its receiver marks a task's row failed when the queue fails it)
