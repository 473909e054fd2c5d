from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_triggers(sender, using="default", **kwargs):
    """After every migrate (and the tests' flush): new tables get their trigger, and SQLite loses a table's
    triggers whenever Django rebuilds it."""
    from django.db import connections

    from .revision import install

    install(connections[using])


class PageCacheConfig(AppConfig):
    name = "jixiao.web.pagecache"
    label = "pagecache"
    verbose_name = "页面缓存"

    def ready(self) -> None:
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="jixiao.pagecache.triggers")
