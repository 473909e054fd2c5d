from django.apps import AppConfig


class ResultApplicationConfig(AppConfig):
    name = "jixiao.web.result_application"
    label = "result_application"
    verbose_name = "结果应用"
