from django.urls import path

from accord.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_create, name="create"),
    path("<int:api_token_id>/revoke/", views.token_revoke, name="revoke"),
]
