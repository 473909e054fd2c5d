from django.urls import path

from . import views

app_name = "result_application"
urlpatterns = [path("", views.index, name="index")]
