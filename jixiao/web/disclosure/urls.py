from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("bureaus/<int:bureau_id>/", views.bureau, name="bureau"),
    path("evaluations/<int:evaluation_id>/", views.evaluation, name="evaluation"),
    path("evaluations/<int:evaluation_id>/data.json", views.evaluation_json, name="evaluation_json"),
    path("evaluations/<int:evaluation_id>/download/<str:fmt>/", views.download, name="download"),
    path("data/", views.data, name="data"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    path("data/evaluations.json", views.data_json, name="data_json"),
    path("data/<str:resource>.csv", views.data_csv, name="data_csv"),
    path("manage/", views.manage, name="manage"),
]
