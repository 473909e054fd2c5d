"""Why the score that counts counts, kept beside it (reviewed.Counted.reason), so that the bureau's list and the
rankings read it instead of making a Counted of each row. Rows projected before this migration: those whose score is
the department's own get the core's words for it (按自评得分); those the bureau's spot-check rescored are left empty
until `reproject` writes the bureau's reason, with the 自评偏差 (the lists then show the scores without it)."""

from django.db import migrations, models

OWN = "按自评得分"  # reviewed.Counted.reason of the department's own score, as the core said it at this migration


def own_reason(apps, schema_editor):
    apps.get_model("analytics", "EvaluationRow").objects.exclude(score_source="reviewed").update(score_reason=OWN)


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0003_self_score_beside_bureau_score'),
    ]

    operations = [
        migrations.AddField(
            model_name='evaluationrow',
            name='score_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='得分依据'),
        ),
        migrations.RunPython(own_reason, migrations.RunPython.noop),
    ]
