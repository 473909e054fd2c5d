from django.db import migrations, models



def add_triggers(apps, schema_editor):
    from jixiao.web.audit.triggers import install

    install(schema_editor.connection, "audit_auditevent")


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("time", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间")),
                ("username", models.CharField(blank=True, max_length=150, verbose_name="用户")),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP")),
                ("action", models.CharField(choices=[("login", "登录"), ("login_failed", "登录失败"), ("locked_out", "账户锁定"), ("logout", "退出"), ("permission_denied", "越权访问被拒绝"), ("change", "修改数据"), ("create", "新建"), ("workflow", "流程操作"), ("admin", "管理操作"), ("security", "安全设置")], db_index=True, max_length=30, verbose_name="操作")),
                ("object_type", models.CharField(blank=True, max_length=50, verbose_name="对象类型")),
                ("object_id", models.CharField(blank=True, max_length=50, verbose_name="对象")),
                ("field", models.CharField(blank=True, max_length=300, verbose_name="字段")),
                ("old_value", models.TextField(blank=True, verbose_name="原值")),
                ("new_value", models.TextField(blank=True, verbose_name="新值")),
                ("detail", models.TextField(blank=True, verbose_name="说明")),
            ],
            options={"verbose_name": "审计事件", "ordering": ["-time", "-id"]},
        ),
        migrations.RunPython(add_triggers, migrations.RunPython.noop),
    ]
