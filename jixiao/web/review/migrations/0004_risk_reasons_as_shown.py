"""The risk points' reasons show what a reader can check by hand now: the indicators' points to 2 places and the
score rate those points give ("93.98%（75.18/80 分）"), which rate is higher and by how much ("得分率低 0.21 个百分点",
not "相差 -0.21"), whose indicator an example is (项目“X”的“项目成本控制”). Stored scores keep the reasons they were
computed with, so they are dropped: `risk_store.refresh_stale` recomputes every submitted evaluation without one the
next time a ranking or analytics page is read."""

from django.db import migrations


def drop_stored_scores(apps, schema_editor):
    apps.get_model("review", "RiskAssessment").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0003_risk_reasons_in_words")]
    operations = [migrations.RunPython(drop_stored_scores, migrations.RunPython.noop)]
