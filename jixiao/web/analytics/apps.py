from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "jixiao.web.analytics"
    label = "analytics"
    verbose_name = "统计分析"
