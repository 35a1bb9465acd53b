from django.urls import URLPattern, path

from accord.landscape import views

urlpatterns: list[URLPattern] = [
    path("", views.register, name="register"),
    path("stakeholders/new/", views.stakeholder_create, name="stakeholder_create"),
    path("stakeholders/<int:stakeholder_id>/", views.stakeholder_detail, name="stakeholder"),
    path("stakeholders/<int:stakeholder_id>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path("stakeholders/<int:stakeholder_id>/delete/", views.stakeholder_delete, name="stakeholder_delete"),
    path("stakeholders/<int:stakeholder_id>/target/", views.stakeholder_target, name="stakeholder_target"),
    path("stakeholders/<int:stakeholder_id>/assess/", views.assessment_create, name="assessment_create"),
    path("stakeholders/<int:stakeholder_id>/ties/new/", views.tie_create, name="tie_create"),
    path("ties/<int:tie_id>/edit/", views.tie_edit, name="tie_edit"),
    path("ties/<int:tie_id>/delete/", views.tie_delete, name="tie_delete"),
]
