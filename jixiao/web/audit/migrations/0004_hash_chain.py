"""The audit log becomes a hash chain: events already written are numbered in the order they were written and
chained, once, here (the only place that lifts the append-only triggers outside the tests)."""

from django.db import migrations, models
import django.utils.timezone


def chain_existing_events(apps, schema_editor):
    from jixiao.web.audit import chain, triggers

    connection = schema_editor.connection
    triggers.remove(connection, triggers.AUDIT_TABLE)
    AuditEvent = apps.get_model("audit", "AuditEvent")
    previous, batch = chain.GENESIS, []
    for seq, event in enumerate(AuditEvent.objects.order_by("id").iterator(chunk_size=2000), start=1):
        event.seq, event.previous_hash = seq, previous
        event.hash = previous = chain.digest(event)
        batch.append(event)
        if len(batch) == 2000:
            AuditEvent.objects.bulk_update(batch, ["seq", "previous_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["seq", "previous_hash", "hash"])
    triggers.install(connection, triggers.AUDIT_TABLE)


def reinstall_triggers(apps, schema_editor):
    """SQLite drops a table's triggers when Django rebuilds it to alter a column, as the steps above may."""
    from jixiao.web.audit import triggers

    triggers.install(schema_editor.connection, triggers.AUDIT_TABLE)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_alter_auditevent_action"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="time",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(null=True, verbose_name="序号"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64, verbose_name="前一事件哈希"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="哈希"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(unique=True, verbose_name="序号"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="前一事件哈希"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="哈希"),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["-seq"], "verbose_name": "审计事件"},
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(choices=[("login", "登录"), ("login_failed", "登录失败"), ("locked_out", "账户锁定"), ("logout", "退出"), ("permission_denied", "越权访问被拒绝"), ("change", "修改数据"), ("create", "新建"), ("workflow", "流程操作"), ("admin", "管理操作"), ("security", "安全设置"), ("export", "导出文档"), ("import", "导入并审核报告"), ("address_blocked", "来源地址封禁")], db_index=True, max_length=30, verbose_name="操作"),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
