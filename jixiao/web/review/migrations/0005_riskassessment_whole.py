"""A stored risk score keeps the evaluation's own points and its number of projects beside the whole record, so that
the ranking's rows read these instead of extracting them from the record (with its projects' points, hundreds of KB
a department) on every page. Filled from each stored record: nothing is computed again."""

from django.db import migrations, models

BATCH = 200


def fill_from_points(apps, schema_editor):
    assessments = apps.get_model("review", "RiskAssessment")
    changed = []
    for assessment in assessments.objects.only("pk", "points").iterator(chunk_size=BATCH):
        points = assessment.points or {}
        assessment.whole, assessment.project_count = points.get("evaluation", {}), len(points.get("projects", []))
        changed.append(assessment)
        if len(changed) == BATCH:
            assessments.objects.bulk_update(changed, ["whole", "project_count"])
            changed = []
    assessments.objects.bulk_update(changed, ["whole", "project_count"])


class Migration(migrations.Migration):
    dependencies = [("review", "0004_risk_reasons_as_shown")]
    operations = [
        migrations.AddField("riskassessment", "whole", models.JSONField(default=dict, verbose_name="本评价的控制点"),
                            preserve_default=False),
        migrations.AddField("riskassessment", "project_count",
                            models.PositiveIntegerField(default=0, verbose_name="评分的项目数"), preserve_default=False),
        migrations.RunPython(fill_from_points, migrations.RunPython.noop),
    ]
