from django.urls import re_path

from . import export_views

app_name = "exports"
urlpatterns = [
    re_path(r"^casos\.(?P<fmt>xlsx|csv|json)$", export_views.case_list, name="list"),
    re_path(r"^formularios\.zip$", export_views.forms_zip, name="forms_zip"),
    re_path(
        r"^caso/(?P<pk>[0-9]+)\.(?P<fmt>pdf|docx)$",
        export_views.case_document,
        name="case_document",
    ),
]
