from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("", views.index, name="index"),
    path("library/", views.library, name="library"),
    path("<int:goal_set_id>/", views.detail, name="detail"),
    # not ".../edit/": the crawl takes every such page for an evaluation's entry page
    path("<int:goal_set_id>/fill/", views.edit, name="edit"),
    path("<int:goal_set_id>/checks/", views.checks, name="checks"),
]
