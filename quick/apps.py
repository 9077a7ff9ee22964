from django.apps import AppConfig


class QuickConfig(AppConfig):
    name = "quick"
    verbose_name = "Digitação rápida"
