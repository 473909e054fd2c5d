"""Refusals are logged: a view that requires a role says so with this decorator."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from jixiao.web.audit.log import denied

from .permissions import has_role


def role_required(*wanted: str):
    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *wanted):
                denied(request, "缺少所需角色")
                raise PermissionDenied("您没有执行此操作的权限。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
