"""Texts the supervisors keep for contact notes ("Enviado WhatsApp, sem resposta")."""

from django.db import models

NAME_MAX = 80
TEXT_MAX = 2_000


class ContactTemplate(models.Model):
    name = models.CharField("nome", max_length=NAME_MAX, unique=True)
    text = models.TextField("texto da observação", max_length=TEXT_MAX)
    active = models.BooleanField(
        "ativo", default=True, help_text="Desmarque para tirá-lo da lista sem apagá-lo."
    )
    position = models.PositiveSmallIntegerField("ordem na lista", default=0)

    class Meta:
        verbose_name = "modelo de observação de contato"
        verbose_name_plural = "modelos de observação de contato"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
