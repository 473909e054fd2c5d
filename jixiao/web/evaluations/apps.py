from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "jixiao.web.evaluations"
    label = "evaluations"
    verbose_name = "绩效自评"

    def ready(self) -> None:
        from jixiao.web import rule_checks  # noqa: F401  (registers the rule files' start-up check)
