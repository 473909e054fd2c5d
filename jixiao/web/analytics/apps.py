from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "jixiao.web.analytics"
    label = "analytics"
    verbose_name = "统计分析"

    def ready(self) -> None:
        # The projection follows every save of an evaluation; the evaluations app does not know it exists.
        from django.db.models.signals import post_save

        from jixiao.web.evaluations.models import Evaluation

        from .projection import on_evaluation_saved

        post_save.connect(on_evaluation_saved, sender=Evaluation, dispatch_uid="analytics.projection")
