from django.urls import path

from . import views

app_name = "batches"
urlpatterns = [
    # one route: the list, a batch (?batch=ID) and the forms that start one, so that every page is linked
    path("", views.index, name="index"),
]
