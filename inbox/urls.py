from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("hoje/", views.today, name="today"),
]
