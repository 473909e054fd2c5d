from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "jixiao.web.metrics"
    label = "metrics"
    verbose_name = "运行指标"

    def ready(self) -> None:
        from . import signals

        signals.connect()
