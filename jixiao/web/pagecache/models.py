from django.db import models


class DataRevision(models.Model):
    """Counts committed writes, for the page cache (`pagecache.revision`). Written only by database triggers: on
    PostgreSQL one row per server process (its pid), so that concurrent transactions never wait on each other's row;
    on SQLite (one writer at a time) one row. The revision is the sum of the rows: it grows with every commit that
    writes a table a page can show."""

    key = models.BigIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        db_table = "jx_data_revision"
        verbose_name = "数据修订号"
