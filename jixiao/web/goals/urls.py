from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("", views.index, name="index"),
    path("library/", views.library, name="library"),
    path("<int:goal_set_id>/", views.detail, name="detail"),
    path("<int:goal_set_id>/edit/", views.edit, name="edit"),
    path("<int:goal_set_id>/checks/", views.checks, name="checks"),
]
