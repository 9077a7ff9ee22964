from django.apps import AppConfig


class FormioConfig(AppConfig):
    name = "formio"
    verbose_name = "Formulário (leitura e impressão)"
