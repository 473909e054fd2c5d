"""Frozen versions of evaluations are append-only in the database, as the audit log is (triggers.py). The
migration lives here, beside the triggers, rather than in the evaluations app."""

from django.db import migrations


def install(apps, schema_editor):
    from jixiao.web.audit import triggers

    triggers.install(schema_editor.connection, triggers.VERSION_TABLE)


def remove(apps, schema_editor):
    from jixiao.web.audit import triggers

    triggers.remove(schema_editor.connection, triggers.VERSION_TABLE)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_hash_chain"),
        ("evaluations", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, remove)]
