from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "jixiao.web.goals"
    label = "goals"
    verbose_name = "绩效目标"

    def ready(self) -> None:
        # The stored counts of the goal sets follow every save and delete of the evaluations their checks read
        # (following.py); the evaluations app does not know goal sets exist.
        from django.db.models.signals import post_delete, post_save

        from jixiao.web.evaluations.models import Evaluation

        from .following import on_evaluation_changed

        post_save.connect(on_evaluation_changed, sender=Evaluation, dispatch_uid="goals.following")
        post_delete.connect(on_evaluation_changed, sender=Evaluation, dispatch_uid="goals.following.delete")
