"""Template context: the signed-in user's roles, for menus and buttons (the views still check every action)."""

from . import permissions
from .models import Role


def display_name(user, role_labels: list[str]) -> str:
    """The name in the header: the roles in brackets only when the name does not already say them (系统管理员, not
    系统管理员（系统管理员）; 通城县人社局 填报人, not …填报人（填报人））."""
    name = user.first_name or user.get_username()
    unsaid = [label for label in role_labels if label not in name]
    return f"{name}（{'、'.join(role_labels)}）" if unsaid else name


def _gated(request) -> bool:
    """A page the user must pass first: the middleware's verdict on this request, not asked again."""
    from .middleware import gate

    if not request.user.is_authenticated:
        return False
    return (request.jx_gate if hasattr(request, "jx_gate") else gate(request)) is not None


def roles(request):
    mine = permissions.roles(request.user)
    labels = [label for value, label in Role.choices if value in mine]
    return {
        # a page the user must pass first (the code of the authenticator, a new password): no menu leads past it
        "gated": _gated(request),
        "my_roles": mine,
        "role_labels": labels,
        "who": display_name(request.user, labels) if request.user.is_authenticated else "",
        "is_preparer": Role.PREPARER in mine,
        "is_department_reviewer": Role.DEPARTMENT_REVIEWER in mine,
        "is_finance_reviewer": Role.FINANCE_REVIEWER in mine,
        "is_system_admin": Role.SYSTEM_ADMIN in mine,
        "is_security_admin": Role.SECURITY_ADMIN in mine,
        "is_audit_admin": Role.AUDIT_ADMIN in mine,
    }
