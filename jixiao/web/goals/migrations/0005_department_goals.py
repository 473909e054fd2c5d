"""The department's goals of a goal set kept apart (`goals`: each annual goal's text, weight and indicators) instead of
one overall `goal` with one `indicators` table: every stored document and revision moves its one goal into the list
(nothing else changes; JSON on SQLite and PostgreSQL alike)."""

from django.db import migrations


def _apart(document):
    if not isinstance(document, dict) or isinstance(document.get("goals"), list):
        return None
    moved = {key: value for key, value in document.items() if key not in ("goal", "indicators")}
    goal = {"goal": document.get("goal") or "", "indicators": document.get("indicators") or []}
    moved["goals"] = [goal]  # an empty one too: the page's first goal, to write (as a new goal set starts)
    return moved


def forwards(apps, schema_editor):
    for name in ("GoalSet", "GoalRevision"):
        model = apps.get_model("goals", name)
        for row in model.objects.only("pk", "document").iterator():
            moved = _apart(row.document)
            if moved is not None:
                model.objects.filter(pk=row.pk).update(document=moved)


class Migration(migrations.Migration):
    dependencies = [("goals", "0004_goalset_project_count")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
