from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("casos/<int:pk>/comentarios/", views.comment_add, name="add"),
    path("casos/<int:pk>/anexos/", views.attachment_add, name="attachment_add"),
    path("anexos/<int:pk>/", views.attachment_download, name="attachment"),
]
