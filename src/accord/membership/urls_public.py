"""/invitations/…: links opened by a secret token (kwarg `token`), outside any alliance."""

from django.urls import path

from accord.membership import views_public

app_name = "invitations"

urlpatterns = [
    path("join/<str:token>/", views_public.join, name="join"),
    path("<str:token>/", views_public.show, name="show"),
    path("<str:token>/accept/", views_public.accept, name="accept"),
    path("<str:token>/decline/", views_public.decline, name="decline"),
]
