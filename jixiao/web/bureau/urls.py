from django.urls import path

from . import views

app_name = "bureau"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export_start, name="export_start"),
    path("export/<int:job_id>/", views.export_status, name="export"),
    path("export/<int:job_id>/download/", views.export_download, name="export_download"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:report_id>/", views.report, name="report"),
    path("reports/<int:report_id>/memo/", views.report_memo, name="report_memo"),
]
