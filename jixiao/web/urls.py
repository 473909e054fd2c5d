from django.urls import include, path

from jixiao.web.evaluations import views as evaluation_views

urlpatterns = [
    path("", evaluation_views.home, name="home"),
    path("health/", evaluation_views.health, name="health"),
    path("metrics", include("jixiao.web.metrics.urls")),  # Prometheus; this machine or a token only
    path("accounts/", include("jixiao.web.accounts.urls")),
    path("evaluations/", include("jixiao.web.evaluations.urls")),
    path("bureau/", include("jixiao.web.bureau.urls")),
    path("audit/", include("jixiao.web.audit.urls")),
    path("goals/", include("jixiao.web.goals.urls")),
    path("monitoring/", include("jixiao.web.monitoring.urls")),
    path("review/", include("jixiao.web.review.urls")),
    path("results/", include("jixiao.web.result_application.urls")),
    path("analytics/", include("jixiao.web.analytics.urls")),
    path("public/", include("jixiao.web.disclosure.urls")),
    path("api/", include("jixiao.web.api.urls")),
    path("batches/", include("jixiao.web.batches.urls")),
]

handler400 = "jixiao.web.errors.bad_request"
handler403 = "jixiao.web.errors.forbidden"
handler404 = "jixiao.web.errors.not_found"
handler500 = "jixiao.web.errors.server_error"
