from django.urls import path

from . import views

app_name = "result_application"
urlpatterns = [
    path("", views.index, name="index"),
    path("years/<int:year>/table.xlsx", views.year_workbook, name="year_workbook"),
    path("evaluations/<int:pk>/", views.suggestions, name="suggestions"),
    path("evaluations/<int:pk>/table.xlsx", views.workbook, name="workbook"),
    path("evaluations/<int:pk>/notices/new/", views.notice_new, name="notice_new"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:notice_id>/", views.notice, name="notice"),
]
