from django.apps import AppConfig


class BureauConfig(AppConfig):
    name = "jixiao.web.bureau"
    label = "bureau"
    verbose_name = "财政审核"
