from django.db import migrations, models


def count_projects(apps, schema_editor):
    """Each goal set's projects counted from its document as it stands (summarise counts them at every save after)."""
    GoalSet = apps.get_model("goals", "GoalSet")
    counted = []
    for pk, document in GoalSet.objects.values_list("pk", "document").iterator(chunk_size=500):
        counted.append(GoalSet(pk=pk, project_count=len((document or {}).get("projects") or [])))
        if len(counted) >= 500:
            GoalSet.objects.bulk_update(counted, ["project_count"])
            counted = []
    GoalSet.objects.bulk_update(counted, ["project_count"])


class Migration(migrations.Migration):

    dependencies = [
        ("goals", "0003_goal_revisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="goalset",
            name="project_count",
            field=models.PositiveIntegerField(default=0, verbose_name="项目数"),
        ),
        migrations.RunPython(count_projects, migrations.RunPython.noop),
    ]
