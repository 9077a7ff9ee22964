from .access import ACTIONS, can, role_of


def access(request):
    """`may.<action>` and `role` in every template, so menus show only what the user may do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"may": {}, "role": None}
    return {"may": {action: can(user, action) for action in ACTIONS}, "role": role_of(user)}
