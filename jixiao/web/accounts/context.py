"""Template context: the signed-in user's roles, for menus and buttons (the views still check every action)."""

from . import permissions
from .models import Role


def roles(request):
    mine = permissions.roles(request.user)
    return {
        "my_roles": mine,
        "role_labels": [label for value, label in Role.choices if value in mine],
        "is_preparer": Role.PREPARER in mine,
        "is_department_reviewer": Role.DEPARTMENT_REVIEWER in mine,
        "is_finance_reviewer": Role.FINANCE_REVIEWER in mine,
        "is_system_admin": Role.SYSTEM_ADMIN in mine,
        "is_security_admin": Role.SECURITY_ADMIN in mine,
        "is_audit_admin": Role.AUDIT_ADMIN in mine,
    }
