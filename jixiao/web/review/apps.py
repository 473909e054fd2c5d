from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "jixiao.web.review"
    label = "review"
    verbose_name = "抽查复核"

    def ready(self) -> None:
        # The stored risk scores follow every save of an evaluation and of a bureau score (risk_store).
        from django.db.models.signals import post_delete, post_save

        from jixiao.web.evaluations.models import Evaluation

        from .models import BureauScore
        from .risk_store import on_bureau_score_changed, on_evaluation_saved

        post_save.connect(on_evaluation_saved, sender=Evaluation, dispatch_uid="review.risk_store")
        post_save.connect(on_bureau_score_changed, sender=BureauScore, dispatch_uid="review.risk_store.score")
        post_delete.connect(on_bureau_score_changed, sender=BureauScore, dispatch_uid="review.risk_store.unscore")
