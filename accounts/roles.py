"""The four roles of the retention team, as Django groups."""

ANALYST = "Analista"
SUPERVISOR = "Supervisor"
MANAGER = "Gestor"
ADMINISTRATOR = "Administrador"

ROLES = (ANALYST, SUPERVISOR, MANAGER, ADMINISTRATOR)

# The roles that work cases, and so the only ones a case can be assigned to (never a Gestor
# nor an Administrador without one of these): cases.services.case_assign keeps the rule.
WORKS_CASES = (ANALYST, SUPERVISOR)


def case_workers():
    """The active users of a role that works cases, by name: who a case can be given to,
    and who the queue's "Colaborador" filter lists."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, groups__name__in=WORKS_CASES)
    return users.distinct().order_by("first_name", "last_name", "username")


# What an administrator edits in the admin: reference data and users.
ADMINISTRATOR_MODELS = (
    ("cases", "operator"),
    ("cases", "requester"),
    ("cases", "responsiblesector"),
    ("cases", "retentionaction"),
    ("cases", "terminationreason"),
    ("cases", "deadlinepolicy"),
    ("auth", "user"),
)
