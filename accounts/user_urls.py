from django.urls import path

from . import user_views

app_name = "users"

urlpatterns = [
    path("", user_views.user_list, name="list"),
    path("novo/", user_views.user_new, name="new"),
    path("<int:pk>/", user_views.user_edit, name="edit"),
]
