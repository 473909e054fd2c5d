from django.urls import path

from . import views
from .api import api

app_name = "api"
urlpatterns = [
    path("", views.index, name="index"),
    path("tokens/<int:token_id>/revoke/", views.revoke, name="revoke"),
    path("", api.urls),  # the REST API and /api/openapi.json
]
