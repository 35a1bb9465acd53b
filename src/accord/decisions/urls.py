"""Decisions: /a/<alliance_slug>/decisions/."""

from django.urls import URLPattern, path

from accord.decisions import views

app_name = "decisions"

urlpatterns: list[URLPattern] = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path("<int:proposal_id>/", views.proposal_detail, name="detail"),
    path("<int:proposal_id>/vote/", views.vote_cast, name="vote"),
    path("<int:proposal_id>/open/", views.proposal_open, name="open"),
    path("<int:proposal_id>/close/", views.proposal_close, name="close"),
    path("<int:proposal_id>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("<int:proposal_id>/statement/", views.proposal_statement, name="statement"),
    path("<int:proposal_id>/results.csv", views.results_csv, name="results_csv"),
]
