"""The four roles of the retention team, as Django groups."""

ANALYST = "Analista"
SUPERVISOR = "Supervisor"
MANAGER = "Gestor"
ADMINISTRATOR = "Administrador"

ROLES = (ANALYST, SUPERVISOR, MANAGER, ADMINISTRATOR)

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
