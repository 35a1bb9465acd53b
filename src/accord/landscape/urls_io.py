from django.urls import URLPattern, path

from accord.landscape import views_io

urlpatterns: list[URLPattern] = [
    path("io/", views_io.io_page, name="io"),
    path("io/template/", views_io.import_template, name="import_template"),
    path("io/export/", views_io.export, name="export"),
    path("io/imports/", views_io.import_upload, name="import_upload"),
    path("io/imports/<int:import_job_id>/", views_io.import_job, name="import_job"),
    path("io/imports/<int:import_job_id>/progress/", views_io.import_job_progress, name="import_job_progress"),
    path("io/imports/<int:import_job_id>/values/", views_io.import_job_values, name="import_job_values"),
    path("io/imports/<int:import_job_id>/read-again/", views_io.import_job_read_again, name="import_job_read_again"),
    path("io/imports/<int:import_job_id>/commit/", views_io.import_job_commit, name="import_job_commit"),
    path("io/imports/<int:import_job_id>/discard/", views_io.import_job_discard, name="import_job_discard"),
]
