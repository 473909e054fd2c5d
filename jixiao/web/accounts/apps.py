from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_separation_trigger(sender, using="default", **kwargs):
    from django.db import connections

    from .separation import install

    install(connections[using])


class AccountsConfig(AppConfig):
    name = "jixiao.web.accounts"
    label = "accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from . import signals  # noqa: F401  login events go to the audit log

        post_migrate.connect(_install_separation_trigger, sender=self, dispatch_uid="jixiao.accounts.separation")
        from django.db.backends.signals import connection_created

        from jixiao.web.datafiles import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="jixiao.datafiles.sqlite")
