from django.urls import path

from accord.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
]
