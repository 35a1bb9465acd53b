"""Framework documents and formal/informal elements: /a/<alliance_slug>/framework/."""

from django.urls import URLPattern, path

from accord.framework import views

app_name = "framework"

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("generate/", views.generate, name="generate"),
    path("elements/", views.elements, name="elements"),
    path("elements/defaults/", views.elements_defaults, name="elements_defaults"),
    path("elements/<int:framework_element_id>/", views.element_update, name="element"),
    path("<int:framework_document_id>/", views.document, name="document"),
    path("<int:framework_document_id>/docx/", views.document_docx, name="docx"),
    path("<int:framework_document_id>/pdf/", views.document_pdf, name="pdf"),
]
