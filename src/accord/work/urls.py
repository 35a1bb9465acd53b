"""Work: /a/<alliance_slug>/work/ (the board, working groups, activities; resources and the gap
view in urls_resources; import and export in urls_io)."""

from django.urls import URLPattern, URLResolver, include, path

from accord.work import views

app_name = "work"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.board, name="board"),
    path("timeline/", views.timeline, name="timeline"),
    path("settings/", views.work_settings, name="settings"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:working_group_id>/", views.group_detail, name="group"),
    path("groups/<int:working_group_id>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:working_group_id>/timeline/", views.group_timeline, name="group_timeline"),
    path("groups/<int:working_group_id>/close/", views.group_close, name="group_close"),
    path("groups/<int:working_group_id>/reopen/", views.group_reopen, name="group_reopen"),
    path("groups/<int:working_group_id>/members/add/", views.group_member_add, name="group_member_add"),
    path(
        "groups/<int:working_group_id>/members/<int:stakeholder_id>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/status/", views.activity_status, name="activity_status"),
    path("activities/<int:activity_id>/progress/", views.activity_progress, name="activity_progress"),
    path("activities/<int:activity_id>/comment/", views.activity_comment, name="activity_comment"),
    path("activities/<int:activity_id>/approve/", views.activity_approve, name="activity_approve"),
    path("", include("accord.work.urls_resources")),
    path("", include("accord.work.urls_io")),
]
