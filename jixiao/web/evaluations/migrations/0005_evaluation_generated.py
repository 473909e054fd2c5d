"""Evaluation.generated: the evaluations the demo made up. Filled for those stored before it: every evaluation of a
department the demo generated, and the earlier years it generated for the seed departments, which said so only in
their document's title (demo_generated.mark_generated: “…（演示生成）”)."""

from django.db import migrations, models
from django.db.models import Q

GENERATED = "演示生成"  # as organisations.models.GENERATED, frozen here as the migration found it


def mark_generated(apps, schema_editor):
    evaluations = apps.get_model("evaluations", "Evaluation")
    # one UPDATE, the title read in the database: no document (tens of KB each) comes to Python
    evaluations.objects.filter(Q(department__generated=True) | Q(document__title__icontains=GENERATED)) \
        .update(generated=True)


class Migration(migrations.Migration):

    dependencies = [
        ("evaluations", "0004_imports_by_department"),
        ("organisations", "0002_department_generated"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="generated",
            field=models.BooleanField(default=False, verbose_name="演示生成"),
        ),
        migrations.RunPython(mark_generated, migrations.RunPython.noop),
    ]
