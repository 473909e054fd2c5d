from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action

from .middleware import PASSWORD_CHANGE_SESSION_KEY
from .models import PendingPasswordChange


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    from .twofactor import confirmed_device

    second = "，待动态口令验证" if confirmed_device(user) is not None else ""
    record(Action.LOGIN, request, username=user.get_username(), detail=f"密码验证通过{second}")
    if PendingPasswordChange.objects.filter(user=user).exists():
        request.session[PASSWORD_CHANGE_SESSION_KEY] = True


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, request, username=user.get_username())
