"""The messages Accord sent a person about one alliance: /a/<alliance_slug>/inbox/."""

from django.urls import path

from accord.core import views_inbox

app_name = "inbox"

urlpatterns = [
    path("", views_inbox.inbox, name="list"),
    path("<int:notice_id>/read/", views_inbox.mark_read, name="read"),
]
