from django.urls import path

from accord.membership import views

app_name = "membership"

urlpatterns = [
    path("", views.members, name="members"),
    path("invite/", views.invite, name="invite"),
    path("candidates/<int:stakeholder_id>/", views.candidate_add, name="candidate_add"),
    path("invitations/<int:invitation_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("organisations/<int:membership_id>/leave/", views.membership_leave, name="leave"),
    path("organisations/<int:membership_id>/voice/", views.voice_set, name="voice"),
    path("join-requests/<int:join_request_id>/accept/", views.join_request_accept, name="join_accept"),
    path("join-requests/<int:join_request_id>/refuse/", views.join_request_refuse, name="join_refuse"),
    path("co-chairs/", views.co_chairs_set, name="co_chairs"),
    path("secretariat/", views.secretariat_add, name="secretariat"),
    path("roles/<int:seat_role_id>/end/", views.role_end, name="role_end"),
]
