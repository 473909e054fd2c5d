from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.index, name="index"),
    path("rankings/", views.rankings, name="rankings"),
    path("trends/", views.trends, name="trends"),
    path("distributions/", views.distributions, name="distributions"),
]
