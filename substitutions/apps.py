from django.apps import AppConfig


class SubstitutionsConfig(AppConfig):
    name = "substitutions"
    verbose_name = "Substituição de prestadores (ANS)"
