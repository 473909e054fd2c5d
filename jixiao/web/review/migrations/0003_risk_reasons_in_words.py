"""The risk points' reasons name checks in words now ("“同一事项在文中各处数值一致” 2 个", not "FACT.CONFLICT 2 个").
Stored scores keep the reasons they were computed with, so they are dropped: `risk_store.refresh_stale` recomputes
every submitted evaluation without one the next time a ranking or analytics page is read."""

from django.db import migrations


def drop_stored_scores(apps, schema_editor):
    apps.get_model("review", "RiskAssessment").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0002_riskassessment")]
    operations = [migrations.RunPython(drop_stored_scores, migrations.RunPython.noop)]
