"""The department's own score and grade kept beside the score and grade that count (the finance bureau's, where its
spot-check rescored a whole table: review.counted). Rows projected before this migration counted the department's
own, so those are copied; `reproject` then gives the spot-checked ones the bureau's."""

from django.db import migrations, models
from django.db.models import F


def copy_own(apps, schema_editor):
    for name in ("EvaluationRow", "ProjectRow"):
        apps.get_model("analytics", name).objects.update(self_score=F("score"), self_grade=F("grade"))


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0002_province_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='evaluationrow',
            name='self_grade',
            field=models.CharField(blank=True, max_length=10, verbose_name='自评等级'),
        ),
        migrations.AddField(
            model_name='evaluationrow',
            name='self_score',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=24, null=True, verbose_name='自评得分'),
        ),
        migrations.AddField(
            model_name='projectrow',
            name='self_grade',
            field=models.CharField(blank=True, max_length=10, verbose_name='自评等级'),
        ),
        migrations.AddField(
            model_name='projectrow',
            name='self_score',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=24, null=True, verbose_name='自评得分'),
        ),
        migrations.RunPython(copy_own, migrations.RunPython.noop),
    ]
