from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/framework/", views.framework, name="framework"),
    path("<int:pk>/edit/<str:key>/", views.section, name="section"),
    path("<int:pk>/preview/<str:key>/", views.preview, name="preview"),
    path("<int:pk>/workflow/<str:action>/", views.workflow, name="workflow"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/versions/<int:number>.json", views.version_document, name="version_document"),
    path("<int:pk>/explain/", views.explain, name="explain"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
]
