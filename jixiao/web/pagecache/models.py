from django.db import models


class TableRevision(models.Model):
    """Counts committed writes per table, for the page cache (`pagecache.revision`). Written only by database
    triggers: on PostgreSQL one row per table and server process ("table:pid"; `fold` merges ended processes' rows
    into the row keyed by the table's name), so that concurrent transactions never wait on each other's row; on
    SQLite (one writer at a time) one row per table. A table's revision is the sum of its rows; the row "*" moves
    every page's (migrations, restores)."""

    key = models.CharField(primary_key=True, max_length=200)
    table_name = models.CharField(max_length=100)
    n = models.BigIntegerField(default=0)

    class Meta:
        db_table = "jx_table_revision"
        verbose_name = "数据表修订号"
