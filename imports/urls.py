from django.urls import path

from . import review_views, views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("lote/<int:pk>/", views.batch, name="batch"),
    path("lote/<int:pk>/confirmar/", views.confirm, name="confirm"),
    path("lote/<int:pk>/escolhas/", views.choose, name="choose"),
    path("lote/<int:pk>/retomar/", views.resume, name="resume"),
    path("arquivo/<int:pk>/original/", views.original, name="original"),
    path("arquivo/<int:pk>/revisar/", review_views.review, name="review"),
    path("arquivo/<int:pk>/imagem/", review_views.review_page, name="review_page"),
]
