from django.urls import path

from . import importing, views
from .editing import EntryView

app_name = "evaluations"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_new, name="new"),
    path("import/", importing.imports_page, name="imports"),
    path("import/<int:report_id>/", importing.import_page, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/framework/", EntryView.as_view(), name="framework"),
    path("<int:pk>/edit/<str:key>/", EntryView.as_view(), name="section"),
    path("<int:pk>/preview/<str:key>/", EntryView.as_view(preview=True), name="preview"),
    path("<int:pk>/workflow/<str:action>/", views.workflow, name="workflow"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/versions/<int:number>.json", views.version_document, name="version_document"),
    path("<int:pk>/explain/", views.explain, name="explain"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
]
