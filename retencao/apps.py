"""Two libraries' apps under Portuguese names in the admin (their models' names come from
locale/pt_BR, their app names are plain strings that no translation reaches)."""

from axes.apps import AppConfig as AxesAppConfig
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "Bloqueio de entrada (django-axes)"


class TasksConfig(TasksAppConfig):
    verbose_name = "Tarefas em segundo plano"
