from django.urls import path

from accord.membership import views

app_name = "membership"

urlpatterns = [
    path("", views.members, name="members"),
    path("roles/<int:seat_role_id>/end/", views.role_end, name="role_end"),
]
