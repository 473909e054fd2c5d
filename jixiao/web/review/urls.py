from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.index, name="index"),
    path("evaluations/<int:pk>/", views.spot_check, name="spot_check"),
    path("evaluations/<int:pk>/risks/", views.project_risks, name="project_risks"),
]
