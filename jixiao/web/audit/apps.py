from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_triggers(sender, using="default", **kwargs):
    """After every migrate (and the tests' flush): SQLite loses a table's triggers whenever Django rebuilds it."""
    from django.db import connections

    from .triggers import install_all

    install_all(connections[using])


class AuditConfig(AppConfig):
    name = "jixiao.web.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="jixiao.audit.triggers")
