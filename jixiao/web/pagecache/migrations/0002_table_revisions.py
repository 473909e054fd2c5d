"""One revision per table instead of one for the whole database: the new table, every trigger replaced (the old ones
write the old table, so they go first, in this migration, before any later data step fires them), the old table
dropped."""

from django.db import migrations, models


def replace_triggers(apps, schema_editor):
    from jixiao.web.pagecache.revision import install

    install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="TableRevision",
            fields=[
                ("key", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("table_name", models.CharField(max_length=100)),
                ("n", models.BigIntegerField(default=0)),
            ],
            options={"db_table": "jx_table_revision", "verbose_name": "数据表修订号"},
        ),
        migrations.RunPython(replace_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataRevision"),
    ]
