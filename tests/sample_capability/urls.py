from django.urls import path

from tests.sample_capability import views

app_name = "sample_capability"

urlpatterns = [
    path("", views.motions, name="list"),
    path("<int:motion_id>/", views.motion, name="detail"),
]
