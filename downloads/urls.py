from django.urls import path

from . import views

app_name = "downloads"
urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/arquivo", views.job_file, name="file"),
]
